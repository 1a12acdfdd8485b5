using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using EdgeLabel.Actors;
using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Routing;
using EdgeLabel.Tests.Support;
using static EdgeLabel.Tests.Support.Samples;

namespace EdgeLabel.Tests.Decisions;

public sealed class DecisionJournalSpecs(ITestOutputHelper output) : SqliteSpec(output)
{
    private const string Site = "site-t";
    private static readonly TimeSpan Write = TimeSpan.FromSeconds(15);

    private IActorRef StartJournal(int snapshotEvery = 10_000) => Sys.ActorOf(DecisionJournal.Props(Site, snapshotEvery));

    private void Stop(IActorRef actor)
    {
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor, Write);
    }

    private DecisionsRecorded Record(IActorRef journal, params IDecisionEvent[] decisions)
    {
        journal.Tell(new RecordDecisions(decisions), TestActor);
        return ExpectMsg<DecisionsRecorded>(Write);
    }

    private DecisionSummary Summary(IActorRef journal)
    {
        journal.Tell(GetDecisionSummary.Instance, TestActor);
        return ExpectMsg<DecisionSummary>(Write);
    }

    private IReadOnlySet<ContentId> Undecided(IActorRef journal, params ContentId[] ids)
    {
        journal.Tell(new FilterUndecided(ids), TestActor);
        return ExpectMsg<Undecided>(Write).Ids;
    }

    private async Task<int> PersistedEventCount()
    {
        var query = PersistenceQuery.Get(Sys).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var events = await query.CurrentEventsByPersistenceId(DecisionJournal.PersistenceIdFor(Site), 0, long.MaxValue)
            .RunAggregate(0, (n, _) => n + 1, Sys.Materializer()).WaitAsync(TestContext.Current.CancellationToken);
        return events;
    }

    [Fact]
    public async Task Journal_records_a_batch_and_replies_once_it_is_persisted()
    {
        var journal = StartJournal();
        var recorded = Record(journal, Decided(1), Decided(2, RouteKind.Review), Quarantined(3));

        Assert.Equal([Id(1), Id(2), Id(3)], recorded.Recorded);
        Assert.Empty(recorded.AlreadyDecided);
        // The reply means the events are on disk: a query straight after sees all three.
        Assert.Equal(3, await PersistedEventCount());
        var summary = Summary(journal);
        Assert.Equal((1, 1, 0, 1), (summary.AutoLabeled, summary.Review, summary.Audit, summary.Quarantined));
        Assert.Equal(1, summary.QuarantineReasons["not-an-image"]);
    }

    [Fact]
    public async Task Journal_refuses_a_second_decision_for_the_same_content_id()
    {
        var journal = StartJournal();

        var sameBatch = Record(journal, Decided(1), Decided(1, RouteKind.Review), Decided(2));
        Assert.Equal([Id(1), Id(2)], sameBatch.Recorded);
        Assert.Equal([Id(1)], sameBatch.AlreadyDecided);

        var laterBatch = Record(journal, Quarantined(2), Decided(1, RouteKind.Audit), Decided(3));
        Assert.Equal([Id(3)], laterBatch.Recorded);
        Assert.Equal([Id(2), Id(1)], laterBatch.AlreadyDecided);

        var onlyDuplicates = Record(journal, Decided(3));
        Assert.Empty(onlyDuplicates.Recorded);
        Assert.Equal([Id(3)], onlyDuplicates.AlreadyDecided);

        Assert.Equal(3, await PersistedEventCount());
        var summary = Summary(journal);
        Assert.Equal((3, 0, 0, 0), (summary.AutoLabeled, summary.Review, summary.Audit, summary.Quarantined));
    }

    [Fact]
    public void Journal_recovers_its_ledger_after_a_restart()
    {
        var journal = StartJournal();
        Record(journal, Decided(1), Decided(2, RouteKind.Review), Decided(3, RouteKind.Audit));
        Record(journal, Quarantined(4, "truncated"), Quarantined(5, "truncated"));
        var before = Summary(journal);
        Stop(journal);

        var restarted = StartJournal();
        Assert.Equal(new HashSet<ContentId> { Id(6) }, Undecided(restarted, Id(1), Id(4), Id(6)));
        var after = Summary(restarted);
        AssertSameSummary(before, after);
        Assert.Equal(5, after.Total);
        Assert.Equal(2, after.QuarantineReasons["truncated"]);

        // The recovered ledger still refuses what was decided before the restart.
        var again = Record(restarted, Decided(2), Decided(6));
        Assert.Equal([Id(6)], again.Recorded);
        Assert.Equal([Id(2)], again.AlreadyDecided);
    }

    [Fact]
    public async Task Journal_recovers_the_same_ledger_from_a_snapshot_plus_later_events()
    {
        var journal = StartJournal(snapshotEvery: 5);
        var n = 0;
        foreach (var size in new[] { 3, 4, 5, 1 })
        {
            var batch = Enumerable.Range(n, size).Select(i => (i % 4) switch
            {
                0 => (IDecisionEvent)Decided(i),
                1 => Decided(i, RouteKind.Review),
                2 => Decided(i, RouteKind.Audit),
                _ => Quarantined(i, i % 8 == 3 ? "truncated" : "not-an-image"),
            }).ToArray();
            Assert.Equal(size, Record(journal, batch).Recorded.Count);
            n += size;
        }
        var before = Summary(journal);
        Assert.Equal(13, before.Total);
        // 13 events with a snapshot every 5: the ones at 5 and 10 are taken (older ones deleted), so one remains.
        AwaitAssert(() => Assert.Equal(1, CountRows("snapshot")), Write);
        Stop(journal);

        var restarted = StartJournal(snapshotEvery: 5);
        AssertSameSummary(before, Summary(restarted));
        Assert.Empty(Undecided(restarted, Enumerable.Range(0, 13).Select(Id).ToArray()));
        Assert.Equal(13, await PersistedEventCount());
    }

    private static void AssertSameSummary(DecisionSummary expected, DecisionSummary actual)
    {
        Assert.Equal((expected.AutoLabeled, expected.Review, expected.Audit, expected.Quarantined),
            (actual.AutoLabeled, actual.Review, actual.Audit, actual.Quarantined));
        Assert.Equal(expected.QuarantineReasons.OrderBy(kv => kv.Key), actual.QuarantineReasons.OrderBy(kv => kv.Key));
    }
}
