namespace EdgeLabel.Inference.Adapters;

/// <summary>Coordinate convention of an already-decoded boxes output.</summary>
public enum BoxFormat
{
    /// <summary>x1,y1,x2,y2 as fractions of the model input (UltraFace, most SSD exports).</summary>
    NormalizedXyxy,
    /// <summary>x1,y1,x2,y2 in model input pixels.</summary>
    PixelXyxy,
    /// <summary>y1,x1,y2,x2 as fractions of the model input (TensorFlow Object Detection API).</summary>
    NormalizedYxyx,
}
