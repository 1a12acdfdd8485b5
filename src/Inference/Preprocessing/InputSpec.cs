namespace EdgeLabel.Inference.Preprocessing;

/// <summary>What the model's image input expects: size, layout, channel order, normalisation and fitting.</summary>
/// <param name="Mean">Per-channel value subtracted from the 0–255 pixel, in <paramref name="Channels"/> order.</param>
/// <param name="Scale">Per-channel multiplier applied after the subtraction: value = (pixel − mean) × scale.</param>
public sealed record InputSpec(
    int Width,
    int Height,
    TensorLayout Layout,
    ChannelOrder Channels,
    float[] Mean,
    float[] Scale,
    ResizeMode Resize)
{
    /// <summary>Letterbox placement; ignored for <see cref="ResizeMode.Stretch"/>.</summary>
    public PadPosition Padding { get; init; } = PadPosition.BottomRight;

    /// <summary>0–255 grey level written into the letterbox padding before normalisation (Ultralytics uses 114).</summary>
    public byte PadPixel { get; init; }

    /// <summary>Number of floats one image occupies in the tensor.</summary>
    public int ElementCount => Width * Height * 3;

    /// <summary>Tensor shape for <paramref name="batch"/> images in this layout.</summary>
    public long[] Shape(int batch) => Layout == TensorLayout.Nchw
        ? [batch, 3, Height, Width]
        : [batch, Height, Width, 3];

    public override string ToString() =>
        $"{Width}x{Height} {Layout} {Channels} mean=[{string.Join(',', Mean)}] scale=[{string.Join(',', Scale.Select(s => s.ToString("G4")))}] {Resize}" +
        (Resize == ResizeMode.Letterbox ? $" pad={Padding}/{PadPixel}" : "");

    /// <summary>Throws when the spec cannot describe a 3-channel image tensor.</summary>
    public void Validate()
    {
        if (Width <= 0 || Height <= 0) throw new ArgumentException($"Input size must be positive, got {Width}x{Height}.");
        if (Mean is not { Length: 3 } || Scale is not { Length: 3 })
            throw new ArgumentException("Mean and Scale need exactly 3 values (one per channel).");
    }
}
