using Akka.Actor;
using Akka.Event;
using EdgeLabel.Actors.Configuration;

namespace EdgeLabel.Actors.Sites;

/// <summary>A cloud node's latest <see cref="SiteReport"/> per site, at <c>/user/site-directory</c> (GET /sites asks it).
/// Every edge reports to every cloud node, so each node keeps a directory of its own: no sharding and no persistence —
/// a new incarnation is full again one report interval after it starts. Latest received wins. At most
/// <see cref="MaxSites"/> sites (a new one takes the place of the longest-silent stale one, else is refused), and
/// reports no edge could send (bad site name, interval out of range, missing parts, oversized text) are dropped.</summary>
public sealed class SiteDirectory : ReceiveActor
{
    public const string Name = "site-directory";
    public const int DefaultMaxSites = 1000;

    /// <summary>Longest error text a report may carry (the reporter trims to it).</summary>
    public const int MaxErrorLength = 1000;

    private const int MaxQuarantineReasons = 100;

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, Received> _sites = new(StringComparer.Ordinal);
    // Senders already warned about, so a misconfigured edge logs once, not every interval (bounded like the sites).
    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;

    public SiteDirectory(TimeProvider clock, int maxSites = DefaultMaxSites)
    {
        _clock = clock;
        MaxSites = maxSites;
        Receive<SiteReport>(OnReport);
        Receive<GetSiteReports>(q => Sender.Tell(Query(q.Site)));
    }

    public int MaxSites { get; }

    public static Props Props(TimeProvider clock, int maxSites = DefaultMaxSites) =>
        Akka.Actor.Props.Create(() => new SiteDirectory(clock, maxSites));

    /// <summary>Why a report is refused, or null when it is one an edge could have sent.</summary>
    public static string? Problem(SiteReport report)
    {
        if (!EdgeSettingsReader.IsValidName(report.Site)) return "the site name is not a valid name";
        if (string.IsNullOrEmpty(report.Node) || !Address.TryParse(report.Node, out _)) return "the node is not an actor system address";
        if (report.Interval < SiteReportSettings.MinInterval || report.Interval > SiteReportSettings.MaxInterval)
            return $"interval {report.Interval} is outside {SiteReportSettings.MinInterval}..{SiteReportSettings.MaxInterval}";
        if (report.Outbox is null || report.Decisions is null || report.Model is null || report.Rollout is { Active: null })
            return "outbox, decisions or model missing";
        if (report.Outbox.LastError?.Length > MaxErrorLength || report.Delivery?.LastError?.Length > MaxErrorLength
            || report.Rollout?.LastError?.Length > MaxErrorLength)
            return "an error text is longer than " + MaxErrorLength;
        if (report.Decisions.QuarantineReasons?.Count > MaxQuarantineReasons) return "too many quarantine reasons";
        return null;
    }

    private void OnReport(SiteReport report)
    {
        var now = _clock.GetUtcNow();
        if (Problem(report) is { } problem)
        {
            Refuse(problem);
            return;
        }
        if (!_sites.ContainsKey(report.Site) && _sites.Count >= MaxSites && !EvictStale(now))
        {
            Refuse($"the directory is full ({MaxSites} sites reporting)");
            return;
        }
        _sites[report.Site] = new Received(report, now);
    }

    /// <summary>Makes room by forgetting the site silent the longest, if it is stale (a live site is never pushed out).</summary>
    private bool EvictStale(DateTimeOffset now)
    {
        var oldest = _sites.Values.MinBy(r => r.At);
        if (oldest is null || !IsStale(oldest, now)) return false;
        _sites.Remove(oldest.Report.Site);
        _log.Info("Site directory full: forgot stale site {0} (last report {1:O}) for a new one", oldest.Report.Site, oldest.At);
        return true;
    }

    private void Refuse(string problem)
    {
        var from = Sender.Path.Address.ToString();
        if (_warned.Count < MaxSites && _warned.Add(from))
            _log.Warning("Site report from {0} refused (further refusals of this sender are logged at debug level): {1}", from, problem);
        else
            _log.Debug("Site report from {0} refused: {1}", from, problem);
    }

    private SiteReports Query(string? site)
    {
        var now = _clock.GetUtcNow();
        IEnumerable<Received> selected = site is null
            ? _sites.Values
            : _sites.TryGetValue(site, out var one) ? [one] : [];
        return new SiteReports(selected
            .OrderBy(r => r.Report.Site, StringComparer.Ordinal)
            .Select(r => new SiteReportEntry(r.Report, r.At, IsStale(r, now)))
            .ToArray());
    }

    private static bool IsStale(Received received, DateTimeOffset now) =>
        now - received.At > received.Report.Interval * SiteReportSettings.StaleAfterIntervals;

    private sealed record Received(SiteReport Report, DateTimeOffset At);
}
