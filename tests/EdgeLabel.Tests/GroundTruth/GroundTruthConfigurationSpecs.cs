using Config = Akka.Configuration.Config;
using ConfigurationFactory = Akka.Configuration.ConfigurationFactory;
using EdgeLabel.Actors.Configuration;
using EdgeLabel.Actors.GroundTruth;
using EdgeLabel.GroundTruth.Embedded;
using EdgeLabel.Tests.Support;

namespace EdgeLabel.Tests.GroundTruth;

/// <summary><c>edgelabel.cloud.ground-truth</c> as shipped and as overridden, the secrets read from the environment
/// (hashed tokens, nothing echoed), and the worker answer's validation.</summary>
public sealed class GroundTruthConfigurationSpecs
{
    private static readonly Config ShippedCloud = ConfigurationFactory.ParseString(File.ReadAllText(RepoPaths.Hocon("cloud.conf")));

    private static GroundTruthSettings Read(string hocon = "") =>
        CloudSettingsReader.Read(ConfigurationFactory.ParseString(hocon).WithFallback(ShippedCloud), RepoPaths.Root).GroundTruth;

    [Fact]
    public void The_shipped_config_enables_the_service_with_five_labelers_and_secrets_from_the_environment()
    {
        var settings = Read();
        Assert.Equal(GroundTruthSettings.Default, settings with { Workers = GroundTruthSettings.Default.Workers });
        Assert.Equal(["w1", "w2", "w3", "w4", "w5"], settings.Workers);
        Assert.Equal(("EDGELABEL_GT_ACCESS_KEYS", "EDGELABEL_GT_WORKER_TOKENS"), (settings.AccessKeysEnv, settings.WorkerTokensEnv));
    }

    [Fact]
    public void Overrides_are_read_and_bad_values_name_their_key()
    {
        var settings = Read("edgelabel.cloud.ground-truth { workforce.workers = [ann, bob], region = eu-west-1, task-check-interval = 250ms }");
        Assert.Equal(["ann", "bob"], settings.Workers);
        Assert.Equal("arn:aws:sagemaker:eu-west-1:000000000000:labeling-job/my-job", settings.JobArn("My-Job"));
        Assert.Equal(TimeSpan.FromMilliseconds(250), settings.TaskCheckInterval);

        Assert.Equal("edgelabel.cloud.ground-truth.workforce.workers",
            Assert.Throws<ConfigurationException>(() => Read("edgelabel.cloud.ground-truth.workforce.workers = []")).KeyPath);
        Assert.Equal("edgelabel.cloud.ground-truth.workforce.workers",
            Assert.Throws<ConfigurationException>(() => Read("edgelabel.cloud.ground-truth.workforce.workers = [a, a]")).KeyPath);
        Assert.Equal("edgelabel.cloud.ground-truth.account-id",
            Assert.Throws<ConfigurationException>(() => Read("edgelabel.cloud.ground-truth.account-id = \"12\"")).KeyPath);
    }

    [Fact]
    public void Credentials_come_from_the_environment_and_tokens_are_matched_by_hash()
    {
        var env = new Dictionary<string, string>
        {
            ["EDGELABEL_GT_ACCESS_KEYS"] = "AKID1:secret-one, AKID2:secret-two",
            ["EDGELABEL_GT_WORKER_TOKENS"] = "w1:token-of-w1-123,w3:token-of-w3-456",
        };
        var credentials = GroundTruthCredentials.FromEnvironment(GroundTruthSettings.Default, env.GetValueOrDefault);
        Assert.Equal(("secret-one", "secret-two", null), (credentials.SecretFor("AKID1"), credentials.SecretFor("AKID2"), credentials.SecretFor("AKID3")));
        Assert.Equal("w1", credentials.WorkerFor("Bearer token-of-w1-123"));
        Assert.Equal("w3", credentials.WorkerFor("bearer token-of-w3-456"));
        Assert.Null(credentials.WorkerFor("Bearer token-of-w1-12"));
        Assert.Null(credentials.WorkerFor("token-of-w1-123"));
        Assert.Null(credentials.WorkerFor(null));
        Assert.Equal(["w2", "w4", "w5"], credentials.WorkersWithoutToken);
    }

    [Fact]
    public void A_malformed_secret_variable_fails_without_echoing_its_value()
    {
        var malformed = Assert.Throws<ConfigurationException>(() => GroundTruthCredentials.FromEnvironment(GroundTruthSettings.Default,
            name => name == "EDGELABEL_GT_ACCESS_KEYS" ? "AKID1secret-without-colon" : null));
        Assert.Equal("EDGELABEL_GT_ACCESS_KEYS", malformed.KeyPath);
        Assert.DoesNotContain("secret-without-colon", malformed.Message);
        var stranger = Assert.Throws<ConfigurationException>(() => GroundTruthCredentials.FromEnvironment(GroundTruthSettings.Default,
            name => name == "EDGELABEL_GT_WORKER_TOKENS" ? "mallory:long-enough-token" : null));
        Assert.Contains("mallory", stranger.Message);
        Assert.DoesNotContain("long-enough-token", stranger.Message);
    }

    [Theory]
    [InlineData("""{"boundingBox":{"boundingBoxes":[{"label":"face","left":600,"top":10,"width":50,"height":50}],"inputImageProperties":{"width":640,"height":480}}}""", "outside")]
    [InlineData("""{"boundingBox":{"boundingBoxes":[{"label":"face","left":10,"top":10,"width":50,"height":-1}],"inputImageProperties":{"width":640,"height":480}}}""", "negative")]
    [InlineData("""{"boundingBox":{"boundingBoxes":[{"label":"cat","left":10,"top":10,"width":50,"height":50}],"inputImageProperties":{"width":640,"height":480}}}""", "unknown label")]
    [InlineData("""{"boundingBox":{"boundingBoxes":[],"inputImageProperties":{"width":0,"height":480}}}""", "positive")]
    public void Worker_answers_outside_the_image_with_negative_sizes_or_unknown_labels_are_refused_with_a_reason(string json, string reason)
    {
        Assert.True(WorkerAnswer.TryParse(System.Text.Encoding.UTF8.GetBytes(json), out var answer, out var problem), problem);
        Assert.Contains(reason, answer.Problem(["face", "hand"]));
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("""{"boxes":[]}""", "'boundingBox'")]
    [InlineData("""{"boundingBox":{"boundingBoxes":[{"label":"face"}],"inputImageProperties":{"width":640,"height":480}}}""", "numeric")]
    public void Worker_answers_that_are_not_the_worker_UI_shape_are_refused_with_a_reason(string json, string reason)
    {
        Assert.False(WorkerAnswer.TryParse(System.Text.Encoding.UTF8.GetBytes(json), out _, out var problem));
        Assert.Contains(reason, problem);
    }

    [Fact]
    public void The_reference_worker_UI_answer_parses()
    {
        var file = Path.Combine(RepoPaths.Root, "..", "shared", "reference", "ground-truth", "worker_ui_boundingbox_output_devguide_example.json");
        // Reference material beside the repository, not copied into it.
        if (!File.Exists(file)) Assert.Skip($"{file} is not here (../shared is absent)");
        var reference = File.ReadAllText(file);
        var single = System.Text.Json.Nodes.JsonNode.Parse(reference)![0]!.ToJsonString(); // the doc wraps the answer in an array
        Assert.True(WorkerAnswer.TryParse(System.Text.Encoding.UTF8.GetBytes(single), out var answer, out var problem), problem);
        Assert.Equal((2662, 3726), (answer.ImageWidth, answer.ImageHeight));
        Assert.Null(answer.Problem(["bird"]));
    }
}
