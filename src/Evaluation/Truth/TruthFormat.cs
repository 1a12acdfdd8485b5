namespace EdgeLabel.Evaluation.Truth;

/// <summary>The ground-truth file formats the evaluation reads.</summary>
public enum TruthFormat
{
    /// <summary>dlib imglab XML: &lt;dataset&gt;&lt;images&gt;&lt;image file=…&gt;&lt;box top left width height/&gt;.</summary>
    DlibXml,
    /// <summary>COCO object-detection JSON: images, annotations (bbox [x,y,w,h]) and categories.</summary>
    CocoJson,
    /// <summary>Amazon SageMaker Ground Truth bounding-box output manifest (JSON Lines).</summary>
    GroundTruthManifest,
}
