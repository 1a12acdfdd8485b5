using Akka.Actor;
using EdgeLabel.Actors.Rollout;
using EdgeLabel.Tests.Support;

namespace EdgeLabel.Tests.Rollout;

/// <summary>The cloud's rollout registry on a real (SQLite) journal: publish, staged rollout to one site then all,
/// abort, rollback, threshold validation, what each site is assigned, and recovery after a restart.</summary>
public sealed class RolloutRegistrySpecs(ITestOutputHelper output) : SqliteSpec(output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static ModelRelease Release(string version, char hash = 'a') =>
        new("blazeface-back-256", version, $"s3://models/models/{version}.onnx", new string(hash, 64), 1000, "blazeface", ["face"], DateTimeOffset.UnixEpoch);

    private IActorRef Start() => Sys.ActorOf(RolloutRegistry.Props());

    private static async Task<RolloutReply> Accepted(IActorRef registry, object command)
    {
        var reply = await registry.Ask<RolloutReply>(command, Patience);
        Assert.True(reply.Accepted, reply.Error);
        return reply;
    }

    private static async Task<string> Refused(IActorRef registry, object command)
    {
        var reply = await registry.Ask<RolloutReply>(command, Patience);
        Assert.False(reply.Accepted, $"{command} was accepted");
        return reply.Error!;
    }

    private static async Task<string?> VersionAt(IActorRef registry, string site) =>
        (await registry.Ask<SiteAssignment>(new GetSiteAssignment(site), Patience)).Model?.Version;

    [Fact]
    public async Task A_version_is_staged_at_one_site_then_rolled_out_to_all_then_rolled_back()
    {
        var registry = Start();
        await Accepted(registry, new PublishModel(Release("v1")));
        await Accepted(registry, new PublishModel(Release("v2", 'b')));
        Assert.Null(await VersionAt(registry, "site-a")); // nothing rolled out: sites run their configured model

        await Accepted(registry, new RolloutModel("v1", null));
        await Accepted(registry, new RolloutModel("v2", "site-a"));
        Assert.Equal("v2", await VersionAt(registry, "site-a"));
        Assert.Equal("v1", await VersionAt(registry, "site-b"));

        var all = await Accepted(registry, new RolloutModel("v2", null));
        Assert.Equal("v2", await VersionAt(registry, "site-a"));
        Assert.Equal("v2", await VersionAt(registry, "site-b"));
        Assert.Empty(all.Overview.SiteVersions);

        await Accepted(registry, new RollbackModel(null));
        Assert.Equal("v1", await VersionAt(registry, "site-a"));
        Assert.Equal("v1", await VersionAt(registry, "site-b"));
        await Accepted(registry, new RollbackModel(null));
        Assert.Null(await VersionAt(registry, "site-b")); // back to the configured model
        Assert.Contains("no earlier version", await Refused(registry, new RollbackModel(null)));
    }

    [Fact]
    public async Task Abort_drops_a_staged_version_and_a_site_rollback_returns_to_its_previous_one()
    {
        var registry = Start();
        await Accepted(registry, new PublishModel(Release("v1")));
        await Accepted(registry, new PublishModel(Release("v2", 'b')));
        await Accepted(registry, new PublishModel(Release("v3", 'c')));
        await Accepted(registry, new RolloutModel("v1", null));

        await Accepted(registry, new RolloutModel("v2", "site-a"));
        await Accepted(registry, new AbortRollout("site-a"));
        Assert.Equal("v1", await VersionAt(registry, "site-a"));
        Assert.Contains("no staged version", await Refused(registry, new AbortRollout("site-a")));

        await Accepted(registry, new RolloutModel("v2", "site-a"));
        await Accepted(registry, new RolloutModel("v3", "site-a"));
        await Accepted(registry, new RollbackModel("site-a"));
        Assert.Equal("v2", await VersionAt(registry, "site-a"));
        await Accepted(registry, new RollbackModel("site-a"));
        Assert.Equal("v1", await VersionAt(registry, "site-a")); // follows the fleet again
        Assert.Contains("no earlier version", await Refused(registry, new RollbackModel("site-a")));
    }

    [Fact]
    public async Task Bad_versions_hashes_sites_and_thresholds_are_refused_with_the_reason()
    {
        var registry = Start();
        Assert.Contains("not valid", await Refused(registry, new PublishModel(Release("../evil"))));
        Assert.Contains("not valid", await Refused(registry, new PublishModel(Release(".hidden"))));
        Assert.Contains("sha256", await Refused(registry, new PublishModel(Release("v1") with { Sha256 = "abc" })));
        await Accepted(registry, new PublishModel(Release("v1")));
        Assert.Contains("already published", await Refused(registry, new PublishModel(Release("v1", 'b'))));
        Assert.Contains("not published", await Refused(registry, new RolloutModel("v9", null)));
        Assert.Contains("not a valid site name", await Refused(registry, new RolloutModel("v1", "no/such site")));

        Assert.Contains("within [0,1]", await Refused(registry, new SetThresholds(null, 1.5f, 0.2f)));
        Assert.Contains("must be >= reject", await Refused(registry, new SetThresholds("site-a", 0.3f, 0.6f)));
        var set = await Accepted(registry, new SetThresholds(null, 0.8f, 0.3f));
        await Accepted(registry, new SetThresholds("site-a", 0.9f, 0.2f));
        Assert.Equal(new ThresholdsAssignment(1, 0.8f, 0.3f), set.Overview.FleetThresholds);
        Assert.Equal(new ThresholdsAssignment(2, 0.9f, 0.2f), (await registry.Ask<SiteAssignment>(new GetSiteAssignment("site-a"), Patience)).Thresholds);
        Assert.Equal(new ThresholdsAssignment(1, 0.8f, 0.3f), (await registry.Ask<SiteAssignment>(new GetSiteAssignment("site-b"), Patience)).Thresholds);
    }

    [Fact]
    public async Task A_restarted_registry_recovers_releases_assignments_history_and_thresholds()
    {
        var registry = Start();
        await Accepted(registry, new PublishModel(Release("v1")));
        await Accepted(registry, new PublishModel(Release("v2", 'b')));
        await Accepted(registry, new RolloutModel("v1", null));
        await Accepted(registry, new RolloutModel("v2", "site-a"));
        await Accepted(registry, new SetThresholds("site-a", 0.9f, 0.2f));
        var before = (await Accepted(registry, GetRollouts.Instance)).Overview;
        await registry.GracefulStop(Patience);

        var again = Start();
        var after = (await Accepted(again, GetRollouts.Instance)).Overview;
        Assert.Equal(before.Releases.Select(r => r.Version), after.Releases.Select(r => r.Version));
        Assert.Equal("v2", await VersionAt(again, "site-a"));
        Assert.Equal("v1", await VersionAt(again, "site-b"));
        await Accepted(again, new RollbackModel("site-a")); // the history came back too
        Assert.Equal("v1", await VersionAt(again, "site-a"));
        Assert.Equal(2, (await Accepted(again, new SetThresholds(null, 0.7f, 0.4f))).Overview.FleetThresholds!.Revision); // revisions keep counting
    }
}
