using EdgeLabel.Actors.Decisions;

namespace EdgeLabel.Actors.Pipeline;

/// <summary>An image a camera has handed to the pipeline (already spooled) and is waiting to hear about.
/// In-process only: it holds the bytes for decoding and the completion the camera awaits.</summary>
public sealed class PendingImage
{
    private readonly TaskCompletionSource<ImageOutcome> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action? _onSettled;
    private byte[]? _bytes;

    public PendingImage(ContentId id, ImageSource source, byte[] bytes, Action? onSettled = null)
    {
        Id = id;
        Source = source;
        _bytes = bytes;
        _onSettled = onSettled;
    }

    public ContentId Id { get; }

    public ImageSource Source { get; }

    /// <summary>Settles when the image's decision is persisted (or it was decided before).</summary>
    public Task<ImageOutcome> Outcome => _completion.Task;

    /// <summary>The bytes, until decoding is done with them (dropped early to bound memory).</summary>
    public byte[] TakeBytes()
    {
        var bytes = _bytes ?? throw new InvalidOperationException($"bytes of {Id.Short} were already taken");
        _bytes = null;
        return bytes;
    }

    public void Settle(ImageOutcome outcome)
    {
        _bytes = null;
        if (_completion.TrySetResult(outcome)) _onSettled?.Invoke();
    }
}
