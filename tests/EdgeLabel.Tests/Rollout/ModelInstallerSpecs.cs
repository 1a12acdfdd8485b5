using System.Security.Cryptography;
using Akka.Actor;
using EdgeLabel.Actors.Configuration;
using EdgeLabel.Actors.Inference;
using EdgeLabel.Actors.Rollout;
using EdgeLabel.Actors.Routing;
using EdgeLabel.Inference;
using EdgeLabel.Inference.Models;
using EdgeLabel.Storage;
using EdgeLabel.Tests.Support;

namespace EdgeLabel.Tests.Rollout;

/// <summary>The edge's installer against a local-folder object store, a scripted cloud and a fake loader (no ONNX):
/// a new version is fetched, verified, swapped in and saved; a bad hash is refused and the old model keeps running;
/// a partial download resumes where it stopped; a restart comes back on the active version; thresholds follow.</summary>
public sealed class ModelInstallerSpecs : AkkaSpec, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly RolloutSettings Fast = new(true, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2));
    private static readonly RoutingPolicy Configured = RoutingPolicy.Simple(0.7f, 0.4f, 0.05);
    private readonly TempDirectory _temp = new("installer");
    private readonly RangeRecordingStore _store;
    private readonly ModelSettings _configuredModel;
    private readonly SiteModels _models;
    private readonly IActorRef _cloud;
    private readonly byte[] _v2Bytes = RandomNumberGenerator.GetBytes(200_000);

    public ModelInstallerSpecs(ITestOutputHelper output) : base("akka.loglevel = WARNING", output: output)
    {
        _store = new RangeRecordingStore(new LocalDirectoryObjectStore(_temp.File("store"), createMissingBuckets: true));
        File.WriteAllBytes(_temp.File("configured.onnx"), RandomNumberGenerator.GetBytes(1000));
        _configuredModel = new ModelSettings("blazeface-back-256", _temp.File("configured.onnx"), "v1", "blazeface", ["face"], 1, 1, "all", false, 0.1f, null, 1_000_000);
        _models = new SiteModels(_temp.File("models"));
        _cloud = Sys.ActorOf(Props.Create(() => new ScriptedCloud()));
    }

    public new void Dispose()
    {
        _temp.Dispose();
        base.Dispose();
    }

    private async Task<ModelRelease> Publish(string version, byte[] bytes, string? sha256 = null)
    {
        var uri = ObjectUri.Parse($"s3://models/models/blazeface-back-256/{version}.onnx");
        await _store.PutAsync(uri, bytes, "application/octet-stream");
        return new ModelRelease("blazeface-back-256", version, uri.ToString(), sha256 ?? Sha(bytes), bytes.Length, "blazeface", ["face"], DateTimeOffset.UnixEpoch);
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private void Assign(ModelRelease? model, ThresholdsAssignment? thresholds = null) =>
        _cloud.Tell(new SiteAssignment("site-a", model, thresholds));

    private (DetectorSlot Detectors, RoutingPolicySlot Thresholds, IActorRef Installer) StartSite(bool cloudReachable = true)
    {
        var active = _models.LoadActive();
        var detectors = new DetectorSlot(FileDetector.Load(_models.StartupModel(_configuredModel, active)));
        var thresholds = new RoutingPolicySlot(SiteModels.PolicyFor(Configured, active.Thresholds));
        var installer = Sys.ActorOf(ModelInstaller.Props("site-a", Fast, _configuredModel, Configured, _models, detectors, thresholds, _store,
            () => cloudReachable ? _cloud : null, FileDetector.Load));
        return (detectors, thresholds, installer);
    }

    private async Task<RolloutStatus> WaitFor(IActorRef installer, Func<RolloutStatus, bool> condition)
    {
        var until = DateTime.UtcNow + Patience;
        RolloutStatus status;
        do
        {
            status = await installer.Ask<RolloutStatus>(GetRolloutStatus.Instance, Patience);
            if (condition(status)) return status;
            await Task.Delay(50, TestContext.Current.CancellationToken);
        } while (DateTime.UtcNow < until);
        Assert.Fail($"the installer never got there: {status}");
        return status;
    }

    [Fact]
    public async Task A_new_version_is_fetched_verified_swapped_in_and_saved_as_active()
    {
        var (detectors, _, installer) = StartSite();
        var old = detectors.Current;
        Assign(await Publish("v2", _v2Bytes));

        var status = await WaitFor(installer, s => s.Active.Version == "v2");

        Assert.Equal(Sha(_v2Bytes), status.Active.Sha256);
        Assert.Null(status.LastError);
        Assert.Equal("v2", detectors.Current.Model.Version);
        Assert.True(((FileDetector)old).Disposed); // no lease held it
        Assert.Equal(_v2Bytes, await File.ReadAllBytesAsync(_models.FileOf("v2"), TestContext.Current.CancellationToken));
        Assert.False(File.Exists(_models.PartialOf("v2")));
        Assert.Equal("v2", _models.LoadActive().Model?.Version);
    }

    [Fact]
    public async Task A_file_whose_hash_does_not_match_is_refused_and_the_old_model_keeps_running()
    {
        var (detectors, _, installer) = StartSite();
        var corrupted = _v2Bytes.ToArray();
        corrupted[1234] ^= 0xFF; // one flipped byte, published with the good file's hash
        Assign(await Publish("v2", corrupted, sha256: Sha(_v2Bytes)));

        var status = await WaitFor(installer, s => s.LastError is not null);
        await Task.Delay(500, TestContext.Current.CancellationToken); // a few more polls: refused for good, not fetched again

        Assert.Contains("refused", status.LastError);
        Assert.Contains("sha256", status.LastError);
        Assert.Equal("v1", detectors.Current.Model.Version);
        Assert.False(((FileDetector)detectors.Current).Disposed);
        Assert.False(File.Exists(_models.FileOf("v2")));
        Assert.False(File.Exists(_models.PartialOf("v2")));
        Assert.Null(_models.LoadActive().Model);
        Assert.Equal(1, _store.Gets);
        Assert.Equal("v1", (await installer.Ask<RolloutStatus>(GetRolloutStatus.Instance, Patience)).Active.Version);
    }

    [Fact]
    public async Task A_partial_download_resumes_from_where_it_stopped()
    {
        var release = await Publish("v2", _v2Bytes);
        Directory.CreateDirectory(_models.Directory);
        await File.WriteAllBytesAsync(_models.PartialOf("v2"), _v2Bytes[..150_000], TestContext.Current.CancellationToken); // the link dropped here
        var (_, _, installer) = StartSite();
        Assign(release);

        await WaitFor(installer, s => s.Active.Version == "v2");

        Assert.Equal([150_000L], _store.Offsets); // only the missing 50 000 bytes crossed the link
        Assert.Equal(_v2Bytes, await File.ReadAllBytesAsync(_models.FileOf("v2"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_restarted_site_comes_back_on_the_active_version_and_thresholds_even_offline()
    {
        var (_, thresholds, installer) = StartSite();
        Assign(await Publish("v2", _v2Bytes), new ThresholdsAssignment(4, 0.9f, 0.2f));
        await WaitFor(installer, s => s.Active.Version == "v2" && s.ThresholdsRevision == 4);
        Assert.Equal(new ClassThresholds(0.9f, 0.2f), thresholds.Current.Default);
        Assert.Equal(0.05, thresholds.Current.AuditShare); // only the default pair is rolled out
        await installer.GracefulStop(Patience);

        var (detectors, thresholdsAgain, again) = StartSite(cloudReachable: false);

        Assert.Equal("v2", detectors.Current.Model.Version); // from the first image on, not after a poll
        Assert.Equal(new ClassThresholds(0.9f, 0.2f), thresholdsAgain.Current.Default);
        var status = await again.Ask<RolloutStatus>(GetRolloutStatus.Instance, Patience);
        Assert.Equal(("v2", 4), (status.Active.Version, status.ThresholdsRevision));
    }

    [Fact]
    public async Task Rolling_back_to_no_rollout_returns_to_the_configured_model_and_thresholds()
    {
        var (detectors, thresholds, installer) = StartSite();
        Assign(await Publish("v2", _v2Bytes), new ThresholdsAssignment(1, 0.9f, 0.2f));
        await WaitFor(installer, s => s.Active.Version == "v2");

        Assign(null);

        await WaitFor(installer, s => s.Active.Version == "v1" && s.ThresholdsRevision is null);
        Assert.Equal(_configuredModel.Path, ((FileDetector)detectors.Current).Path);
        Assert.Equal(Configured, thresholds.Current);
        Assert.Null(_models.LoadActive().Model);
    }

    /// <summary>Answers the installer's asks with whatever the spec assigned last.</summary>
    private sealed class ScriptedCloud : ReceiveActor
    {
        private SiteAssignment _assignment = new("site-a", null, null);

        public ScriptedCloud()
        {
            Receive<SiteAssignment>(a => _assignment = a);
            Receive<GetSiteAssignment>(_ => Sender.Tell(_assignment));
        }
    }

    /// <summary>A detector "loaded" from a file: its identity is the settings' name and version and the file's hash.</summary>
    private sealed class FileDetector(ModelSettings settings) : IImageDetector, IDisposable
    {
        public static IImageDetector Load(ModelSettings settings) => new FileDetector(settings);

        public string Path { get; } = settings.Path;

        public bool Disposed { get; private set; }

        public ModelIdentity Model { get; } = new(settings.Id, settings.Version ?? "?", SiteModels.Sha256Of(settings.Path));

        public IReadOnlyList<string> ClassNames => settings.ClassNames;

        public int MaxBatch => 1;

        public PreparedFrame Prepare(byte[] imageBytes) => new(1, 1, imageBytes);

        public IReadOnlyList<IReadOnlyList<Detection>> Detect(IReadOnlyList<PreparedFrame> batch) => batch.Select(_ => (IReadOnlyList<Detection>)[]).ToArray();

        public void Dispose() => Disposed = true;
    }

    /// <summary>The local store, with a record of every read and the offset it started at.</summary>
    private sealed class RangeRecordingStore(IObjectStore inner) : IObjectStore
    {
        private readonly List<long> _offsets = [];

        public IReadOnlyList<long> Offsets
        {
            get { lock (_offsets) return _offsets.ToArray(); }
        }

        public int Gets => Offsets.Count;

        public async Task<Stream> GetAsync(ObjectUri uri, long offset, CancellationToken cancellationToken = default)
        {
            lock (_offsets) _offsets.Add(offset);
            return await inner.GetAsync(uri, offset, cancellationToken);
        }

        public Task<Stream> GetAsync(ObjectUri uri, CancellationToken cancellationToken = default) => GetAsync(uri, 0, cancellationToken);

        public Task<StoredObject> PutAsync(ObjectUri uri, Stream content, string contentType, IReadOnlyDictionary<string, string>? metadata = null,
            CancellationToken cancellationToken = default) => inner.PutAsync(uri, content, contentType, metadata, cancellationToken);

        public Task<StoredObject> PutAsync(ObjectUri uri, ReadOnlyMemory<byte> content, string contentType, IReadOnlyDictionary<string, string>? metadata = null,
            CancellationToken cancellationToken = default) => inner.PutAsync(uri, content, contentType, metadata, cancellationToken);

        public Task<StoredObject?> HeadAsync(ObjectUri uri, CancellationToken cancellationToken = default) => inner.HeadAsync(uri, cancellationToken);

        public Task<bool> ProbeAsync(string bucket, CancellationToken cancellationToken = default) => inner.ProbeAsync(bucket, cancellationToken);

        public Task<IReadOnlyList<string>> ListKeysAsync(string bucket, string prefix, int maxKeys = 10000, CancellationToken cancellationToken = default) =>
            inner.ListKeysAsync(bucket, prefix, maxKeys, cancellationToken);

        public Task DeleteAsync(ObjectUri uri, CancellationToken cancellationToken = default) => inner.DeleteAsync(uri, cancellationToken);
    }
}
