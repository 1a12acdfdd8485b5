using EdgeLabel.Actors.Configuration;
using EdgeLabel.Tests.Support;

namespace EdgeLabel.Tests.Configuration;

public sealed class ConfigValidatorSpecs : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edgelabel-validate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string name, string hocon)
    {
        var path = Path.Combine(_dir, name);
        System.IO.File.WriteAllText(path, hocon);
        return path;
    }

    private IReadOnlyList<ConfigProblem> Validate(params string[] files) =>
        ConfigValidator.ValidateDeployment(files, hoconDirectory: RepoPaths.Hocon(""), baseDirectory: RepoPaths.Root);

    private static ConfigProblem At(IReadOnlyList<ConfigProblem> problems, string keyPath) =>
        problems.SingleOrDefault(p => p.KeyPath == keyPath) ?? throw new Xunit.Sdk.XunitException(
            $"no problem at {keyPath}; got:\n{string.Join("\n", problems)}");

    [Fact]
    public void The_shipped_files_are_valid()
    {
        Assert.Empty(Validate(RepoPaths.Hocon("sites/example-site.conf")));
        Assert.Empty(Validate(RepoPaths.Hocon("cloud.conf")));
        Assert.Empty(Validate(RepoPaths.Hocon("demo.conf")));
    }

    [Fact]
    public void Every_problem_of_a_file_is_reported_with_its_key_path_not_just_the_first()
    {
        var file = File("bad-site.conf", """
            edgelabel {
              site = "north"
              router { acept = 0.8, accept = 1.5, reject = "high" }
              model { adapter = yolo9 }
              store { bucket = "Bad_Bucket" }
              upload { bytes-per-second = 0 }
              cluster { enabled = on, seeds = [] }
              spool = "x"
            }
            """);

        var problems = Validate(file);

        Assert.Contains("unknown adapter 'yolo9'", At(problems, "edgelabel.model.adapter").Problem);
        Assert.Contains("[0, 1]", At(problems, "edgelabel.router.accept").Problem);
        Assert.Contains("expected a number", At(problems, "edgelabel.router.reject").Problem);
        Assert.Contains("Bad_Bucket", At(problems, "edgelabel.store.bucket").Problem);
        Assert.Contains("at least 1", At(problems, "edgelabel.upload.bytes-per-second").Problem);
        Assert.Contains("seed", At(problems, "edgelabel.cluster.seeds").Problem);
        Assert.Equal("unknown key (did you mean 'accept'?)", At(problems, "edgelabel.router.acept").Problem);
        Assert.Contains("expected an object", At(problems, "edgelabel.spool").Problem);
        Assert.Equal(8, problems.Count);
        Assert.All(problems, p => Assert.Equal(file, p.File));
    }

    [Fact]
    public void Accept_below_reject_is_reported()
    {
        var problems = Validate(File("site.conf", "edgelabel { site = north, router { accept = 0.3, reject = 0.5 } }"));

        Assert.Contains(problems, p => p.KeyPath.StartsWith("edgelabel.router", StringComparison.Ordinal) && p.Problem.Contains("reject"));
    }

    [Fact]
    public void A_syntax_error_is_one_problem_naming_the_file()
    {
        var problems = Validate(File("broken.conf", "edgelabel { site = north "));

        var problem = Assert.Single(problems);
        Assert.Contains("not valid HOCON", problem.Problem);
    }

    [Fact]
    public void A_missing_required_value_stops_validation_and_says_so()
    {
        var problems = Validate(File("site.conf", "edgelabel { site = \"\", cameras { gate { type = directory } } }"));

        Assert.Contains(problems, p => p.KeyPath == "edgelabel.site");
        Assert.True(problems.Count >= 1);
    }

    [Fact]
    public void Cloud_files_are_recognised_and_their_unknown_keys_reported()
    {
        var problems = Validate(File("cloud-1.conf", "edgelabel { cloud { labeling { backend = embedded, max-batch-itemz = 5 } } }"));

        Assert.Contains("did you mean 'max-batch-items'", At(problems, "edgelabel.cloud.labeling.max-batch-itemz").Problem);
    }

    [Fact]
    public void A_deployment_with_a_duplicate_site_a_shared_port_and_a_seed_that_is_no_cloud_node_is_refused()
    {
        var cloud = File("cloud-1.conf", """
            edgelabel { cloud { data-dir = "out/v/cloud-1", http.url = "http://127.0.0.1:6090" }
                        cluster { port = 6053, seeds = ["127.0.0.1:6053"] } }
            """);
        string Edge(string name, string site, int http, string seed) => File(name, $$"""
            edgelabel { site = {{site}}, data-dir = "out/v/{{name}}", http.url = "http://127.0.0.1:{{http}}"
                        cluster { enabled = on, port = 0, seeds = ["{{seed}}"] } }
            """);
        var north = Edge("north.conf", "north", 6080, "127.0.0.1:6053");
        var south = Edge("south.conf", "north", 6090, "127.0.0.1:7053");

        var problems = Validate(cloud, north, south);

        Assert.Contains("duplicate site name 'north'", At(problems, "edgelabel.site").Problem);
        Assert.Contains("also used by", At(problems, "edgelabel.http.url").Problem);
        var seed = At(problems, "edgelabel.cluster.seeds");
        Assert.Equal(south, seed.File);
        Assert.Contains("127.0.0.1:7053 is no cloud node", seed.Problem);
    }

    [Fact]
    public void A_node_given_with_its_environment_finds_the_journal_connection_string_there()
    {
        var cloud = File("cloud-pg.conf", "edgelabel.cloud.journal.provider = postgresql");
        var variable = $"EDGELABEL_TEST_PG_{Guid.NewGuid():N}";
        var named = File("cloud-pg-named.conf", $"edgelabel.cloud.journal {{ provider = postgresql, postgresql.connection-string-env = {variable} }}");
        var container = new Dictionary<string, string> { [variable] = "Host=postgres;Database=edgelabel;Username=edgelabel;Password=x" };

        var without = ConfigValidator.ValidateDeployment([new DeploymentNode(named, new Dictionary<string, string>(), "cloud-1")],
            hoconDirectory: RepoPaths.Hocon(""), baseDirectory: RepoPaths.Root, oneHost: false);
        var with = ConfigValidator.ValidateDeployment([new DeploymentNode(named, container, "cloud-1")],
            hoconDirectory: RepoPaths.Hocon(""), baseDirectory: RepoPaths.Root, oneHost: false);
        var hostless = ConfigValidator.ValidateDeployment([new DeploymentNode(cloud,
                new Dictionary<string, string> { ["EDGELABEL_PG_CONNECTION"] = "Database=edgelabel" }, "cloud-2")],
            hoconDirectory: RepoPaths.Hocon(""), baseDirectory: RepoPaths.Root, oneHost: false);

        Assert.Contains("no PostgreSQL connection string", At(without, "edgelabel.cloud.journal.postgresql.connection-string").Problem);
        Assert.Empty(with);
        Assert.Contains("has no Host", At(hostless, "edgelabel.cloud.journal.postgresql.connection-string-env").Problem);
    }

    [Fact]
    public void A_node_refuses_a_file_with_an_unknown_key_and_names_it()
    {
        var file = File("site.conf", "edgelabel { site = north, upload { concurency = 2 } }");
        var defaults = RepoPaths.Hocon("edge.conf");
        var hocon = ConfigLoader.Load(file, defaults, new Dictionary<string, string>());

        var refused = Assert.Throws<ConfigurationException>(() =>
            ConfigValidator.ReadRefusingUnknownKeys(file, hocon, defaults, h => EdgeSettingsReader.Read(h, RepoPaths.Root), new Dictionary<string, string>()));

        Assert.Equal("edgelabel.upload.concurency", refused.KeyPath);
        Assert.Contains("did you mean 'concurrency'", refused.Message);
    }

    [Fact]
    public void A_node_refuses_an_unknown_key_in_EDGELABEL_HOCON_and_names_the_variable_but_takes_akka_keys_and_known_ones()
    {
        var file = File("site.conf", "edgelabel { site = north }");
        var defaults = RepoPaths.Hocon("edge.conf");
        var typo = new Dictionary<string, string> { ["EDGELABEL_HOCON"] = "edgelabel.router { acept = 0.8 }" };
        var fine = new Dictionary<string, string> { ["EDGELABEL_HOCON"] = "edgelabel.router.accept = 0.8\nakka.loglevel = DEBUG" };

        var refused = Assert.Throws<ConfigurationException>(() => ConfigValidator.ReadRefusingUnknownKeys(file, ConfigLoader.Load(file, defaults, typo), defaults,
            h => EdgeSettingsReader.Read(h, RepoPaths.Root), typo));
        var settings = ConfigValidator.ReadRefusingUnknownKeys(null, ConfigLoader.Load(null, defaults, fine), defaults,
            h => EdgeSettingsReader.Read(h, RepoPaths.Root), fine);

        Assert.Equal("edgelabel.router.acept", refused.KeyPath);
        Assert.Contains("did you mean 'accept'", refused.Message);
        Assert.EndsWith("in EDGELABEL_HOCON", refused.Message);
        Assert.Equal(0.8f, settings.Router.Default.Accept);
    }
}
