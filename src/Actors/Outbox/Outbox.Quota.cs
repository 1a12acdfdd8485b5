using Akka.Actor;
using Akka.Event;
using EdgeLabel.Actors.Routing;

namespace EdgeLabel.Actors.Outbox;

/// <summary>The outbox's part in the spool quota (<c>spool.on-full = drop-oldest-auto</c>).</summary>
public sealed partial class Outbox
{
    /// <summary>Drops the oldest pending auto-labeled items (never audit/review, never in flight, never one whose
    /// upload is confirmed but not yet persisted) until <see cref="FreeSpoolSpace.BytesNeeded"/> are covered:
    /// persist <see cref="OutboxBytesDropped"/>, delete their spool files, persist the release, answer.
    /// With nothing droppable it answers 0 at once and the camera waits as under reject-new.</summary>
    private void FreeSpace(FreeSpoolSpace request)
    {
        var replyTo = Sender;
        var confirmed = _uploadedBatch.Select(o => o.Id).ToHashSet();
        var victims = new List<OutboxItem>();
        long covered = 0;
        foreach (var item in _ledger.Pending.Values
                     .Where(i => i.Kind == RouteKind.AutoLabel && !_queue.IsInFlight(i.Id) && !confirmed.Contains(i.Id))
                     .OrderBy(i => i.DecisionSequenceNr))
        {
            if (covered >= request.BytesNeeded) break;
            victims.Add(item);
            covered += item.Source.SizeBytes;
        }
        if (victims.Count == 0)
        {
            replyTo.Tell(new SpoolSpaceFreed(0, 0));
            return;
        }

        var ids = victims.Select(v => v.Id).ToArray();
        Persist(new OutboxBytesDropped(ids, DropReasons.SpoolQuota, _clock.GetUtcNow()), e =>
        {
            foreach (var item in victims) _queue.Remove(item);
            Apply(e);
            // Deleted here, not on a task: the camera that asked re-checks the quota the moment it hears back, and
            // a second request must not drop more for bytes this one is about to free. A crash before the release
            // below is persisted is repaired at recovery like an upload's (the ids are awaiting release).
            long freed = 0;
            foreach (var item in victims)
            {
                try
                {
                    freed += _spool.Delete(item.Id, item.Source.Extension);
                }
                catch (IOException ex)
                {
                    _log.Warning("Outbox {0}: could not delete dropped spool file {1}: {2}", PersistenceId, item.Id, ex.Message);
                }
            }
            _log.Warning("Outbox {0}: spool quota reached; dropped {1} oldest auto-labeled image(s) ({2} bytes) without uploading them",
                PersistenceId, victims.Count, freed);
            replyTo.Tell(new SpoolSpaceFreed(victims.Count, freed));
            Persist(new OutboxSpoolReleased(ids), Apply);
        });
    }
}
