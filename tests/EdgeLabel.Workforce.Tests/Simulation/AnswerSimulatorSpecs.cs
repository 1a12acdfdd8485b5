using EdgeLabel.GroundTruth.Embedded;
using EdgeLabel.Workforce.Api;
using EdgeLabel.Workforce.Simulation;

namespace EdgeLabel.Workforce.Tests.Simulation;

public sealed class AnswerSimulatorSpecs
{
    private static readonly ImageSize Image = new(500, 375);
    private static readonly string[] Labels = ["face", "hand"];

    private static readonly AnswerBox[] Truth =
    [
        new("face", 100.25, 80.5, 60.75, 70.125),
        new("face", 300, 150, 45, 52),
        new("hand", 10.1, 20.2, 30.3, 40.4),
    ];

    private static WorkerProfile Profile(int seed = 1) => WorkerProfile.Perfect("w1", "token-w1", seed);

    [Fact]
    public void A_zero_error_profile_draws_exactly_the_truth()
    {
        for (var seed = 0; seed < 20; seed++)
            Assert.Equal(Truth, AnswerSimulator.Simulate(Truth, Image, Labels, Profile(), new Random(seed)));
    }

    [Fact]
    public void A_miss_rate_of_one_drops_every_box()
    {
        var profile = Profile() with { MissRate = 1, JitterPixels = 3 };
        for (var seed = 0; seed < 20; seed++)
            Assert.Empty(AnswerSimulator.Simulate(Truth, Image, Labels, profile, new Random(seed)));
    }

    [Fact]
    public void A_miss_rate_of_one_half_drops_about_half_of_the_boxes()
    {
        var profile = Profile() with { MissRate = 0.5 };
        var drawn = Enumerable.Range(0, 400).Sum(seed => AnswerSimulator.Simulate(Truth, Image, Labels, profile, new Random(seed)).Count);
        Assert.InRange(drawn, 400 * 3 * 0.4, 400 * 3 * 0.6);
    }

    [Fact]
    public void Jitter_moves_every_edge_but_never_further_than_the_profile_allows()
    {
        var profile = Profile() with { JitterPixels = 2, JitterFraction = 0.1 };
        var moved = 0;
        for (var seed = 0; seed < 200; seed++)
        {
            var answer = AnswerSimulator.Simulate(Truth, Image, Labels, profile, new Random(seed));
            Assert.Equal(Truth.Length, answer.Count);
            for (var i = 0; i < Truth.Length; i++)
            {
                var (t, a) = (Truth[i], answer[i]);
                Assert.Equal(t.Label, a.Label);
                var dx = 2 + 0.1 * t.Width + 1e-9;
                var dy = 2 + 0.1 * t.Height + 1e-9;
                Assert.InRange(Math.Abs(a.Left - t.Left), 0, dx);
                Assert.InRange(Math.Abs(a.Right - t.Right), 0, dx);
                Assert.InRange(Math.Abs(a.Top - t.Top), 0, dy);
                Assert.InRange(Math.Abs(a.Bottom - t.Bottom), 0, dy);
                if (a != t) moved++;
            }
        }
        Assert.True(moved > 590, $"only {moved} of 600 boxes moved");
    }

    [Fact]
    public void Boxes_are_clipped_to_the_image_and_boxes_left_empty_are_dropped()
    {
        AnswerBox[] reference = [new("face", -20, -10, 60, 50), new("face", 480, 360, 40, 30), new("face", 600, 10, 20, 20)];
        var answer = AnswerSimulator.Simulate(reference, Image, Labels, Profile(), new Random(1));
        Assert.Equal([new AnswerBox("face", 0, 0, 40, 40), new AnswerBox("face", 480, 360, 20, 15)], answer);
    }

    [Fact]
    public void False_boxes_lie_inside_the_image_and_carry_one_of_the_jobs_labels()
    {
        var profile = Profile() with { FalseBoxRate = 1 };
        var labelsSeen = new HashSet<string>();
        for (var seed = 0; seed < 300; seed++)
        {
            var box = Assert.Single(AnswerSimulator.Simulate([], Image, Labels, profile, new Random(seed)));
            Assert.Contains(box.Label, Labels);
            labelsSeen.Add(box.Label);
            Assert.True(box.Left >= 0 && box.Top >= 0 && box.Right <= Image.Width && box.Bottom <= Image.Height, $"{box} is outside {Image}");
            Assert.InRange(box.Width, Image.Width * AnswerSimulator.FalseBoxMinShare, Image.Width * AnswerSimulator.FalseBoxMaxShare);
            Assert.InRange(box.Height, Image.Height * AnswerSimulator.FalseBoxMinShare, Image.Height * AnswerSimulator.FalseBoxMaxShare);
        }
        Assert.Equal(Labels.Order(), labelsSeen.Order());
    }

    [Fact]
    public void A_false_box_is_added_to_the_true_ones_and_needs_a_label_to_exist()
    {
        var profile = Profile() with { FalseBoxRate = 1 };
        var answer = AnswerSimulator.Simulate(Truth, Image, Labels, profile, new Random(3));
        Assert.Equal(Truth, answer.Take(Truth.Length));
        Assert.Equal(Truth.Length + 1, answer.Count);
        Assert.Equal(Truth, AnswerSimulator.Simulate(Truth, Image, [], profile, new Random(3)));
    }

    [Fact]
    public void The_same_seed_gives_the_same_answer_and_another_seed_another()
    {
        var profile = Profile() with { MissRate = 0.3, JitterPixels = 4, JitterFraction = 0.05, FalseBoxRate = 0.5 };
        var first = AnswerSimulator.Simulate(Truth, Image, Labels, profile, new Random(42));
        Assert.Equal(first, AnswerSimulator.Simulate(Truth, Image, Labels, profile, new Random(42)));
        Assert.NotEqual(first, AnswerSimulator.Simulate(Truth, Image, Labels, profile, new Random(43)));

        var a = AnswerSimulator.RandomFor(profile, "task-1").NextDouble();
        Assert.Equal(a, AnswerSimulator.RandomFor(profile, "task-1").NextDouble());
        Assert.NotEqual(a, AnswerSimulator.RandomFor(profile, "task-2").NextDouble());
        Assert.NotEqual(a, AnswerSimulator.RandomFor(profile with { Seed = 2 }, "task-1").NextDouble());
    }

    [Fact]
    public void Simulated_answers_pass_the_services_own_parser_and_rules()
    {
        var profile = Profile() with { MissRate = 0.2, JitterPixels = 8, JitterFraction = 0.2, FalseBoxRate = 0.7 };
        AnswerBox[] reference = [.. Truth, new("face", 470, 350, 40, 40)]; // sticks out: must come back clipped
        for (var seed = 0; seed < 100; seed++)
        {
            var boxes = AnswerSimulator.Simulate(reference, Image, Labels, profile, new Random(seed));
            var json = new TaskAnswer(boxes, Image.Width, Image.Height).ToJson().ToJsonString();
            Assert.True(WorkerAnswer.TryParse(System.Text.Encoding.UTF8.GetBytes(json), out var parsed, out var problem), problem);
            Assert.Null(parsed.Problem(Labels, (Image.Width, Image.Height)));
            Assert.Equal(boxes.Select(b => (b.Label, b.Left, b.Top, b.Width, b.Height)),
                parsed.Boxes.Select(b => (b.Label, b.Left, b.Top, b.Width, b.Height)));
        }
    }

    [Theory]
    [InlineData(-0.1, 0, 0)]
    [InlineData(1.5, 0, 0)]
    [InlineData(0, 2, 0)]
    [InlineData(0, 0, -1)]
    public void An_impossible_profile_is_refused(double miss, double falseBoxes, double jitter)
    {
        var profile = Profile() with { MissRate = miss, FalseBoxRate = falseBoxes, JitterPixels = jitter };
        Assert.NotNull(profile.Problem());
        Assert.Throws<ArgumentException>(() => AnswerSimulator.Simulate(Truth, Image, Labels, profile, new Random(1)));
    }

    [Fact]
    public void A_latency_range_must_be_ordered_and_profiles_never_print_their_token()
    {
        var profile = Profile() with { MinLatency = TimeSpan.FromSeconds(2), MaxLatency = TimeSpan.FromSeconds(1) };
        Assert.Contains("latency", profile.Problem());
        Assert.DoesNotContain("token-w1", profile.ToString());
        Assert.DoesNotContain("token-w1", profile.Describe());
    }
}
