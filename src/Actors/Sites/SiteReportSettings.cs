namespace EdgeLabel.Actors.Sites;

/// <summary>How often an edge reports to the cloud (<c>edgelabel.site-reports</c>). The interval travels in every
/// <see cref="SiteReport"/>, so the cloud judges staleness by each site's own pace without a setting of its own.</summary>
public sealed record SiteReportSettings(TimeSpan Interval)
{
    public static readonly SiteReportSettings Default = new(TimeSpan.FromSeconds(5));

    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Beyond this a site would read as fresh for hours after going silent; the cloud refuses such reports.</summary>
    public static readonly TimeSpan MaxInterval = TimeSpan.FromHours(1);

    /// <summary>A site with no report for this many of its intervals is stale (one or two lost reports are normal).</summary>
    public const int StaleAfterIntervals = 3;
}
