using EdgeLabel.Inference;

namespace EdgeLabel.Evaluation.Truth;

/// <summary>One ground-truth box in source pixels, with its class and whether it is a don't-care region.</summary>
/// <param name="ClassId">Class id as the truth file numbers it (dlib: order of first label, COCO: category id,
/// Ground Truth: class_id of the class-map).</param>
/// <param name="ClassName">Human-readable class name.</param>
/// <param name="Box">The box in pixels of the upright source image.</param>
/// <param name="DontCare">A region the annotator marked as ambiguous (dlib ignore='1', COCO iscrowd=1):
/// a detection on it is neither right nor wrong, and missing it is no error.</param>
public sealed record TruthBox(int ClassId, string ClassName, PixelBox Box, bool DontCare = false);
