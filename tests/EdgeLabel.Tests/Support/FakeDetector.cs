using EdgeLabel.Actors.Inference;
using EdgeLabel.Inference;
using EdgeLabel.Inference.Imaging;
using EdgeLabel.Inference.Models;

namespace EdgeLabel.Tests.Support;

/// <summary>A detector that never decodes: every image is a 10x10 frame and gets the detections the test chooses.
/// Bytes starting with "NOPE" are rejected as not an image.</summary>
public sealed class FakeDetector(Func<PreparedFrame, IReadOnlyList<Detection>>? detect = null, int maxBatch = 8) : IImageDetector
{
    private int _prepared;
    private int _detected;

    public ModelIdentity Model { get; } = new("fake-detector", "1", new string('0', 64));

    public IReadOnlyList<string> ClassNames { get; } = ["face"];

    public int MaxBatch => maxBatch;

    public int Prepared => Volatile.Read(ref _prepared);

    public int Detected => Volatile.Read(ref _detected);

    public PreparedFrame Prepare(byte[] imageBytes)
    {
        Interlocked.Increment(ref _prepared);
        if (imageBytes.AsSpan().StartsWith("NOPE"u8))
            throw new ImageRejectedException(ImageRejectionReason.NotAnImage, "fake detector: not an image");
        return new PreparedFrame(10, 10, imageBytes.Length);
    }

    public IReadOnlyList<IReadOnlyList<Detection>> Detect(IReadOnlyList<PreparedFrame> batch)
    {
        Interlocked.Add(ref _detected, batch.Count);
        return batch.Select(f => detect?.Invoke(f) ?? []).ToArray();
    }
}
