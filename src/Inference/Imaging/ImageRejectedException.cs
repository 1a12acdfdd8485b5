namespace EdgeLabel.Inference.Imaging;

/// <summary>Thrown when an input image is refused; <see cref="Reason"/> says why in a machine-readable way.</summary>
public sealed class ImageRejectedException : Exception
{
    public ImageRejectedException(ImageRejectionReason reason, string message, Exception? inner = null)
        : base(message, inner) => Reason = reason;

    public ImageRejectionReason Reason { get; }
}
