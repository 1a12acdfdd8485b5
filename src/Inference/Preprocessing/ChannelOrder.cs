namespace EdgeLabel.Inference.Preprocessing;

/// <summary>Order of the colour channels the model expects.</summary>
public enum ChannelOrder
{
    Rgb,
    /// <summary>OpenCV-trained models (Caffe SSDs, some RetinaFace exports).</summary>
    Bgr,
}
