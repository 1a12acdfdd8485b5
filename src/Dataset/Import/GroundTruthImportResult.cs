using EdgeLabel.Dataset.Model;

namespace EdgeLabel.Dataset.Import;

/// <summary>The images a Ground Truth manifest holds, its classes, and what had to be skipped.</summary>
/// <param name="Images">Readable lines in file order, each content id once.</param>
/// <param name="Categories">Every class-map seen, made dense (see <see cref="LabelCategories.FromClassMap"/>).</param>
/// <param name="Issues">Skipped lines and boxes, by line number.</param>
/// <param name="LabelAttributes">The label attribute names found.</param>
public sealed record GroundTruthImportResult(
    IReadOnlyList<DatasetImage> Images,
    LabelCategories Categories,
    IReadOnlyList<ManifestIssue> Issues,
    IReadOnlyList<string> LabelAttributes);
