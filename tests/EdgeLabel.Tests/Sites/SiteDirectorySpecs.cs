using EdgeLabel.Actors.Rollout;
using Akka.Actor;
using EdgeLabel.Actors.Sites;
using EdgeLabel.Tests.Support;
using static EdgeLabel.Tests.Sites.SiteReportSamples;

namespace EdgeLabel.Tests.Sites;

/// <summary>A cloud node's directory of site reports on a manual clock: the latest report wins, a site goes stale after
/// three of its own intervals, the directory is bounded, filters by site, and drops reports no edge could send.</summary>
public sealed class SiteDirectorySpecs(ITestOutputHelper output) : AkkaSpec(output: output)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);
    private readonly ManualClock _clock = new(Start);

    private IActorRef StartDirectory(int maxSites = SiteDirectory.DefaultMaxSites) => Sys.ActorOf(SiteDirectory.Props(_clock, maxSites));

    /// <summary>Tells a report and waits until the directory has taken it (the clock is read when it arrives).</summary>
    private void Send(IActorRef directory, SiteReport report)
    {
        directory.Tell(report, TestActor);
        Ask(directory);
    }

    private SiteReports Ask(IActorRef directory, string? site = null)
    {
        directory.Tell(new GetSiteReports(site), TestActor);
        return ExpectMsg<SiteReports>();
    }

    [Fact]
    public void The_latest_report_of_a_site_replaces_the_one_before()
    {
        var directory = StartDirectory();
        Send(directory, Report("site-a", Start, depth: 9));
        _clock.Advance(TimeSpan.FromSeconds(5));
        Send(directory, Report("site-a", Start.AddSeconds(5), depth: 2));

        var entry = Assert.Single(Ask(directory).Sites);
        Assert.Equal(("site-a", 2, Start.AddSeconds(5), Start.AddSeconds(5)), (entry.Report.Site, entry.Report.Outbox.Depth, entry.Report.ReportedAt, entry.ReceivedAt));
        Assert.False(entry.Stale);
    }

    [Fact]
    public void A_site_is_stale_once_more_than_three_of_its_intervals_pass_without_a_report()
    {
        var directory = StartDirectory();
        Send(directory, Report("site-a", Start, interval: TimeSpan.FromSeconds(5)));
        Send(directory, Report("site-b", Start, interval: TimeSpan.FromSeconds(10)));

        _clock.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal([("site-a", false), ("site-b", false)], Ask(directory).Sites.Select(e => (e.Report.Site, e.Stale)));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([("site-a", true), ("site-b", false)], Ask(directory).Sites.Select(e => (e.Report.Site, e.Stale)));

        Send(directory, Report("site-a", _clock.Now)); // a report makes it fresh again
        Assert.False(Ask(directory, "site-a").Sites[0].Stale);
    }

    [Fact]
    public void Asking_for_one_site_answers_that_site_only_and_nothing_for_a_site_that_never_reported()
    {
        var directory = StartDirectory();
        foreach (var site in new[] { "site-c", "site-a", "site-b" }) Send(directory, Report(site, Start));

        Assert.Equal(["site-a", "site-b", "site-c"], Ask(directory).Sites.Select(e => e.Report.Site)); // ordered by name
        Assert.Equal("site-b", Assert.Single(Ask(directory, "site-b").Sites).Report.Site);
        Assert.Empty(Ask(directory, "site-x").Sites);
    }

    [Fact]
    public void A_full_directory_refuses_a_new_site_while_every_site_is_live_and_forgets_the_longest_silent_stale_one_for_it()
    {
        var directory = StartDirectory(maxSites: 2);
        Send(directory, Report("site-a", Start));
        _clock.Advance(TimeSpan.FromSeconds(4));
        Send(directory, Report("site-b", _clock.Now));

        Send(directory, Report("site-c", _clock.Now));
        Assert.Equal(["site-a", "site-b"], Ask(directory).Sites.Select(e => e.Report.Site));

        _clock.Advance(TimeSpan.FromSeconds(1));
        Send(directory, Report("site-a", _clock.Now, depth: 3)); // a known site is always updated
        Assert.Equal(3, Ask(directory, "site-a").Sites[0].Report.Outbox.Depth);

        _clock.Advance(TimeSpan.FromSeconds(16)); // both stale now; site-b has been silent the longest
        Send(directory, Report("site-c", _clock.Now));
        Assert.Equal(["site-a", "site-c"], Ask(directory).Sites.Select(e => e.Report.Site));
    }

    [Theory]
    [InlineData("Site A")]
    [InlineData("../etc")]
    [InlineData("")]
    [InlineData("a-site-name-far-longer-than-forty-characters-x")]
    public void A_report_under_a_name_no_site_could_have_is_dropped(string site)
    {
        var directory = StartDirectory();
        Send(directory, Report(site, Start));
        Assert.Empty(Ask(directory).Sites);
    }

    [Fact]
    public void A_report_with_an_absurd_interval_node_or_error_text_is_dropped()
    {
        var directory = StartDirectory();
        var good = Report("site-a", Start);
        Send(directory, good with { Interval = TimeSpan.Zero });
        Send(directory, good with { Interval = TimeSpan.FromDays(2) });
        Send(directory, good with { Node = "not an address" });
        Send(directory, good with { Outbox = OutboxFigures(lastError: new string('x', SiteDirectory.MaxErrorLength + 1)) });
        Send(directory, good with { Rollout = new RolloutStatus(good.Model, 1, null, new string('x', SiteDirectory.MaxErrorLength + 1)) });
        Send(directory, good with { Rollout = new RolloutStatus(null!, 1, null, null) });
        Assert.Empty(Ask(directory).Sites);

        Send(directory, good with { Rollout = new RolloutStatus(good.Model, 1, "v2", "v1: refused") });
        Assert.Equal("v1: refused", Assert.Single(Ask(directory).Sites).Report.Rollout?.LastError);
    }
}
