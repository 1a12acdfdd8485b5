using Akka.Actor;
using Akka.Event;
using EdgeLabel.Actors.Upload;

namespace EdgeLabel.Actors.Outbox;

/// <summary>The outbox's upload lane: priority dispatch, results, backoff, link-down probing and pause.</summary>
public sealed partial class Outbox
{
    private void Dispatch()
    {
        if (_jobs is null || _state is not (OutboxStates.Running or OutboxStates.OutsideWindow)) return;
        if (_settings.Window is { } window && !window.IsOpen(_clock.GetUtcNow()))
        {
            _state = OutboxStates.OutsideWindow;
            return;
        }
        _state = OutboxStates.Running;
        while (_queue.Peek() is { } next)
        {
            if (next.Priority == 2 && !_settings.UploadAutoLabeled) break; // auto-labeled sort last
            if (!TryStart(next.Id))
            {
                if (!_waitingForRoom)
                {
                    _waitingForRoom = true;
                    _jobs.WaitToWriteAsync().AsTask().PipeTo(Self, success: _ => RoomForJobs.Instance, failure: _ => RoomForJobs.Instance);
                }
                return;
            }
        }
    }

    /// <summary>Hands the item to the upload stream; false when its job channel is full.</summary>
    private bool TryStart(ContentId id)
    {
        var item = _ledger.Pending[id];
        if (!_jobs!.TryWrite(new UploadJob(item, 0))) return false;
        _queue.Start(item);
        return true;
    }

    private void Succeeded(UploadSucceeded result)
    {
        _queue.Finish(result.Job.Item.Id);
        _consecutiveFailures = 0;
        if (_state is OutboxStates.LinkDown or OutboxStates.Paused) Resume("upload succeeded");
        _rate.Record(result.Bytes);
        _metrics?.Uploaded(result.Bytes);
        _uploadedBatch.Add(new UploadedObject(result.Job.Item.Id, result.ObjectUri, result.ETag, result.Bytes, _clock.GetUtcNow()));
        if (_uploadedBatch.Count >= UploadBatch) Flush();
        else if (!Timers.IsTimerActive("flush")) Timers.StartSingleTimer("flush", FlushUploads.Instance, TimeSpan.FromMilliseconds(50));
        Dispatch();
    }

    private void Flush()
    {
        Timers.Cancel("flush");
        if (_uploadedBatch.Count == 0) return;
        var batch = _uploadedBatch.ToArray();
        _uploadedBatch.Clear();
        // PersistAsync: dispatching goes on while confirmations are written. The spool files are still released
        // only in the handler, i.e. after the event is on disk; applying a confirmation twice counts it once.
        PersistAsync(new OutboxItemsUploaded(batch), e =>
        {
            Apply(e);
            Release(e.Objects.Select(o => o.Id).ToArray());
        });
    }

    private void FailedTransiently(UploadFailedTransiently result)
    {
        _queue.RetryLater(result.Job.Item, _clock.GetUtcNow(), _settings.BackoffBase, _settings.BackoffCap);
        _lastError = result.Error;
        _metrics?.UploadFailed("transient");
        if (++_consecutiveFailures >= _settings.FailuresBeforeLinkDown && _state == OutboxStates.Running)
        {
            _state = OutboxStates.LinkDown;
            _log.Warning("Outbox {0}: link down after {1} failed uploads ({2}); probing the store every {3}", PersistenceId, _consecutiveFailures, result.Error, _settings.ProbeInterval);
        }
        Dispatch();
    }

    private void RefusedByStore(UploadRefusedByStore result)
    {
        _queue.RetryLater(result.Job.Item, _clock.GetUtcNow(), _settings.ProbeInterval, _settings.ProbeInterval);
        _lastError = $"{result.Code}: {result.Error}";
        _metrics?.UploadFailed("refused");
        if (_state != OutboxStates.Paused)
            _log.Error("Outbox {0} paused: the store refuses uploads ({1}). Nothing is dropped; uploads resume when a probe of s3://{2} or a trial upload succeeds.", PersistenceId, _lastError, _store.Bucket);
        _state = OutboxStates.Paused;
    }

    private void Impossible(UploadImpossible result)
    {
        _queue.Finish(result.Job.Item.Id);
        _metrics?.UploadFailed("impossible");
        _log.Error("Outbox {0}: {1} can never be uploaded: {2}", PersistenceId, result.Job.Item.Id, result.Reason);
        Persist(new OutboxItemsFailed([new FailedItem(result.Job.Item.Id, result.Reason, _clock.GetUtcNow())]), Apply);
    }

    private void OnTick()
    {
        if (_deferredCopies.Count > 0 && !_checkingCopies) CheckDeferredCopies();
        _queue.Release(_clock.GetUtcNow(), id => _ledger.Pending.GetValueOrDefault(id));
        if (_state is OutboxStates.LinkDown or OutboxStates.Paused) Probe();
        else Dispatch();
        UpdateGauges();
    }

    /// <summary>Publishes depth, bytes, age and pause for the metrics gauges (every tick: a scrape reads at most 1 s old numbers).</summary>
    private void UpdateGauges() => _metrics?.Outbox.Set(Status(), _clock.GetUtcNow());

    /// <summary>Once per probe interval while the link is down or the store refuses: a HeadBucket, and one trial upload
    /// of the next item (half-open). Either succeeding resumes. The trial matters because HeadBucket can fail where PUTs
    /// work: credentials with s3:PutObject but not s3:ListBucket, or a server whose bucket HEAD breaks after a crash
    /// (s3rver answers 500 there until its folder is cleaned, while it stores objects fine).</summary>
    private void Probe()
    {
        if (_objectStore is null) return;
        var now = _clock.GetUtcNow();
        var sinceLast = now - _lastProbeAt; // negative if the wall clock stepped back: probe then
        if (sinceLast >= TimeSpan.Zero && sinceLast < _settings.ProbeInterval) return; // ticks are 1 s; probe every probe-interval
        _lastProbeAt = now;
        TrialUpload();
        if (_probing) return;
        _probing = true;
        var store = _objectStore;
        var bucket = _store.Bucket;
        // Not disposed here: the probe outlives this handler; the timer-backed source is released when it fires.
        var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        store.ProbeAsync(bucket, timeout.Token).PipeTo(Self, success: ok => new ProbeResult(ok), failure: _ => new ProbeResult(false));
    }

    private void TrialUpload()
    {
        if (_jobs is null || _queue.InFlight > 0 || _queue.Peek() is not { } next) return;
        if (next.Priority == 2 && !_settings.UploadAutoLabeled) return;
        TryStart(next.Id);
    }

    private void OnProbe(ProbeResult probe)
    {
        _probing = false;
        if (probe.Ok && _state is OutboxStates.LinkDown or OutboxStates.Paused) Resume("store reachable again");

    }

    private void Resume(string why)
    {
        _log.Info("Outbox {0}: uploads resume ({1}); {2} item(s) pending", PersistenceId, why, _ledger.Pending.Count);
        _state = OutboxStates.Running;
        _consecutiveFailures = 0;
        _lastError = null; // LastError describes the current trouble, not history (the log keeps that)
        _queue.Release(_clock.GetUtcNow(), id => _ledger.Pending.GetValueOrDefault(id), all: true);
        Dispatch();
    }
}
