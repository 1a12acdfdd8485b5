using System.Buffers;
using EdgeLabel.Inference.Preprocessing;

namespace EdgeLabel.Inference.Models;

/// <summary>
/// One image turned into model input: the filled tensor (one batch item) and its model→source transform.
/// Dispose after <see cref="OnnxDetector.Run"/> to return the buffer to a pool; forgetting only costs an allocation.
/// </summary>
public sealed class PreparedInput : IDisposable
{
    private float[]? _buffer;

    internal PreparedInput(float[] buffer, int length, ImageTransform transform, InputSpec spec)
    {
        _buffer = buffer;
        Length = length;
        Transform = transform;
        Spec = spec;
    }

    /// <summary>Maps model-input pixels back to the upright source image.</summary>
    public ImageTransform Transform { get; }

    /// <summary>The spec the tensor was filled with; Run checks it belongs to the same detector input.</summary>
    public InputSpec Spec { get; }

    /// <summary>Number of floats in the tensor.</summary>
    public int Length { get; }

    /// <summary>The tensor values (layout per <see cref="Spec"/>).</summary>
    public ReadOnlySpan<float> Tensor => Buffer.AsSpan(0, Length);

    internal float[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(PreparedInput));

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null) ArrayPool<float>.Shared.Return(buffer);
    }
}
