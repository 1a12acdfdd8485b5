using Akka.Actor;
using Akka.Event;
using Akka.Persistence;

namespace EdgeLabel.Actors.Rollout;

/// <summary>The cloud's record of published model versions and what each site should run: a cluster singleton on the
/// cloud role (one writer of its journal), event-sourced. Operators publish, roll out (one site first, then all),
/// abort staged versions, roll back and set thresholds through the admin endpoints; edges pull their
/// <see cref="SiteAssignment"/> every few seconds, so a site that was offline catches up by itself.</summary>
public sealed class RolloutRegistry : ReceivePersistentActor
{
    public const string Name = "rollout-registry";

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly RolloutState _state = new();
    private readonly TimeProvider _clock;

    public RolloutRegistry(TimeProvider clock)
    {
        _clock = clock;
        Recover<IRolloutEvent>(_state.Apply);
        Recover<RecoveryCompleted>(_ =>
        {
            var overview = _state.Overview();
            _log.Info("Rollout registry recovered: {0} release(s), fleet version {1}", overview.Releases.Count, overview.FleetVersion ?? "(configured model)");
        });

        Command<GetSiteAssignment>(q => Sender.Tell(_state.AssignmentOf(q.Site)));
        Command<GetRollouts>(_ => Sender.Tell(new RolloutReply(true, null, _state.Overview())));
        Command<PublishModel>(c => Decide(_state.ProblemPublishing(c.Release), () => new ModelPublished(c.Release with { PublishedAt = Now })));
        Command<RolloutModel>(c => Decide(_state.ProblemRollingOut(c), () => new ModelRolledOut(c.Site, c.Version, Now)));
        Command<AbortRollout>(c => Decide(_state.ProblemAborting(c), () => new RolloutAborted(c.Site, Now)));
        Command<RollbackModel>(c => Decide(_state.ProblemRollingBack(c), () => new ModelRolledBack(c.Site, Now)));
        Command<SetThresholds>(c => Decide(_state.ProblemSettingThresholds(c),
            () => new ThresholdsSet(c.Site, new ThresholdsAssignment(_state.LastThresholdsRevision + 1, c.Accept, c.Reject), Now)));
    }

    public override string PersistenceId => Name;

    public static Props Props(TimeProvider? clock = null) => Akka.Actor.Props.Create(() => new RolloutRegistry(clock ?? TimeProvider.System));

    private DateTimeOffset Now => _clock.GetUtcNow();

    /// <summary>Refuses with the problem, or persists the event, applies it and answers with the new overview.</summary>
    private void Decide(string? problem, Func<IRolloutEvent> change)
    {
        var replyTo = Sender;
        if (problem is not null)
        {
            replyTo.Tell(new RolloutReply(false, problem, _state.Overview()));
            return;
        }
        Persist(change(), e =>
        {
            _state.Apply(e);
            _log.Info("Rollout: {0}", e);
            replyTo.Tell(new RolloutReply(true, null, _state.Overview()));
        });
    }
}
