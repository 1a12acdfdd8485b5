using EdgeLabel.Dataset.Model;

namespace EdgeLabel.Dataset.Tests.Support;

/// <summary>Images as the dataset holds them: every box through <see cref="BoxValidation"/> first.</summary>
public static class Validated
{
    public static IReadOnlyList<DatasetImage> Of(IEnumerable<DatasetImage> images, LabelCategories categories) =>
        images.Select(i => i with { Boxes = BoxValidation.Validate(i.Boxes, i.Width, i.Height, categories).Kept }).ToList();
}
