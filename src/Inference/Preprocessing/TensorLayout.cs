namespace EdgeLabel.Inference.Preprocessing;

/// <summary>Memory order of the model's image input tensor.</summary>
public enum TensorLayout
{
    /// <summary>[batch, channels, height, width] (PyTorch exports: YOLO, UltraFace).</summary>
    Nchw,
    /// <summary>[batch, height, width, channels] (TensorFlow/TFLite exports: BlazeFace).</summary>
    Nhwc,
}
