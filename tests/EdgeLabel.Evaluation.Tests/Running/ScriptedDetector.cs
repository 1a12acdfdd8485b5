using System.Collections.Concurrent;
using System.Text;
using EdgeLabel.Evaluation.Running;
using EdgeLabel.Inference;
using EdgeLabel.Inference.Models;

namespace EdgeLabel.Evaluation.Tests.Running;

/// <summary>A detector for tests: each "image" file holds its own name, and the script says what is found in it.</summary>
internal sealed class ScriptedDetector(IReadOnlyDictionary<string, Detection[]> script) : IImageDetector
{
    private int _running;

    public ModelIdentity Model { get; } = new("scripted", "1", "0123456789abcdef0123456789abcdef");
    public int MaxConcurrent { get; private set; }
    public ConcurrentBag<string> Seen { get; } = [];

    public async Task<IReadOnlyList<Detection>> DetectAsync(byte[] imageBytes, CancellationToken cancellationToken)
    {
        var now = Interlocked.Increment(ref _running);
        lock (this) MaxConcurrent = Math.Max(MaxConcurrent, now);
        try
        {
            await Task.Delay(20, cancellationToken);
            var name = Encoding.UTF8.GetString(imageBytes);
            Seen.Add(name);
            return script.TryGetValue(name, out var detections)
                ? detections
                : throw new InvalidDataException($"'{name}' is not an image");
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }
}
