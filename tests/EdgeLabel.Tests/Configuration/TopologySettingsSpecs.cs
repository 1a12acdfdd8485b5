using Akka.Configuration;
using EdgeLabel.Actors.Cluster;
using EdgeLabel.Actors.Configuration;
using EdgeLabel.Tests.Support;
using ConfigurationException = EdgeLabel.Actors.Configuration.ConfigurationException;

namespace EdgeLabel.Tests.Configuration;

/// <summary>Cluster topology from HOCON: seeds, ports, public addresses, roles, environment overrides, the cloud's
/// projects; every bad value fails with its key path.</summary>
public sealed class TopologySettingsSpecs
{
    private static readonly Config ShippedCloud = ConfigurationFactory.ParseString(File.ReadAllText(RepoPaths.Hocon("cloud.conf")));
    private static readonly Config ShippedEdge = ConfigurationFactory.ParseString(File.ReadAllText(RepoPaths.Hocon("edge.conf")));

    private static CloudSettings Cloud(string hocon) =>
        CloudSettingsReader.Read(ConfigurationFactory.ParseString(hocon).WithFallback(ShippedCloud), RepoPaths.Root);

    private static ConfigurationException CloudFails(string hocon) => Assert.Throws<ConfigurationException>(() => Cloud(hocon));

    [Fact]
    public void The_shipped_cloud_defaults_bind_and_form_a_one_node_cluster_on_loopback()
    {
        var settings = CloudSettingsReader.Read(ShippedCloud, RepoPaths.Root);
        Assert.True(settings.Cluster.Enabled);
        Assert.Equal(("127.0.0.1", 4053, "127.0.0.1", 4053), (settings.Cluster.Host, settings.Cluster.Port, settings.Cluster.PublicHost, settings.Cluster.PublicPort));
        Assert.Equal([new ClusterSeed("127.0.0.1", 4053)], settings.Cluster.Seeds);
        Assert.Equal(["face"], settings.Projects["default"].Categories);
        Assert.Equal(Path.Combine(RepoPaths.Root, "out", "cloud", "journal.db"), settings.Journal.SqlitePath);
        Assert.Equal(Path.Combine(RepoPaths.Root, "out", "cloud", "exports"), settings.ExportDirectory);
    }

    [Fact]
    public void The_shipped_edge_is_standalone_until_the_cluster_is_enabled()
    {
        var standalone = EdgeSettingsReader.Read(ShippedEdge, RepoPaths.Root);
        Assert.False(standalone.Cluster.Enabled);
        var joined = EdgeSettingsReader.Read(ConfigurationFactory.ParseString("""
            edgelabel.cluster { enabled = on, port = 4070, public-host = "edge-1.example", public-port = 14070, seeds = ["10.0.0.5:4053", "akka.tcp://edgelabel@10.0.0.6:4053"] }
            edgelabel.delivery.project = "yards"
            """).WithFallback(ShippedEdge), RepoPaths.Root);
        Assert.Equal("akka.tcp://edgelabel@edge-1.example:14070", joined.Cluster.SelfAddress);
        Assert.Equal(["10.0.0.5:4053", "10.0.0.6:4053"], joined.Cluster.Seeds.Select(s => s.ToString()));
        Assert.Equal("yards", joined.Delivery.Project);
    }

    [Theory]
    [InlineData("edgelabel.cluster.port = 70000", "edgelabel.cluster.port")]
    [InlineData("edgelabel.cluster.port = abc", "edgelabel.cluster.port")]
    [InlineData("edgelabel.cluster.seeds = [\"no-port\"]", "edgelabel.cluster.seeds[0]")]
    [InlineData("edgelabel.cluster.seeds = [\"10.0.0.5:4053\", \"host:0\"]", "edgelabel.cluster.seeds[1]")]
    [InlineData("edgelabel.cluster.seeds = []", "edgelabel.cluster.seeds")]
    [InlineData("edgelabel.cluster.host = \"bad host\"", "edgelabel.cluster.host")]
    [InlineData("edgelabel.cluster.system-name = \"a b\"", "edgelabel.cluster.system-name")]
    [InlineData("edgelabel.cluster.roles = [\"a b\"]", "edgelabel.cluster.roles")]
    [InlineData("edgelabel.cloud.projects.Bad_Name.label-categories = [x]", "edgelabel.cloud.projects.Bad_Name")]
    [InlineData("edgelabel.cloud.projects.yards.label-categories = []", "edgelabel.cloud.projects.yards.label-categories")]
    [InlineData("edgelabel.cloud.projects.yards.label-categories = [car, car]", "edgelabel.cloud.projects.yards.label-categories")]
    [InlineData("edgelabel.cloud.journal.provider = oracle", "edgelabel.cloud.journal.provider")]
    public void A_bad_value_names_its_key(string hocon, string key)
    {
        Assert.Equal(key, CloudFails(hocon).KeyPath);
    }

    [Fact]
    public void A_cloud_without_projects_names_the_key()
    {
        var error = Assert.Throws<ConfigurationException>(() => CloudSettingsReader.Read(
            ConfigurationFactory.ParseString("edgelabel.cloud.projects {}\nedgelabel.cluster.seeds = [\"127.0.0.1:4053\"]"), RepoPaths.Root));
        Assert.Equal("edgelabel.cloud.projects", error.KeyPath);
    }

    [Fact]
    public void A_bad_delivery_project_on_an_edge_names_its_key()
    {
        var error = Assert.Throws<ConfigurationException>(() => EdgeSettingsReader.Read(
            ConfigurationFactory.ParseString("edgelabel.delivery.project = \"Not A Project\"").WithFallback(ShippedEdge), RepoPaths.Root));
        Assert.Equal("edgelabel.delivery.project", error.KeyPath);
    }

    [Fact]
    public void Environment_variables_override_the_files_and_EDGELABEL_HOCON_overrides_everything()
    {
        var environment = new Dictionary<string, string>
        {
            ["EDGELABEL_CLUSTER_PORT"] = "4999",
            ["EDGELABEL_CLUSTER_PUBLIC_HOST"] = "cloud-2.internal",
            ["EDGELABEL_CLUSTER_SEEDS"] = "cloud-1.internal:4053, cloud-2.internal:4053",
            ["EDGELABEL_HOCON"] = "edgelabel.cloud.projects.yards.label-categories = [truck]",
            ["UNRELATED"] = "x",
        };
        var hocon = ConfigLoader.Load(null, RepoPaths.Hocon("cloud.conf"), environment);
        var settings = CloudSettingsReader.Read(hocon, RepoPaths.Root);

        Assert.Equal((4999, "cloud-2.internal"), (settings.Cluster.Port, settings.Cluster.PublicHost));
        Assert.Equal(["cloud-1.internal:4053", "cloud-2.internal:4053"], settings.Cluster.Seeds.Select(s => s.ToString()));
        Assert.Equal(["truck"], settings.Projects["yards"].Categories);
        Assert.Contains("default", settings.Projects.Keys);
    }

    [Fact]
    public void EDGELABEL_HTTP_URL_sets_the_address_each_kind_of_node_listens_on()
    {
        var environment = new Dictionary<string, string> { ["EDGELABEL_HTTP_URL"] = "http://0.0.0.0:6090" };

        var cloud = CloudSettingsReader.Read(ConfigLoader.Load(null, RepoPaths.Hocon("cloud.conf"), environment), RepoPaths.Root);
        var edge = EdgeSettingsReader.Read(ConfigLoader.Load(null, RepoPaths.Hocon("edge.conf"), environment), RepoPaths.Root);

        Assert.Equal("http://0.0.0.0:6090", cloud.HttpUrl);
        Assert.Equal("http://0.0.0.0:6090", edge.HttpUrl);
    }

    [Fact]
    public void A_bad_environment_value_names_the_key_it_overrides_and_bad_EDGELABEL_HOCON_names_the_variable()
    {
        var port = Assert.Throws<ConfigurationException>(() => CloudSettingsReader.Read(
            ConfigLoader.Load(null, RepoPaths.Hocon("cloud.conf"), new Dictionary<string, string> { ["EDGELABEL_CLUSTER_PORT"] = "http" }), RepoPaths.Root));
        Assert.Equal("edgelabel.cluster.port", port.KeyPath);
        var hocon = Assert.Throws<ConfigurationException>(() =>
            ConfigLoader.Load(null, RepoPaths.Hocon("cloud.conf"), new Dictionary<string, string> { ["EDGELABEL_HOCON"] = "a = {" }));
        Assert.Equal("EDGELABEL_HOCON", hocon.KeyPath);
    }

    [Fact]
    public void The_generated_akka_configuration_carries_addresses_seeds_roles_and_the_shipped_split_brain_resolver()
    {
        var settings = Cloud("edgelabel.cluster { port = 4100, public-port = 14100, seeds = [\"127.0.0.1:4100\", \"127.0.0.1:4101\"] }");
        var akka = ClusterHocon.Build(settings.Cluster, [ClusterRoles.Cloud], ShippedCloud);

        Assert.Equal("cluster", akka.GetString("akka.actor.provider"));
        Assert.Equal(4100, akka.GetInt("akka.remote.dot-netty.tcp.port"));
        Assert.Equal(14100, akka.GetInt("akka.remote.dot-netty.tcp.public-port"));
        Assert.Equal(["akka.tcp://edgelabel@127.0.0.1:4100", "akka.tcp://edgelabel@127.0.0.1:4101"], akka.GetStringList("akka.cluster.seed-nodes"));
        Assert.Equal(["cloud"], akka.GetStringList("akka.cluster.roles"));
        Assert.Equal("keep-oldest", akka.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        Assert.Equal("cloud", akka.GetString("akka.cluster.split-brain-resolver.keep-oldest.role"));
        Assert.False(akka.GetBoolean("akka.cluster.split-brain-resolver.down-all-when-unstable"));
        Assert.False(akka.GetBoolean("akka.coordinated-shutdown.exit-clr"));
    }
}
