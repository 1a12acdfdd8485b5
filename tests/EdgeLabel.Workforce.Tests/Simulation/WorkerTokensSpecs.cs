using EdgeLabel.Workforce.Simulation;

namespace EdgeLabel.Workforce.Tests.Simulation;

public sealed class WorkerTokensSpecs
{
    [Fact]
    public void The_cloud_nodes_token_variable_is_read_in_order()
    {
        Assert.Equal([("w1", "t:1"), ("w2", "t2")], WorkerTokens.Parse(" w1:t:1 , w2:t2,"));
        Assert.Empty(WorkerTokens.Parse(null));
    }

    [Theory]
    [InlineData("w1")]
    [InlineData(":secret")]
    [InlineData("w1:")]
    public void A_bad_entry_is_refused_without_repeating_it(string value)
    {
        var e = Assert.Throws<FormatException>(() => WorkerTokens.Parse($"w0:ok,{value}"));
        Assert.DoesNotContain("secret", e.Message);
        Assert.Contains("entry 2", e.Message);
    }

    [Fact]
    public void Perfect_profiles_get_distinct_seeds()
    {
        var profiles = WorkerTokens.PerfectProfiles(WorkerTokens.Parse("w1:a,w2:b,w3:c"));
        Assert.Equal(["w1", "w2", "w3"], profiles.Select(p => p.WorkerId));
        Assert.All(profiles, p => Assert.True(p.IsPerfect));
        Assert.Equal(3, profiles.Select(p => p.Seed).Distinct().Count());
    }
}
