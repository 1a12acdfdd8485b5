using System.Text;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using EdgeLabel.Actors;
using EdgeLabel.Actors.Inference;
using EdgeLabel.Actors.Pipeline;
using EdgeLabel.Actors.Routing;
using EdgeLabel.Inference;
using EdgeLabel.Tests.Support;

namespace EdgeLabel.Tests.Pipeline;

/// <summary>What each image's outcome says, end to end through the stages, with a fake detector and journal.</summary>
public sealed class EdgePipelineSpecs(ITestOutputHelper output) : AkkaSpec("akka.loglevel = WARNING", output: output)
{
    private static readonly PipelineSettings Settings = new(64, 2, 1, 8, TimeSpan.FromMilliseconds(5), 256,
        TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(10));

    private static PendingImage Image(string text) =>
        new(ContentId.Of(Encoding.UTF8.GetBytes(text)), Samples.Source(0), Encoding.UTF8.GetBytes(text));

    private async Task<IReadOnlyList<ImageOutcome>> Run(IActorRef journal, IImageDetector detector, params PendingImage[] images)
    {
        var settled = await Source.From(images)
            .Via(EdgePipeline.Create(Settings, detector, RoutingPolicy.Simple(0.7f, 0.4f), journal, TimeProvider.System))
            .RunWith(Sink.Seq<(PendingImage Pending, ImageOutcome Outcome)>(), Sys.Materializer())
            .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        foreach (var (pending, outcome) in settled) pending.Settle(outcome);
        return images.Select(i => i.Outcome.Result).ToArray();
    }

    private async Task<FakeJournal.Counts> Counts(IActorRef journal) =>
        await journal.Ask<FakeJournal.Counts>(FakeJournal.GetCounts.Instance, TimeSpan.FromSeconds(5));

    [Fact]
    public async Task Images_are_routed_by_their_detections_and_unusable_ones_quarantined()
    {
        var journal = Sys.ActorOf(FakeJournal.Props());
        var detector = new FakeDetector(frame => (int)frame.ModelInput switch
        {
            5 => [new Detection(0, 0.9f, new PixelBox(1, 1, 4, 4))],
            6 => [new Detection(0, 0.5f, new PixelBox(1, 1, 4, 4))],
            _ => [],
        });

        var outcomes = await Run(journal, detector, Image("sure!"), Image("maybe!"), Image("NOPE, text"), Image("none"));

        Assert.Equal([OutcomeKind.Decided, OutcomeKind.Decided, OutcomeKind.Quarantined, OutcomeKind.Decided], outcomes.Select(o => o.Kind));
        Assert.Equal([RouteKind.AutoLabel, RouteKind.Review, null, RouteKind.AutoLabel], outcomes.Select(o => o.Route));
        Assert.Equal("not-an-image", outcomes[2].Reason);
        Assert.Equal(4, (await Counts(journal)).Recorded);
    }

    [Fact]
    public async Task An_image_the_journal_already_holds_is_reported_already_decided_without_inference()
    {
        var journal = Sys.ActorOf(FakeJournal.Props());
        var detector = new FakeDetector();
        await Run(journal, detector, Image("first"));

        var outcomes = await Run(journal, detector, Image("first"), Image("second"));

        Assert.Equal([OutcomeKind.AlreadyDecided, OutcomeKind.Decided], outcomes.Select(o => o.Kind));
        Assert.Equal(2, detector.Prepared);
        Assert.Equal(2, (await Counts(journal)).Recorded);
    }

    [Fact]
    public async Task Two_copies_of_one_image_in_flight_together_are_decided_once_and_reported_already_decided_once()
    {
        var journal = Sys.ActorOf(FakeJournal.Props());

        var outcomes = await Run(journal, new FakeDetector(), Image("twin"), Image("twin"), Image("other"));

        Assert.Equal(1, outcomes.Take(2).Count(o => o.Kind == OutcomeKind.Decided));
        Assert.Equal(1, outcomes.Take(2).Count(o => o.Kind == OutcomeKind.AlreadyDecided));
        Assert.Equal(OutcomeKind.Decided, outcomes[2].Kind);
        var counts = await Counts(journal);
        Assert.Equal(2, counts.Recorded);
    }
}
