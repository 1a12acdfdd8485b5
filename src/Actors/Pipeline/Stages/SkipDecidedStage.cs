using Akka;
using Akka.Actor;
using Akka.Streams.Dsl;
using EdgeLabel.Actors.Decisions;

namespace EdgeLabel.Actors.Pipeline.Stages;

/// <summary>Asks the decision journal, in small batches, which images are already decided, so a restart that
/// rescans a camera does not run inference again. Correctness does not depend on it: the journal dedupes too.</summary>
public static class SkipDecidedStage
{
    public static Flow<PendingImage, PipelineWork, NotUsed> Create(IActorRef journal, TimeSpan timeout) =>
        Flow.Create<PendingImage>()
            .GroupedWithin(64, TimeSpan.FromMilliseconds(10))
            .SelectAsync(1, async batch =>
            {
                var list = batch.ToList();
                var undecided = await Retry.ForeverAsync(
                    () => journal.Ask<Undecided>(new FilterUndecided(list.Select(p => p.Id).ToArray()), timeout));
                return list.Select(p => undecided.Ids.Contains(p.Id) ? (PipelineWork)new Incoming(p) : new Skipped(p)).ToList();
            })
            .SelectMany(work => work);
}
