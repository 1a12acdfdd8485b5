using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams.Dsl;
using EdgeLabel.Actors.Decisions;

namespace EdgeLabel.Actors.Outbox;

/// <summary>Spool files the outbox no longer needs: released after a persisted upload, or a re-admitted copy.</summary>
public sealed partial class Outbox
{
    private void Release(IReadOnlyList<ContentId> ids)
    {
        var spool = _spool;
        var files = ids.Select(id => (id, ext: _ledger.AwaitingRelease.GetValueOrDefault(id, "jpg"))).ToArray();
        Task.Run(() =>
        {
            foreach (var (id, ext) in files) spool.Delete(id, ext);
            return new SpoolReleased(ids);
        }).PipeTo(Self);
    }

    private void ReleaseCopy(SpoolCopyNotNeeded copy)
    {
        if (_ledger.Holds(copy.Id) || _queue.IsInFlight(copy.Id)) return;
        // Not deleted yet: the decision may be newer than the projection (after a restart the cameras re-admit their
        // files before the projection has caught up), and then this file is the only copy of an image still to upload.
        _deferredCopies.Add(copy);
    }

    /// <summary>Reads the decisions the projection has not reached yet; copies of those images stay (the projection
    /// will enqueue them), the others are deleted.</summary>
    private void CheckDeferredCopies()
    {
        _checkingCopies = true;
        var copies = _deferredCopies.ToArray();
        _deferredCopies.Clear();
        var readJournal = PersistenceQuery.Get(Context.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        readJournal.CurrentEventsByPersistenceId(_decisionsPersistenceId, _ledger.ProjectedUpTo + 1, long.MaxValue)
            .RunAggregate(new HashSet<ContentId>(), (ids, e) =>
            {
                if (e.Event is ImageDecided d) ids.Add(d.Id);
                return ids;
            }, Materializer)
            .PipeTo(Self, success: ids => new CopiesChecked(copies, ids), failure: _ => new CopiesChecked(copies, null));
    }

    private void OnCopiesChecked(CopiesChecked result)
    {
        _checkingCopies = false;
        if (result.NotProjected is null)
        {
            _deferredCopies.AddRange(result.Copies); // the query failed: try again on the next tick
            return;
        }
        var delete = result.Copies.Where(c => !_ledger.Holds(c.Id) && !_queue.IsInFlight(c.Id) && !result.NotProjected.Contains(c.Id)).ToArray();
        if (delete.Length == 0) return;
        var spool = _spool;
        Task.Run(() =>
        {
            foreach (var copy in delete) spool.Delete(copy.Id, copy.Extension);
        });
    }
}
