using Akka.Configuration;
using EdgeLabel.Actors.Camera;
using EdgeLabel.Actors.Configuration;
using EdgeLabel.Actors.Routing;
using EdgeLabel.Tests.Support;
using ConfigurationException = EdgeLabel.Actors.Configuration.ConfigurationException;

namespace EdgeLabel.Tests.Configuration;

public sealed class EdgeSettingsReaderSpecs
{
    private static readonly Config Shipped = ConfigurationFactory.ParseString(File.ReadAllText(RepoPaths.Hocon("edge.conf")));

    private static EdgeSettings Read(string hocon) =>
        EdgeSettingsReader.Read(ConfigurationFactory.ParseString(hocon).WithFallback(Shipped), RepoPaths.Root);

    private static ConfigurationException Fails(string hocon) => Assert.Throws<ConfigurationException>(() => Read(hocon));

    [Fact]
    public void The_shipped_defaults_bind_on_their_own()
    {
        var settings = EdgeSettingsReader.Read(Shipped, RepoPaths.Root);
        Assert.Equal("site-a", settings.Site);
        Assert.Equal(256, settings.Pipeline.MaxInFlight);
        Assert.Equal(10_000, settings.SnapshotEvery);
        Assert.Empty(settings.Cameras);
        Assert.Null(settings.Model.Adapter); // auto
        Assert.Null(settings.Model.Version); // empty means "from the file's hash"
        Assert.Equal(Path.Combine(RepoPaths.Root, "out", "edge", "site-a", "journal.db"), settings.JournalPath);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.Reports.Interval);
    }

    [Fact]
    public void The_example_site_file_binds()
    {
        var settings = Read(File.ReadAllText(RepoPaths.Hocon("sites/example-site.conf")));

        Assert.Equal("quarry-north", settings.Site);
        Assert.Equal(new ClassThresholds(0.7f, 0.4f), settings.Router.Default);
        Assert.Equal(0.03, settings.Router.AuditShare);
        Assert.Equal(EmptyImagePolicy.LabelEmpty, settings.Router.WhenEmpty);
        Assert.Equal(TimeSpan.FromMilliseconds(5), settings.Pipeline.BatchWindow);
        Assert.Equal(3, settings.Cameras.Count);
        var gate = Assert.Single(settings.Cameras.OfType<DirectoryCameraSettings>());
        Assert.Equal(("gate", TimeSpan.FromSeconds(2)), (gate.Name, gate.PollInterval));
        Assert.Equal(["jpg", "jpeg", "png"], gate.Extensions);
        Assert.True(Path.IsPathRooted(gate.Path));
        var bay = Assert.Single(settings.Cameras.OfType<HttpCameraSettings>());
        Assert.Equal(("loading-bay", 33554432L, 64), (bay.Name, bay.MaxBodyBytes, bay.QueueCapacity));
        var walkway = Assert.Single(settings.Cameras.OfType<VideoCameraSettings>());
        Assert.Equal(("walkway", 1.0, 30), (walkway.Name, walkway.FramesPerSecond, walkway.MaxFrames));
    }

    [Fact]
    public void Per_class_router_overrides_bind_by_class_id()
    {
        var settings = Read("edgelabel.router.classes { 1 { accept = 0.9 } }");
        Assert.Equal(new ClassThresholds(0.9f, 0.4f), settings.Router.For(1));
        Assert.Equal(new ClassThresholds(0.7f, 0.4f), settings.Router.For(0));
    }

    [Theory]
    [InlineData("edgelabel.pipeline.max-in-flight = lots", "edgelabel.pipeline.max-in-flight")]
    [InlineData("edgelabel.pipeline.max-in-flight = 2.5", "edgelabel.pipeline.max-in-flight")]
    [InlineData("edgelabel.pipeline.max-in-flight = 0", "edgelabel.pipeline.max-in-flight")]
    [InlineData("edgelabel.router { accept = 0.3, reject = 0.5 }", "edgelabel.router.accept")]
    [InlineData("edgelabel.router.accept = 1.5", "edgelabel.router.accept")]
    [InlineData("edgelabel.router.reject = -0.1", "edgelabel.router.reject")]
    [InlineData("edgelabel.router.classes { 0 { accept = 0.2 } }", "edgelabel.router.classes.0.accept")]
    [InlineData("edgelabel.router.classes { face { accept = 0.8 } }", "edgelabel.router.classes.face")]
    [InlineData("edgelabel.router.when-empty = maybe", "edgelabel.router.when-empty")]
    [InlineData("edgelabel.cameras { door { type = webcam } }", "edgelabel.cameras.door.type")]
    [InlineData("edgelabel.cameras { \"Front Door\" { type = http } }", "edgelabel.cameras.Front Door")]
    [InlineData("edgelabel.cameras { door { type = directory } }", "edgelabel.cameras.door.path")]
    [InlineData("edgelabel.cameras { door { type = directory, path = x, poll-interval = soon } }", "edgelabel.cameras.door.poll-interval")]
    [InlineData("edgelabel.model.adapter = resnet", "edgelabel.model.adapter")]
    [InlineData("edgelabel.site = \"Site A\"", "edgelabel.site")]
    [InlineData("edgelabel.site = \"../etc\"", "edgelabel.site")]
    [InlineData("edgelabel.site = all", "edgelabel.site")]
    [InlineData("edgelabel.pipeline.batch-window = soon", "edgelabel.pipeline.batch-window")]
    [InlineData("edgelabel.pipeline.persist-timeout = 1ms", "edgelabel.pipeline.persist-timeout")]
    [InlineData("edgelabel.spool.fsync = sometimes", "edgelabel.spool.fsync")]
    [InlineData("edgelabel.site-reports.interval = 10ms", "edgelabel.site-reports.interval")]
    [InlineData("edgelabel.site-reports.interval = 2h", "edgelabel.site-reports.interval")]
    public void A_bad_value_is_reported_with_its_key_path(string hocon, string keyPath)
    {
        var error = Fails(hocon);
        Assert.Equal(keyPath, error.KeyPath);
        Assert.StartsWith(keyPath + ":", error.Message);
    }
}
