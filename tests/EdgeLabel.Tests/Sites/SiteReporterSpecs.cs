using Akka.Actor;
using Akka.Actor.Dsl;
using Akka.Cluster;
using Akka.Configuration;
using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Delivery;
using EdgeLabel.Actors.Outbox;
using EdgeLabel.Actors.Rollout;
using EdgeLabel.Actors.Sites;
using static EdgeLabel.Tests.Sites.SiteReportSamples;

namespace EdgeLabel.Tests.Sites;

/// <summary>The edge's reporter in a one-node cluster whose own <c>/user/site-directory</c> forwards to a probe standing in
/// for the cloud member: nothing goes out before the node is Up, then a report every interval with the site's figures
/// as its actors answered them; a node that sees no cloud member sends nothing.</summary>
public sealed class SiteReporterSpecs(ITestOutputHelper output) : AkkaSpec(ClusterConfig("cloud"), output: output)
{
    private static readonly SiteReportSettings Fast = new(TimeSpan.FromMilliseconds(200));
    private static readonly DateTimeOffset Oldest = new(2026, 11, 26, 7, 0, 0, TimeSpan.Zero);

    private static Config ClusterConfig(string role) => ConfigurationFactory.ParseString($$"""
        akka.loglevel = WARNING
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
        akka.cluster.roles = [{{role}}]
        """);

    /// <summary>Stands in for a cloud node's directory at its well-known path.</summary>
    private sealed class Forward : ReceiveActor
    {
        public Forward(IActorRef to) => ReceiveAny(to.Forward);
    }

    private static SiteSources Sources(ActorSystem system, RolloutStatus? rollout = null) => new(
        system.ActorOf(act => act.Receive<GetOutboxStatus>((_, ctx) => ctx.Sender.Tell(OutboxFigures(4, OutboxStates.LinkDown, "store unreachable", Oldest)))),
        system.ActorOf(act => act.Receive<GetDecisionSummary>((_, ctx) => ctx.Sender.Tell(DecisionFigures(auto: 30, review: 6, audit: 2)))),
        system.ActorOf(act => act.Receive<GetDeliveryStatus>((_, ctx) => ctx.Sender.Tell(DeliveryFigures(pending: 3)))),
        Model,
        rollout is null ? null : system.ActorOf(act => act.Receive<GetRolloutStatus>((_, ctx) => ctx.Sender.Tell(rollout))));

    /// <summary>JoinAsync completes from the Up callback, which can run before the cluster's read view has the
    /// member at all (SelfMember then reads Removed), so the view is awaited too.</summary>
    private async Task JoinItself(ActorSystem system)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        await cluster.JoinAsync(cluster.SelfAddress, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        await AwaitConditionAsync(() => Task.FromResult(cluster.SelfMember.Status == MemberStatus.Up), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Nothing_is_sent_before_the_node_is_Up_then_each_interval_a_report_of_the_sites_figures_goes_to_the_cloud_members_directory()
    {
        var cloud = CreateTestProbe();
        Sys.ActorOf(Props.Create(() => new Forward(cloud)), SiteDirectory.Name);
        Sys.ActorOf(SiteReporter.Props("site-t", Fast, Sources(Sys), TimeProvider.System), "site-reporter");

        cloud.ExpectNoMsg(TimeSpan.FromSeconds(1)); // five intervals while not a member

        var before = DateTimeOffset.UtcNow;
        await JoinItself(Sys);
        var report = cloud.ExpectMsg<SiteReport>(TimeSpan.FromSeconds(10));
        Assert.Equal(("site-t", Akka.Cluster.Cluster.Get(Sys).SelfAddress.ToString(), Fast.Interval), (report.Site, report.Node, report.Interval));
        Assert.InRange(report.ReportedAt, before, DateTimeOffset.UtcNow);
        Assert.Equal((4, 4000L, Oldest, OutboxStates.LinkDown, "store unreachable"),
            (report.Outbox.Depth, report.Outbox.BytesPending, report.Outbox.OldestEnqueuedAt, report.Outbox.State, report.Outbox.LastError));
        Assert.Equal((3, 17L), (report.Delivery!.Pending, report.Delivery.Acknowledged));
        Assert.Equal((30, 6, 2, 38), (report.Decisions.AutoLabeled, report.Decisions.Review, report.Decisions.Audit, report.Decisions.Total));
        Assert.Equal(Model, report.Model);

        var next = cloud.ExpectMsg<SiteReport>(TimeSpan.FromSeconds(5)); // and again, every interval
        Assert.True(next.ReportedAt > report.ReportedAt);
    }

    [Fact]
    public async Task A_site_that_follows_rollouts_reports_the_model_its_installer_runs_now_and_the_rollout_status()
    {
        var cloud = CreateTestProbe();
        Sys.ActorOf(Props.Create(() => new Forward(cloud)), SiteDirectory.Name);
        var rolledOut = Model with { Version = "v2" };
        var rollout = new RolloutStatus(rolledOut, 3, null, "v3: model blazeface v3 refused: sha256 " + new string('x', 2 * SiteDirectory.MaxErrorLength));
        Sys.ActorOf(SiteReporter.Props("site-t", Fast, Sources(Sys, rollout), TimeProvider.System), "site-reporter");

        await JoinItself(Sys);
        var report = cloud.ExpectMsg<SiteReport>(TimeSpan.FromSeconds(10));

        Assert.Equal(rolledOut, report.Model); // not the model the site started with
        Assert.Equal((3, (string?)null), (report.Rollout!.ThresholdsRevision, report.Rollout.Installing));
        Assert.StartsWith("v3: model blazeface v3 refused", report.Rollout.LastError);
        Assert.Equal(SiteDirectory.MaxErrorLength, report.Rollout.LastError!.Length); // trimmed to what the directory takes
    }

    [Fact]
    public async Task An_Up_node_that_sees_no_cloud_member_sends_nothing()
    {
        var edgeOnly = ActorSystem.Create("edge-only", ClusterConfig("edge"));
        try
        {
            var probe = CreateTestProbe();
            edgeOnly.ActorOf(Props.Create(() => new Forward(probe)), SiteDirectory.Name);
            edgeOnly.ActorOf(SiteReporter.Props("site-t", Fast, Sources(edgeOnly), TimeProvider.System), "site-reporter");
            await JoinItself(edgeOnly);
            probe.ExpectNoMsg(TimeSpan.FromSeconds(1));
        }
        finally
        {
            await edgeOnly.Terminate();
        }
    }
}
