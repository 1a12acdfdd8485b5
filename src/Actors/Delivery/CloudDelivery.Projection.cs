using Akka;
using Akka.Actor;
using EdgeLabel.Actors.Outbox;
using EdgeLabel.Actors.Persistence;
using EdgeLabel.Actors.Upload;

namespace EdgeLabel.Actors.Delivery;

/// <summary>The delivery queue's intake: a projection of the outbox journal, read by sequence number.</summary>
public sealed partial class CloudDelivery
{
    private void StartProjection() =>
        _projection = JournalProjection.Start(Context.System, Materializer, _outboxPersistenceId, _ledger.OutboxUpTo + 1, 200, Self,
            events => new ProjectOutboxEvents(events));

    private void Project(ProjectOutboxEvents batch)
    {
        // One event per few hundred records, each with the exact outbox position it covers: a backlog of thousands
        // becomes many small events (sent as soon as each is written), and a crash between them re-reads only the rest.
        var events = new List<DeliveryRecordsQueued>();
        var records = new List<SiteRecord>();
        var upTo = _ledger.OutboxUpTo;
        var seq = _ledger.NextSeq;
        var now = _clock.GetUtcNow();
        var awaitingInBatch = new Dictionary<ContentId, SiteRecord>();
        foreach (var (sequenceNr, evt) in batch.Events)
        {
            if (sequenceNr <= upTo) continue;
            upTo = sequenceNr;
            switch (evt)
            {
                case OutboxItemsEnqueued enqueued:
                    foreach (var item in enqueued.Items)
                    {
                        var record = SiteRecord.From(seq++, SiteRecordKind.Image, item, ImageUploader.UriFor(_store, item).ToString(), now);
                        records.Add(record);
                        if (item.Kind != Routing.RouteKind.AutoLabel) awaitingInBatch[item.Id] = record;
                    }
                    break;
                case OutboxItemsUploaded uploaded:
                    foreach (var o in uploaded.Objects)
                    {
                        // Only review and audit images need a notice; an upload confirmed twice sends one.
                        if (!awaitingInBatch.Remove(o.Id, out var image))
                        {
                            if (!_ledger.IsAwaitingUpload(o.Id)) continue;
                            image = _ledger.AwaitingRecord(o.Id);
                        }
                        records.Add(image with { Seq = seq++, Kind = SiteRecordKind.ReviewNotice, ObjectUri = o.ObjectUri, At = o.UploadedAt });
                    }
                    break;
            }
            if (records.Count >= RecordsPerEvent)
            {
                events.Add(new DeliveryRecordsQueued(records, upTo));
                records = [];
            }
        }
        if (records.Count > 0) events.Add(new DeliveryRecordsQueued(records, upTo));

        var replyTo = Sender;
        if (events.Count == 0)
        {
            _ledger.Apply(new DeliveryRecordsQueued([], upTo)); // position only; re-read after a restart, harmlessly
            replyTo.Tell(Done.Instance);
            return;
        }
        var last = events[^1];
        PersistAll(events, e =>
        {
            Queue(e);
            if (ReferenceEquals(e, last)) replyTo.Tell(Done.Instance);
        });
    }

    private sealed record ProjectOutboxEvents(IReadOnlyList<(long SequenceNr, object Event)> Events);
}
