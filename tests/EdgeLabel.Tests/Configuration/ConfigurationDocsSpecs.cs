using EdgeLabel.Actors.Configuration;
using EdgeLabel.Tests.Support;

namespace EdgeLabel.Tests.Configuration;

/// <summary>docs/configuration.md keeps up with the shipped defaults: every key of edge.conf and cloud.conf, and every
/// environment override, is written there with its full path.</summary>
public sealed class ConfigurationDocsSpecs
{
    private static readonly string Docs = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "configuration.md"));

    [Theory]
    [InlineData("edge.conf")]
    [InlineData("cloud.conf")]
    public void Every_key_of_the_shipped_defaults_is_documented_with_its_full_path(string file)
    {
        var keys = ConfigKeyUsage.Unread(ConfigLoader.Parse(RepoPaths.Hocon(file)), "edgelabel", new HashSet<string>());

        var missing = keys.Where(key => !Docs.Contains($"`{key}`", StringComparison.Ordinal)).ToList();

        Assert.True(keys.Count > 20, $"{file} yielded only {keys.Count} keys");
        Assert.True(missing.Count == 0, $"docs/configuration.md lacks these keys of hocon/{file}:\n{string.Join("\n", missing)}");
    }

    [Fact]
    public void Every_environment_override_is_documented()
    {
        var variables = EnvironmentOverrides.Keys.Keys.Append(EnvironmentOverrides.HoconVariable);

        Assert.All(variables, variable => Assert.Contains($"`{variable}`", Docs, StringComparison.Ordinal));
    }
}
