using Akka.Actor;
using Akka.Event;
using EdgeLabel.Actors.Configuration;
using EdgeLabel.Actors.Delivery;
using EdgeLabel.Actors.Inference;
using EdgeLabel.Actors.Routing;
using EdgeLabel.Storage;

namespace EdgeLabel.Actors.Rollout;

/// <summary>Keeps a site on the model and thresholds the cloud assigns it. Every poll interval it asks the cloud (through
/// the cluster link, when there is one) for the site's <see cref="SiteAssignment"/>; a new model version is downloaded
/// resumably, verified against its sha256, loaded off the actor thread and swapped into the <see cref="DetectorSlot"/>
/// (images in flight finish on the model they started with); new thresholds replace the router's at once. What is
/// active is saved in <see cref="SiteModels"/>, so a restart comes back on it. A file whose hash does not match is
/// refused for good and the running model stays. It lives in the site's ActorSystem, which never restarts.</summary>
public sealed class ModelInstaller : ReceiveActor, IWithTimers
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _site;
    private readonly RolloutSettings _settings;
    private readonly ModelSettings _configuredModel;
    private readonly RoutingPolicy _configuredPolicy;
    private readonly SiteModels _models;
    private readonly DetectorSlot _detectors;
    private readonly RoutingPolicySlot _thresholds;
    private readonly IObjectStore? _store;
    private readonly Func<IActorRef?> _cloud;
    private readonly Func<ModelSettings, IImageDetector> _load;
    // Releases whose bytes did not match their hash, by version and hash: asked again, they are not fetched again.
    private readonly HashSet<(string Version, string Sha256)> _refused = [];
    private InstalledAssignment _active;
    private string? _installing;
    private string? _lastError;
    private bool _asking;

    public ModelInstaller(string site, RolloutSettings settings, ModelSettings configuredModel, RoutingPolicy configuredPolicy, SiteModels models,
        DetectorSlot detectors, RoutingPolicySlot thresholds, IObjectStore? store, Func<IActorRef?> cloud, Func<ModelSettings, IImageDetector> load)
    {
        _site = site;
        _settings = settings;
        _configuredModel = configuredModel;
        _configuredPolicy = configuredPolicy;
        _models = models;
        _detectors = detectors;
        _thresholds = thresholds;
        _store = store;
        _cloud = cloud;
        _load = load;
        _active = models.LoadActive();
        // The host started on the saved model if its file still verified; if it fell back to the configured model, the
        // saved one is not active (and is installed again if the cloud still wants it).
        if (_active.Model is { } saved && detectors.Current.Model.Version != saved.Version) _active = _active with { Model = null };

        Receive<Poll>(_ => AskCloud());
        Receive<SiteAssignment>(Follow);
        Receive<Status.Failure>(f =>
        {
            _asking = false;
            _log.Debug("Rollout: the cloud did not answer ({0})", f.Cause.Message);
        });
        Receive<Installed>(OnInstalled);
        Receive<InstallFailed>(OnInstallFailed);
        Receive<GetRolloutStatus>(_ => Sender.Tell(Status()));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string site, RolloutSettings settings, ModelSettings configuredModel, RoutingPolicy configuredPolicy, SiteModels models,
        DetectorSlot detectors, RoutingPolicySlot thresholds, IObjectStore? store, Func<IActorRef?> cloud, Func<ModelSettings, IImageDetector> load) =>
        Akka.Actor.Props.Create(() => new ModelInstaller(site, settings, configuredModel, configuredPolicy, models, detectors, thresholds, store, cloud, load));

    /// <summary>The way an edge reaches the registry: its cluster link, which asks the singleton on its behalf.</summary>
    public static Func<IActorRef?> Through(CloudGateway gateway) => () => gateway.Link;

    protected override void PreStart()
    {
        _thresholds.Set(SiteModels.PolicyFor(_configuredPolicy, _active.Thresholds)); // the host started on these already
        if (_settings.Enabled) Timers.StartPeriodicTimer("poll", Poll.Instance, TimeSpan.FromMilliseconds(200), _settings.PollInterval);
    }

    private RolloutStatus Status() => new(_detectors.Current.Model, _active.Thresholds?.Revision, _installing, _lastError);

    private void AskCloud()
    {
        if (_asking || _cloud() is not { } cloud) return; // one ask at a time; no link = offline, try next tick
        _asking = true;
        cloud.Ask<SiteAssignment>(new GetSiteAssignment(_site), _settings.AskTimeout).PipeTo(Self);
    }

    private void Follow(SiteAssignment assignment)
    {
        _asking = false;
        if (assignment.Site != _site) return;
        FollowThresholds(assignment.Thresholds);
        FollowModel(assignment.Model);
    }

    private void FollowThresholds(ThresholdsAssignment? desired)
    {
        if (desired?.Revision == _active.Thresholds?.Revision) return;
        _thresholds.Set(SiteModels.PolicyFor(_configuredPolicy, desired));
        Save(_active with { Thresholds = desired });
        _log.Info("Site {0}: thresholds {1}", _site, desired is null ? "back to the configured ones" : $"revision {desired.Revision}: accept {desired.Accept}, reject {desired.Reject}");
    }

    private void FollowModel(ModelRelease? desired)
    {
        if (_installing is not null) return; // one install at a time; the next poll sees what is desired then
        if (desired?.Version == _active.Model?.Version) return;
        if (desired is not null && _refused.Contains((desired.Version, desired.Sha256))) return;
        _installing = desired?.Version ?? "(configured)";
        var self = Self;
        InstallAsync(desired).PipeTo(self, success: detector => new Installed(desired, detector),
            failure: e => new InstallFailed(desired, e is AggregateException a ? a.GetBaseException() : e));
        _log.Info("Site {0}: installing model {1}", _site, _installing);
    }

    /// <summary>Download (resumable) and verify, then load the session: all off the actor thread.</summary>
    private async Task<IImageDetector> InstallAsync(ModelRelease? release)
    {
        if (release is null) return await Task.Run(() => _load(_configuredModel)).ConfigureAwait(false);
        if (_store is null) throw new InvalidOperationException("this site has no object store to fetch models from (edgelabel.store)");
        var path = await _models.DownloadAsync(_store, release).ConfigureAwait(false);
        var settings = SiteModels.SettingsFor(_configuredModel, release, path);
        return await Task.Run(() =>
        {
            var detector = _load(settings);
            if (string.Equals(detector.Model.Sha256, release.Sha256, StringComparison.OrdinalIgnoreCase)) return detector;
            (detector as IDisposable)?.Dispose(); // the file changed between verifying and loading
            throw new ModelRefusedException($"model {release.Version}: the loaded file's sha256 {detector.Model.Sha256} is not the published one");
        }).ConfigureAwait(false);
    }

    private void OnInstalled(Installed installed)
    {
        _installing = null;
        _lastError = null;
        var previous = _detectors.Swap(installed.Detector);
        Save(_active with { Model = installed.Release });
        _log.Info("Site {0}: model {1} {2} active (was {3} {4}); images in flight finish on the one they started with",
            _site, installed.Detector.Model.Id, installed.Detector.Model.Version, previous.Model.Id, previous.Model.Version);
    }

    private void OnInstallFailed(InstallFailed failed)
    {
        _installing = null;
        var version = failed.Release?.Version ?? "(configured)";
        _lastError = $"{version}: {failed.Cause.Message}";
        if (failed.Cause is ModelRefusedException && failed.Release is { } release)
        {
            _refused.Add((release.Version, release.Sha256));
            _log.Error("Site {0}: {1}; model {2} keeps running", _site, failed.Cause.Message, _detectors.Current.Model.Version);
        }
        else
        {
            _log.Warning("Site {0}: installing model {1} failed, retrying at the next poll: {2}", _site, version, failed.Cause.Message);
        }
    }

    /// <summary>Written before the next message, like a persisted event: a few hundred bytes, only when a rollout
    /// changes something, so the short synchronous write is the price of never reporting an assignment a crash loses.</summary>
    private void Save(InstalledAssignment active)
    {
        _active = active;
        try
        {
            _models.SaveActive(active);
        }
        catch (IOException e)
        {
            // The site runs it either way; only a restart would come back on the older one.
            _log.Warning("Site {0}: could not save the active rollout to {1}: {2}", _site, _models.ActivePath, e.Message);
        }
    }

    private sealed record Installed(ModelRelease? Release, IImageDetector Detector);

    private sealed record InstallFailed(ModelRelease? Release, Exception Cause);

    private sealed class Poll
    {
        public static readonly Poll Instance = new();
    }
}
