using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using EdgeLabel.Actors.Cluster;
using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Delivery;
using EdgeLabel.Actors.Outbox;
using EdgeLabel.Actors.Rollout;

namespace EdgeLabel.Actors.Sites;

/// <summary>An edge's voice in the cloud's <see cref="SiteDirectory"/>: every interval it gathers the site's figures
/// from <see cref="SiteSources"/> (asks piped back, never awaited here) and tells a <see cref="SiteReport"/> to the
/// directory of every Up, reachable cloud member. It lives in the cluster ActorSystem, one per incarnation, and
/// sends nothing while this node is not Up. Fire and forget: a lost report is replaced by the next one.</summary>
public sealed class SiteReporter : ReceiveActor, IWithTimers
{
    /// <summary>How long one source may take to answer; a slower one costs that round's report, not the next.</summary>
    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly string _site;
    private readonly SiteReportSettings _settings;
    private readonly SiteSources _sources;
    private readonly TimeProvider _clock;
    private bool _gathering;

    public SiteReporter(string site, SiteReportSettings settings, SiteSources sources, TimeProvider clock)
    {
        _site = site;
        _settings = settings;
        _sources = sources;
        _clock = clock;
        Receive<Tick>(_ => OnTick());
        Receive<Gathered>(OnGathered);
        Receive<Status.Failure>(f =>
        {
            _gathering = false;
            _log.Debug("Site report skipped: the site's figures did not arrive ({0})", f.Cause.Message);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string site, SiteReportSettings settings, SiteSources sources, TimeProvider clock) =>
        Akka.Actor.Props.Create(() => new SiteReporter(site, settings, sources, clock));

    protected override void PreStart() => Timers.StartPeriodicTimer("report", Tick.Instance, _settings.Interval);

    private bool IsUp => _cluster.SelfMember.Status == MemberStatus.Up;

    private void OnTick()
    {
        if (_gathering || !IsUp) return; // one round at a time; a slow source makes us skip, not pile up asks
        _gathering = true;
        Gather(_sources).PipeTo(Self);
    }

    private void OnGathered(Gathered figures)
    {
        _gathering = false;
        if (!IsUp) return; // left or was downed while asking
        var report = new SiteReport(_site, _cluster.SelfAddress.ToString(), _clock.GetUtcNow(), _settings.Interval,
            figures.Outbox with { LastError = Trim(figures.Outbox.LastError) },
            figures.Delivery is { } d ? d with { LastError = Trim(d.LastError) } : null,
            figures.Decisions, figures.Rollout?.Active ?? _sources.Model,
            figures.Rollout is { } r ? r with { LastError = Trim(r.LastError) } : null);
        var state = _cluster.State;
        foreach (var member in state.Members)
        {
            // An unreachable node would only fill the remoting buffer; it gets the next report once it is back.
            if (member.Status != MemberStatus.Up || !member.HasRole(ClusterRoles.Cloud) || state.Unreachable.Contains(member)) continue;
            Context.ActorSelection(new RootActorPath(member.Address) / "user" / SiteDirectory.Name).Tell(report, Self);
        }
    }

    /// <summary>Asks the site's actors in parallel. The delivery queue is optional: without its answer the report still goes.</summary>
    private static async Task<Gathered> Gather(SiteSources sources)
    {
        var outbox = sources.Outbox.Ask<OutboxStatus>(GetOutboxStatus.Instance, AskTimeout);
        var decisions = sources.Decisions.Ask<DecisionSummary>(GetDecisionSummary.Instance, AskTimeout);
        var delivery = OrNull<DeliveryStatus>(sources.Delivery, GetDeliveryStatus.Instance);
        var rollout = OrNull<RolloutStatus>(sources.Rollout, GetRolloutStatus.Instance);
        await Task.WhenAll(outbox, decisions, delivery, rollout).ConfigureAwait(false);
        return new Gathered(await outbox.ConfigureAwait(false), await decisions.ConfigureAwait(false), await delivery.ConfigureAwait(false),
            await rollout.ConfigureAwait(false));
    }

    private static async Task<T?> OrNull<T>(IActorRef? source, object query) where T : class
    {
        if (source is null) return null;
        try
        {
            return await source.Ask<T>(query, AskTimeout).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            return null; // e.g. restarting under its backoff supervisor
        }
    }

    // Store errors can be long; the directory refuses what does not fit, so a long one must not cost the whole report.
    private static string? Trim(string? error) =>
        error is { Length: > SiteDirectory.MaxErrorLength } ? error[..(SiteDirectory.MaxErrorLength - 1)] + "…" : error;

    private sealed record Gathered(OutboxStatus Outbox, DecisionSummary Decisions, DeliveryStatus? Delivery, RolloutStatus? Rollout);

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }
}
