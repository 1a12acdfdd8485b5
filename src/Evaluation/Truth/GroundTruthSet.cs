using System.Collections.Frozen;

namespace EdgeLabel.Evaluation.Truth;

/// <summary>Everything the truth files say: annotated images, the class table, and what had to be skipped.</summary>
/// <param name="Images">Annotated images, in file order, each file name once.</param>
/// <param name="Classes">Class id → name over all files.</param>
/// <param name="Issues">Records that were skipped, with file and line.</param>
/// <param name="Sources">The files read.</param>
public sealed record GroundTruthSet(
    IReadOnlyList<TruthImage> Images,
    IReadOnlyDictionary<int, string> Classes,
    IReadOnlyList<TruthIssue> Issues,
    IReadOnlyList<TruthSource> Sources)
{
    public int CountedBoxes => Images.Sum(i => i.CountedBoxes);
    public int DontCareBoxes => Images.Sum(i => i.Boxes.Count - i.CountedBoxes);

    /// <summary>Merges sets read from several files (dlib ships training.xml and testing.xml). An image named
    /// twice keeps its first annotation, since adding both would count every box twice.</summary>
    public static GroundTruthSet Merge(IEnumerable<GroundTruthSet> sets)
    {
        var images = new List<TruthImage>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var classes = new SortedDictionary<int, string>();
        var issues = new List<TruthIssue>();
        var sources = new List<TruthSource>();
        foreach (var set in sets)
        {
            issues.AddRange(set.Issues);
            sources.AddRange(set.Sources);
            var file = set.Sources.Count > 0 ? System.IO.Path.GetFileName(set.Sources[0].Path) : "truth";
            foreach (var (id, name) in set.Classes)
            {
                if (classes.TryGetValue(id, out var existing) && existing != name)
                    issues.Add(new TruthIssue(file, null, $"class id {id} is '{name}' here but '{existing}' in an earlier file; kept '{existing}'"));
                else
                    classes[id] = name;
            }
            foreach (var image in set.Images)
            {
                if (seen.Add(image.FileName)) images.Add(image);
                else issues.Add(new TruthIssue(file, null, $"image '{image.FileName}' is already annotated in an earlier file; kept the first"));
            }
        }
        return new GroundTruthSet(images, classes.ToFrozenDictionary(), issues, sources);
    }
}
