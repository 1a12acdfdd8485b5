using Akka;
using Akka.Actor;
using Akka.Streams.Dsl;
using EdgeLabel.Actors.Decisions;

namespace EdgeLabel.Actors.Pipeline.Stages;

/// <summary>Persists decisions in groups (one PersistAll per group) and only then settles each image. A timed-out
/// write is retried: the journal refuses a second decision per content id, so a retry can't duplicate.</summary>
public static class PersistStage
{
    public static Flow<PipelineWork, (PendingImage Pending, ImageOutcome Outcome), NotUsed> Create(
        IActorRef journal, int maxBatch, TimeSpan window, TimeSpan timeout, Func<Task>? beforePersist = null) =>
        Flow.Create<PipelineWork>()
            .GroupedWithin(maxBatch, window)
            .SelectAsync(1, group => PersistAsync(journal, group.ToList(), timeout, beforePersist))
            .SelectMany(settled => settled);

    private static async Task<IReadOnlyList<(PendingImage, ImageOutcome)>> PersistAsync(
        IActorRef journal, IReadOnlyList<PipelineWork> group, TimeSpan timeout, Func<Task>? beforePersist)
    {
        // The group's spooled bytes become durable before its decisions do (one sync per group, not per image).
        if (beforePersist is not null) await beforePersist();
        var decisions = group.OfType<Decided>().Select(d => d.Decision).ToArray();
        var recorded = new HashSet<ContentId>();
        if (decisions.Length > 0)
            recorded.UnionWith((await Retry.ForeverAsync(() => journal.Ask<DecisionsRecorded>(new RecordDecisions(decisions), timeout))).Recorded);
        return group.Select(work => (work.Pending, OutcomeOf(work, recorded))).ToList();
    }

    // A decision the journal refused (the same image twice in flight, e.g. a duplicate file) is reported as such:
    // only the first copy, the one actually recorded, claims the id.
    private static ImageOutcome OutcomeOf(PipelineWork work, HashSet<ContentId> recorded) => work switch
    {
        Decided { Decision: var decision } when !recorded.Remove(decision.Id) =>
            new ImageOutcome(decision.Id, OutcomeKind.AlreadyDecided, null, null),
        Decided { Decision: ImageDecided d } => new ImageOutcome(d.Id, OutcomeKind.Decided, d.Route, d.Reason),
        Decided { Decision: ImageQuarantined q } => new ImageOutcome(q.Id, OutcomeKind.Quarantined, null, q.Reason, q.Detail),
        Skipped s => new ImageOutcome(s.Pending.Id, OutcomeKind.AlreadyDecided, null, null),
        _ => throw new InvalidOperationException($"{work.GetType().Name} reached the persist stage undecided"),
    };
}
