namespace EdgeLabel.Inference.Adapters;

/// <summary>Which Ultralytics output layout a YOLO model has.</summary>
public enum YoloVariant
{
    /// <summary>Decide from the shape: [1,4+C,N] with 4+C &lt; N is v8/v11, otherwise v5.</summary>
    Auto,
    /// <summary>[1,N,5+C]: cx,cy,w,h, objectness, C class scores; score = objectness × class score.</summary>
    V5,
    /// <summary>[1,4+C,N]: cx,cy,w,h then C class scores, no objectness (v8, v11).</summary>
    V8,
}
