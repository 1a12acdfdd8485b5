using EdgeLabel.Inference;

namespace EdgeLabel.Inference.Preprocessing;

/// <summary>
/// Maps model-input pixel coordinates to pixels of the upright source image: source = (model − offset) × scale.
/// </summary>
/// <param name="OffsetX">Left padding in model pixels (0 for bottom-right letterbox and stretch).</param>
/// <param name="ScaleX">Source pixels per model pixel horizontally.</param>
public readonly record struct ImageTransform(
    float OffsetX,
    float OffsetY,
    float ScaleX,
    float ScaleY,
    int SourceWidth,
    int SourceHeight)
{
    public (float X, float Y) ToSource(float modelX, float modelY) =>
        ((modelX - OffsetX) * ScaleX, (modelY - OffsetY) * ScaleY);

    public (float X, float Y) ToModel(float sourceX, float sourceY) =>
        (sourceX / ScaleX + OffsetX, sourceY / ScaleY + OffsetY);

    /// <summary>Box from model pixels to source pixels, clipped to the source image.</summary>
    public PixelBox ToSource(PixelBox modelBox) =>
        new PixelBox((modelBox.Left - OffsetX) * ScaleX, (modelBox.Top - OffsetY) * ScaleY,
                modelBox.Width * ScaleX, modelBox.Height * ScaleY)
            .ClipTo(SourceWidth, SourceHeight);

    /// <summary>Box from source pixels to model pixels (no clipping): the inverse of <see cref="ToSource(PixelBox)"/>.</summary>
    public PixelBox ToModel(PixelBox sourceBox) =>
        new(sourceBox.Left / ScaleX + OffsetX, sourceBox.Top / ScaleY + OffsetY, sourceBox.Width / ScaleX, sourceBox.Height / ScaleY);
}
