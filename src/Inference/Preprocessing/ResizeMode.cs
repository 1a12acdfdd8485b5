namespace EdgeLabel.Inference.Preprocessing;

/// <summary>How a source image is fitted into the model's fixed input size.</summary>
public enum ResizeMode
{
    /// <summary>Uniform scale to fit, remaining area padded (see <see cref="PadPosition"/>): no distortion.</summary>
    Letterbox,
    /// <summary>Independent x/y scale to fill the input exactly: faces get squashed but no resolution is spent on padding.</summary>
    Stretch,
}
