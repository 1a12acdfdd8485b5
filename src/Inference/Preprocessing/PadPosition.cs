namespace EdgeLabel.Inference.Preprocessing;

/// <summary>Where the letterbox places the image inside the model input.</summary>
public enum PadPosition
{
    /// <summary>Image at the top-left, padding on the right/bottom (our default for every adapter).</summary>
    BottomRight,
    /// <summary>Image centred with padding split on both sides, as Ultralytics' own letterbox does.</summary>
    Center,
}
