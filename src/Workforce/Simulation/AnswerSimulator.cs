using System.Security.Cryptography;
using System.Text;
using EdgeLabel.Workforce.Api;

namespace EdgeLabel.Workforce.Simulation;

/// <summary>What a simulated labeler draws: the reference boxes (the truth, or the pre-annotations when the image is
/// unknown) with the profile's mistakes (missed boxes, jittered edges, a false box), clipped to the image. A pure
/// function of its inputs and the random stream.</summary>
public static class AnswerSimulator
{
    /// <summary>A box narrower or lower than this after clipping is not drawn (the worker UI refuses empty boxes).</summary>
    public const double MinSide = 1;

    /// <summary>A false box is this share of the image's width/height, at least and at most.</summary>
    public const double FalseBoxMinShare = 0.05, FalseBoxMaxShare = 0.3;

    public static IReadOnlyList<AnswerBox> Simulate(IReadOnlyList<AnswerBox> reference, ImageSize image, IReadOnlyList<string> labels,
        WorkerProfile profile, Random random)
    {
        if (image.Width <= 0 || image.Height <= 0) throw new ArgumentOutOfRangeException(nameof(image), image, "the image size must be positive");
        if (profile.Problem() is { } problem) throw new ArgumentException(problem, nameof(profile));
        var answer = new List<AnswerBox>(reference.Count + 1);
        foreach (var box in reference)
        {
            // Every draw is taken whether or not it matters, so a box's fate does not shift the next box's draws.
            var missed = random.NextDouble() < profile.MissRate;
            var dx = profile.JitterPixels + profile.JitterFraction * box.Width;
            var dy = profile.JitterPixels + profile.JitterFraction * box.Height;
            var (dl, dr) = (Spread(random, dx), Spread(random, dx));
            var (dt, db) = (Spread(random, dy), Spread(random, dy));
            if (missed) continue;
            if (dl == 0 && dr == 0 && dt == 0 && db == 0 && Inside(box, image))
            {
                answer.Add(box); // exactly the reference, not re-derived from its edges (no rounding)
                continue;
            }
            var (left, right) = (box.Left + dl, box.Right + dr);
            var (top, bottom) = (box.Top + dt, box.Bottom + db);
            if (Clip(box.Label, Math.Min(left, right), Math.Min(top, bottom), Math.Max(left, right), Math.Max(top, bottom), image) is { } drawn)
                answer.Add(drawn);
        }
        var falseBox = random.NextDouble() < profile.FalseBoxRate;
        if (falseBox && labels.Count > 0)
        {
            var width = image.Width * (FalseBoxMinShare + random.NextDouble() * (FalseBoxMaxShare - FalseBoxMinShare));
            var height = image.Height * (FalseBoxMinShare + random.NextDouble() * (FalseBoxMaxShare - FalseBoxMinShare));
            var left = random.NextDouble() * (image.Width - width);
            var top = random.NextDouble() * (image.Height - height);
            var label = labels[random.Next(labels.Count)];
            if (Clip(label, left, top, left + width, top + height, image) is { } drawn) answer.Add(drawn);
        }
        return answer;
    }

    /// <summary>The random stream for one labeler's answer to one task: the same seed and task give the same answer,
    /// whatever order the tasks come in.</summary>
    public static Random RandomFor(WorkerProfile profile, string taskId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{profile.Seed}\n{profile.WorkerId}\n{taskId}"));
        return new Random(BitConverter.ToInt32(hash, 0));
    }

    /// <summary>Uniform in [-max, max] (always one draw, so the stream does not depend on the profile's numbers).</summary>
    private static double Spread(Random random, double max) => (random.NextDouble() * 2 - 1) * max;

    private static bool Inside(AnswerBox b, ImageSize image) =>
        b.Left >= 0 && b.Top >= 0 && b.Right <= image.Width && b.Bottom <= image.Height && b.Width >= MinSide && b.Height >= MinSide;

    private static AnswerBox? Clip(string label, double left, double top, double right, double bottom, ImageSize image)
    {
        left = Math.Clamp(left, 0, image.Width);
        right = Math.Clamp(right, 0, image.Width);
        top = Math.Clamp(top, 0, image.Height);
        bottom = Math.Clamp(bottom, 0, image.Height);
        return right - left >= MinSide && bottom - top >= MinSide ? new AnswerBox(label, left, top, right - left, bottom - top) : null;
    }
}
