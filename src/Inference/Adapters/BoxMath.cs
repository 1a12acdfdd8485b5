using EdgeLabel.Inference.Preprocessing;

namespace EdgeLabel.Inference.Adapters;

/// <summary>Shared last step of every adapter: model-pixel boxes to clipped source-pixel boxes.</summary>
internal static class BoxMath
{
    public static IReadOnlyList<Detection> ToSource(List<Detection> modelBoxes, ImageTransform transform)
    {
        var result = new List<Detection>(modelBoxes.Count);
        foreach (var d in modelBoxes)
        {
            var box = transform.ToSource(d.Box);
            // A box entirely in the letterbox padding clips to nothing: not an object in the image.
            if (box.Area > 0) result.Add(d with { Box = box });
        }
        return result;
    }
}
