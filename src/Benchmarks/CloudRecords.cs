using System.Diagnostics;
using Akka.Actor;
using Akka.Persistence;
using EdgeLabel.Actors;
using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Delivery;
using EdgeLabel.Actors.Outbox;
using EdgeLabel.Actors.Routing;
using EdgeLabel.Actors.Upload;
using EdgeLabel.Inference.Models;
using EdgeLabel.Storage;

namespace EdgeLabel.Benchmarks;

/// <summary>The decided images of the <c>cloud</c> benchmark, made from their index alone (no image files: the cloud
/// only ever sees the records): a distinct content id per image and site, 640x480, 10 % audit, 30 % review, 60 %
/// auto-labeled, one to three face boxes inside the image (as the outbox benchmark's decisions).</summary>
public static class CloudRecords
{
    public static readonly StoreSettings Store = new("s3", "edgelabel", "edgelabel", "", S3StoreSettings.ForAws("us-east-1"));
    private static readonly ModelIdentity Model = new("blazeface-back-256", "bench", new string('b', 64));
    private static readonly DateTimeOffset CapturedBase = new(2025, 6, 1, 8, 0, 0, TimeSpan.Zero);

    public static OutboxItem Item(string site, int index)
    {
        var route = (index % 10) switch { 0 => RouteKind.Audit, 1 or 2 or 3 => RouteKind.Review, _ => RouteKind.AutoLabel };
        var boxes = Enumerable.Range(0, 1 + index % 3).Select(b => new DecidedBox(0, "face", 0.55f + 0.1f * b,
            10 + 50 * b, 20 + 30 * b, 64, 80, 0.8f, 0.3f)).ToArray();
        var captured = CapturedBase.AddSeconds(index);
        var id = ContentId.Of(System.Text.Encoding.UTF8.GetBytes($"{site}/{index}"));
        var source = new ImageSource(site, "bench-cam", captured, "jpg", 190_000 + index % 20_000, $"bench/img-{index:D6}.jpg");
        return new OutboxItem(id, route, source, 640, 480, Model, boxes, index + 1, captured.AddMilliseconds(300));
    }

    /// <summary>The record the delivery queue makes of the image (sequence number = index + 1).</summary>
    public static SiteRecord Record(string site, int index) =>
        SiteRecord.From(index + 1, SiteRecordKind.Image, Item(site, index), ImageUploader.UriFor(Store, Item(site, index)).ToString(),
            CapturedBase.AddSeconds(index + 1));
}

/// <summary>Persists whatever it is given with one <c>PersistAll</c> per <see cref="WriteEvents"/> and answers
/// <see cref="EventsWritten"/> once the last event's handler ran. No state, no recovery work: the journal's own rate.</summary>
public sealed class JournalWriter : ReceivePersistentActor
{
    public JournalWriter(string persistenceId)
    {
        PersistenceId = persistenceId;
        Recover<object>(_ => { });
        Command<WriteEvents>(w =>
        {
            var replyTo = Sender;
            var left = w.Events.Count;
            PersistAll(w.Events, _ =>
            {
                if (--left == 0) replyTo.Tell(EventsWritten.Instance);
            });
        });
    }

    public override string PersistenceId { get; }

    public static Props Props(string persistenceId) => Akka.Actor.Props.Create(() => new JournalWriter(persistenceId));
}

public sealed record WriteEvents(IReadOnlyList<object> Events);

public sealed record EventsWritten
{
    public static readonly EventsWritten Instance = new();
}

/// <summary>What the link saw: when the first batch went out and when the last record was acknowledged
/// (<see cref="Stopwatch"/> timestamps), batches forwarded and acknowledgements returned.</summary>
public sealed class LinkCounters(long expected)
{
    private long _firstSent;
    public long Expected { get; } = expected;
    public long FirstSent => Interlocked.Read(ref _firstSent);
    public TaskCompletionSource<long> AllAcknowledged { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public int Batches;
    public int Acks;

    public void Sent()
    {
        Interlocked.CompareExchange(ref _firstSent, Stopwatch.GetTimestamp(), 0);
        Interlocked.Increment(ref Batches);
    }
}

/// <summary>Stands in for <c>CloudLink</c> (which attaches only once its node is Up in a cluster): it attaches itself to
/// the gateway at start and forwards exactly as CloudLink does — batches to the dataset with itself as the sender, the
/// cloud's answers back to the delivery queue — and notes the first batch and the acknowledgement of the last record.</summary>
public sealed class BenchLink : ReceiveActor
{
    private readonly CloudGateway _gateway;
    private IActorRef? _delivery;

    public BenchLink(IActorRef datasets, CloudGateway gateway, LinkCounters counters)
    {
        _gateway = gateway;
        Receive<DeliverRecords>(d =>
        {
            _delivery = Sender;
            counters.Sent();
            datasets.Tell(d, Self);
        });
        Receive<RecordsAcknowledged>(a =>
        {
            _delivery?.Tell(a);
            Interlocked.Increment(ref counters.Acks);
            if (a.UpTo >= counters.Expected) counters.AllAcknowledged.TrySetResult(Stopwatch.GetTimestamp());
        });
        Receive<RecordsRejected>(r =>
        {
            _delivery?.Tell(r);
            counters.AllAcknowledged.TrySetException(new InvalidOperationException($"the cloud rejected the records: {r.Reason}"));
        });
    }

    public static Props Props(IActorRef datasets, CloudGateway gateway, LinkCounters counters) =>
        Akka.Actor.Props.Create(() => new BenchLink(datasets, gateway, counters));

    protected override void PreStart() => _gateway.Attach(Self);

    protected override void PostStop() => _gateway.Detach(Self);
}
