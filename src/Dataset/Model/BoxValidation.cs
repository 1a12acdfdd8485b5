namespace EdgeLabel.Dataset.Model;

/// <summary>Makes boxes fit their image before they enter the dataset.</summary>
/// <remarks>
/// Rule: a box is clipped to [0, W] × [0, H] (edges outside move to the border; a box already inside is returned
/// unchanged, bit for bit). A box is rejected, with the reason, when a coordinate is NaN or infinite, when its class id
/// is not in the categories, or when nothing of it is left after clipping (zero or negative width or height).
/// Every image of a valid dataset therefore satisfies what COCO validators check: left + width ≤ W and top + height ≤ H
/// exactly (in floating point), area &gt; 0. Validating a validated box changes nothing.
/// </remarks>
public static class BoxValidation
{
    public static BoxValidationResult Validate(IReadOnlyList<LabeledBox> boxes, int imageWidth, int imageHeight, LabelCategories categories)
    {
        var kept = new List<LabeledBox>(boxes.Count);
        var rejected = new List<BoxRejection>();
        var clipped = 0;
        for (var i = 0; i < boxes.Count; i++)
        {
            var box = boxes[i];
            var reason = Check(box, imageWidth, imageHeight, categories, out var fitted);
            if (reason is not null)
            {
                rejected.Add(new BoxRejection(i, box, reason));
                continue;
            }
            if (!ReferenceEquals(fitted, box)) clipped++;
            kept.Add(fitted!);
        }
        return new BoxValidationResult(kept, rejected, clipped);
    }

    /// <summary>Null and the fitted box when it is acceptable; otherwise why not.</summary>
    public static string? Check(LabeledBox box, int imageWidth, int imageHeight, LabelCategories categories, out LabeledBox? fitted)
    {
        fitted = null;
        if (imageWidth <= 0 || imageHeight <= 0)
            return $"the image size {imageWidth}x{imageHeight} is unknown, so the box cannot be placed";
        if (!double.IsFinite(box.Left) || !double.IsFinite(box.Top) || !double.IsFinite(box.Width) || !double.IsFinite(box.Height))
            return $"non-finite coordinates ({box.Left}, {box.Top}, {box.Width}, {box.Height})";
        if (!categories.Contains(box.ClassId))
            return $"unknown class id {box.ClassId} (the categories have {categories.Count})";

        var left = Math.Clamp(box.Left, 0, imageWidth);
        var top = Math.Clamp(box.Top, 0, imageHeight);
        var right = Math.Clamp(box.Right, 0, imageWidth);
        var bottom = Math.Clamp(box.Bottom, 0, imageHeight);
        if (right <= left || bottom <= top)
            return $"zero area after clipping to the {imageWidth}x{imageHeight} image (box {box.Left}, {box.Top}, {box.Width}x{box.Height})";

        // Untouched edges keep their exact value: recomputing width as right-left would perturb the last bits.
        fitted = left == box.Left && top == box.Top && right == box.Right && bottom == box.Bottom
            ? box
            : box with { Left = left, Top = top, Width = SizeWithin(left, right), Height = SizeWithin(top, bottom) };
        return null;
    }

    /// <summary>end − start, one ulp smaller where start + (end − start) would round past end, so a clipped box's
    /// left + width never exceeds the image width even in floating point.</summary>
    private static double SizeWithin(double start, double end)
    {
        var size = end - start;
        return start + size > end ? Math.BitDecrement(size) : size;
    }
}
