using System.Diagnostics;
using EdgeLabel.Storage;

namespace EdgeLabel.Benchmarks;

/// <summary>Counts PUTs in flight over time: the mean number in flight over a window (how busy the upload slots were:
/// at concurrency C, a mean well below C means the slots waited on
/// something else) and the mean PUT latency (time in flight / PUTs).</summary>
public sealed class PutMeter
{
    private readonly Lock _lock = new();
    private int _inFlight;
    private long _last, _weightedTicks, _puts, _windowStart;

    public void Reset()
    {
        lock (_lock)
        {
            _last = _windowStart = Stopwatch.GetTimestamp();
            _weightedTicks = 0;
            _puts = 0;
        }
    }

    public async Task<T> Measure<T>(Func<Task<T>> put)
    {
        Change(+1);
        try
        {
            return await put().ConfigureAwait(false);
        }
        finally
        {
            Change(-1);
        }
    }

    public (double MeanInFlight, double MeanPutMs) Read()
    {
        lock (_lock)
        {
            Change(0);
            var window = Stopwatch.GetTimestamp() - _windowStart;
            return (Math.Round((double)_weightedTicks / window, 2), _puts == 0 ? 0 : Math.Round(_weightedTicks * 1000.0 / Stopwatch.Frequency / _puts, 2));
        }
    }

    private void Change(int delta)
    {
        lock (_lock)
        {
            var now = Stopwatch.GetTimestamp();
            _weightedTicks += _inFlight * (now - _last);
            _last = now;
            _inFlight += delta;
            if (delta < 0) _puts++;
        }
    }
}

/// <summary>An <see cref="IObjectStore"/> that forwards to another and meters its PUTs.</summary>
public sealed class MeteredObjectStore(IObjectStore inner, PutMeter meter) : IObjectStore
{
    public Task<StoredObject> PutAsync(ObjectUri uri, Stream content, string contentType, IReadOnlyDictionary<string, string>? metadata = null,
        CancellationToken cancellationToken = default) =>
        meter.Measure(() => inner.PutAsync(uri, content, contentType, metadata, cancellationToken));

    public Task<StoredObject> PutAsync(ObjectUri uri, ReadOnlyMemory<byte> content, string contentType, IReadOnlyDictionary<string, string>? metadata = null,
        CancellationToken cancellationToken = default) =>
        meter.Measure(() => inner.PutAsync(uri, content, contentType, metadata, cancellationToken));

    public Task<StoredObject?> HeadAsync(ObjectUri uri, CancellationToken cancellationToken = default) => inner.HeadAsync(uri, cancellationToken);

    public Task<Stream> GetAsync(ObjectUri uri, CancellationToken cancellationToken = default) => inner.GetAsync(uri, cancellationToken);

    public Task<bool> ProbeAsync(string bucket, CancellationToken cancellationToken = default) => inner.ProbeAsync(bucket, cancellationToken);

    public Task<IReadOnlyList<string>> ListKeysAsync(string bucket, string prefix, int maxKeys = 10_000, CancellationToken cancellationToken = default) =>
        inner.ListKeysAsync(bucket, prefix, maxKeys, cancellationToken);

    public Task DeleteAsync(ObjectUri uri, CancellationToken cancellationToken = default) => inner.DeleteAsync(uri, cancellationToken);
}
