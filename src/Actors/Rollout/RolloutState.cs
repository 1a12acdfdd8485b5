using System.Text.RegularExpressions;
using EdgeLabel.Actors.Configuration;

namespace EdgeLabel.Actors.Rollout;

/// <summary>The rollout registry's state as a pure fold of its events, with the checks a command passes before its
/// event is persisted. The fleet's desired version applies to every site without a staged (per-site) version;
/// each scope keeps its earlier versions so a rollback can return to them.</summary>
public sealed partial class RolloutState
{
    /// <summary>Versions become file names on edges: letters, digits, '.', '-', '_' only, no leading dot.</summary>
    public const int MaxVersionLength = 64;

    private const int MaxHistory = 20;
    private readonly Dictionary<string, ModelRelease> _releases = new(StringComparer.Ordinal);
    private readonly List<string?> _fleetHistory = []; // null = the configured model
    private readonly Dictionary<string, string?> _siteVersions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string?>> _siteHistory = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ThresholdsAssignment> _siteThresholds = new(StringComparer.Ordinal);
    private string? _fleetVersion;
    private ThresholdsAssignment? _fleetThresholds;

    public int LastThresholdsRevision { get; private set; }

    public ModelRelease? Release(string version) => _releases.GetValueOrDefault(version);

    public static bool IsValidVersion(string? version) =>
        !string.IsNullOrEmpty(version) && version.Length <= MaxVersionLength && VersionPattern().IsMatch(version);

    [GeneratedRegex("^[A-Za-z0-9_-][A-Za-z0-9._-]*$")]
    private static partial Regex VersionPattern();

    // ---- checks (null = the command may proceed) ----

    public string? ProblemPublishing(ModelRelease release)
    {
        if (!IsValidVersion(release.Version)) return $"version '{release.Version}' is not valid (letters, digits, '.', '-', '_'; at most {MaxVersionLength})";
        if (_releases.ContainsKey(release.Version)) return $"version '{release.Version}' is already published (versions are immutable)";
        if (release.Sha256 is not { Length: 64 } || !release.Sha256.All(Uri.IsHexDigit)) return "sha256 must be 64 hex digits";
        if (string.IsNullOrEmpty(release.Uri)) return "the model's object uri is missing";
        return null;
    }

    public string? ProblemRollingOut(RolloutModel command)
    {
        if (SiteProblem(command.Site) is { } site) return site;
        if (!_releases.ContainsKey(command.Version)) return $"version '{command.Version}' is not published";
        return null;
    }

    public string? ProblemAborting(AbortRollout command) =>
        SiteProblem(command.Site) ?? (command.Site is null
            ? _siteVersions.Count == 0 ? "no site has a staged version" : null
            : _siteVersions.ContainsKey(command.Site) ? null : $"site '{command.Site}' has no staged version");

    public string? ProblemRollingBack(RollbackModel command) =>
        SiteProblem(command.Site) ?? (command.Site is null
            ? _fleetHistory.Count == 0 ? "the fleet has no earlier version to return to" : null
            : _siteHistory.TryGetValue(command.Site, out var h) && h.Count > 0 ? null : $"site '{command.Site}' has no earlier version to return to");

    public string? ProblemSettingThresholds(SetThresholds command)
    {
        if (SiteProblem(command.Site) is { } site) return site;
        try
        {
            Routing.ClassThresholds.Validated(command.Accept, command.Reject, "thresholds");
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }

    private static string? SiteProblem(string? site) =>
        site is null || EdgeSettingsReader.IsValidName(site) ? null : $"'{site}' is not a valid site name";

    // ---- fold ----

    public void Apply(IRolloutEvent e)
    {
        switch (e)
        {
            case ModelPublished p:
                _releases[p.Release.Version] = p.Release;
                break;
            case ModelRolledOut { Site: null } r:
                Push(_fleetHistory, _fleetVersion);
                _fleetVersion = r.Version;
                // "All sites" means all: the staged versions end here (the staged site usually runs r.Version already).
                _siteVersions.Clear();
                _siteHistory.Clear();
                break;
            case ModelRolledOut { Site: { } site } r:
                var history = _siteHistory.TryGetValue(site, out var h) ? h : _siteHistory[site] = [];
                Push(history, _siteVersions.GetValueOrDefault(site));
                _siteVersions[site] = r.Version;
                break;
            case RolloutAborted { Site: null }:
                _siteVersions.Clear();
                _siteHistory.Clear();
                break;
            case RolloutAborted { Site: { } site }:
                _siteVersions.Remove(site);
                _siteHistory.Remove(site);
                break;
            case ModelRolledBack { Site: null }:
                _fleetVersion = Pop(_fleetHistory);
                _siteVersions.Clear();
                _siteHistory.Clear();
                break;
            case ModelRolledBack { Site: { } site }:
                var previous = Pop(_siteHistory[site]);
                if (previous is null) _siteVersions.Remove(site); // back to following the fleet
                else _siteVersions[site] = previous;
                if (_siteHistory[site].Count == 0) _siteHistory.Remove(site);
                break;
            case ThresholdsSet t:
                LastThresholdsRevision = Math.Max(LastThresholdsRevision, t.Thresholds.Revision);
                if (t.Site is null) _fleetThresholds = t.Thresholds;
                else _siteThresholds[t.Site] = t.Thresholds;
                break;
        }
    }

    private static void Push<T>(List<T> history, T value)
    {
        history.Add(value);
        if (history.Count > MaxHistory) history.RemoveAt(0);
    }

    private static T Pop<T>(List<T> history)
    {
        var last = history[^1];
        history.RemoveAt(history.Count - 1);
        return last;
    }

    // ---- queries ----

    /// <summary>The site's desired model (its staged version, else the fleet's) and thresholds (its own, else the fleet's).</summary>
    public SiteAssignment AssignmentOf(string site)
    {
        var version = _siteVersions.TryGetValue(site, out var staged) ? staged ?? _fleetVersion : _fleetVersion;
        return new SiteAssignment(site, version is null ? null : _releases[version],
            _siteThresholds.GetValueOrDefault(site) ?? _fleetThresholds);
    }

    public RolloutOverview Overview() => new(
        _releases.Values.OrderBy(r => r.PublishedAt).ToArray(), _fleetVersion, _fleetHistory.ToArray(),
        new SortedDictionary<string, string?>(_siteVersions, StringComparer.Ordinal),
        new SortedDictionary<string, IReadOnlyList<string?>>(_siteHistory.ToDictionary(p => p.Key, p => (IReadOnlyList<string?>)p.Value.ToArray()), StringComparer.Ordinal),
        _fleetThresholds, new SortedDictionary<string, ThresholdsAssignment>(_siteThresholds, StringComparer.Ordinal));
}
