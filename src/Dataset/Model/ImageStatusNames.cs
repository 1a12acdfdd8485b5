namespace EdgeLabel.Dataset.Model;

/// <summary>The kebab-case names statuses have in exported files ("auto-labeled", "awaiting-review", ...), so
/// renaming an enum member can never silently change a file format.</summary>
public static class ImageStatusNames
{
    public static string ToName(this ImageStatus status) => status switch
    {
        ImageStatus.AutoLabeled => "auto-labeled",
        ImageStatus.AwaitingUpload => "awaiting-upload",
        ImageStatus.AwaitingReview => "awaiting-review",
        ImageStatus.Reviewed => "reviewed",
        ImageStatus.Audited => "audited",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown image status"),
    };

    public static bool TryParse(string? name, out ImageStatus status)
    {
        foreach (var candidate in Enum.GetValues<ImageStatus>())
        {
            if (candidate.ToName() != name) continue;
            status = candidate;
            return true;
        }
        status = default;
        return false;
    }
}
