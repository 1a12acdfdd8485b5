using System.Diagnostics;
using System.Security.Cryptography;
using EdgeLabel.Storage;

namespace EdgeLabel.Tests.Support;

/// <summary>An in-memory <see cref="IObjectStore"/> the spec steers: it records every put attempt (what, when, and
/// how it ended), can fail the next N puts transiently, fail or refuse every put, answer probes either way, delay
/// puts, and hold puts behind a gate. Thread-safe: uploads call it from the stream's tasks.</summary>
public sealed class FakeObjectStore : IObjectStore
{
    private readonly object _lock = new();
    private readonly List<PutAttempt> _attempts = [];
    private readonly Dictionary<ObjectUri, StoredCopy> _objects = new();
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private int _failNext;
    private PutFailure _failAll = PutFailure.None;
    private bool _probeAnswer = true;
    private int _probes;
    private TimeSpan _putDelay = TimeSpan.Zero;
    private TaskCompletionSource _gate = Opened();
    private Func<ObjectUri, Exception?>? _throwFor;

    public enum PutFailure
    {
        None,
        /// <summary><c>ServiceUnavailable</c>, transient: the link or the store is down for now.</summary>
        Transient,
        /// <summary><c>AccessDenied</c>, not transient: the store refuses these credentials.</summary>
        AccessDenied,
    }

    /// <summary>One call of PutAsync. <see cref="Stored"/> is false when the fake threw instead.</summary>
    public sealed record PutAttempt(ObjectUri Uri, byte[] Bytes, string ContentType, IReadOnlyDictionary<string, string> Metadata,
        DateTimeOffset At, TimeSpan Elapsed, bool Stored, string? Error);

    private sealed record StoredCopy(byte[] Bytes, string ContentType, IReadOnlyDictionary<string, string> Metadata, string ETag);

    /// <summary>Every put attempt so far, in the order they were decided.</summary>
    public IReadOnlyList<PutAttempt> Attempts
    {
        get
        {
            lock (_lock) return _attempts.ToArray();
        }
    }

    /// <summary>Successful puts only.</summary>
    public IReadOnlyList<PutAttempt> Stored => Attempts.Where(a => a.Stored).ToArray();

    public int Probes => Volatile.Read(ref _probes);

    public byte[]? ContentOf(ObjectUri uri)
    {
        lock (_lock) return _objects.TryGetValue(uri, out var copy) ? copy.Bytes : null;
    }

    /// <summary>The next <paramref name="count"/> puts throw a transient <c>ServiceUnavailable</c>; later ones succeed.</summary>
    public FakeObjectStore FailNextPuts(int count)
    {
        lock (_lock) _failNext = count;
        return this;
    }

    /// <summary>Every put fails this way until <see cref="Heal"/>; probes answer false meanwhile.</summary>
    public FakeObjectStore FailAllPuts(PutFailure failure)
    {
        lock (_lock)
        {
            _failAll = failure;
            _probeAnswer = failure == PutFailure.None;
        }
        return this;
    }

    /// <summary>Puts succeed and probes answer true again.</summary>
    public FakeObjectStore Heal()
    {
        lock (_lock)
        {
            _failAll = PutFailure.None;
            _failNext = 0;
            _probeAnswer = true;
        }
        return this;
    }

    public FakeObjectStore AnswerProbes(bool ok)
    {
        lock (_lock) _probeAnswer = ok;
        return this;
    }

    /// <summary>Puts for which <paramref name="thrower"/> returns an exception throw it (checked before the other
    /// failure modes); for exceptions an object store is not supposed to throw, or argument errors.</summary>
    public FakeObjectStore ThrowFor(Func<ObjectUri, Exception?>? thrower)
    {
        lock (_lock) _throwFor = thrower;
        return this;
    }

    public FakeObjectStore DelayPuts(TimeSpan delay)
    {
        lock (_lock) _putDelay = delay;
        return this;
    }

    /// <summary>Puts wait (before their outcome is decided) until <see cref="OpenGate"/>.</summary>
    public FakeObjectStore CloseGate()
    {
        lock (_lock)
            if (_gate.Task.IsCompleted) _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return this;
    }

    public FakeObjectStore OpenGate()
    {
        lock (_lock) _gate.TrySetResult();
        return this;
    }

    public async Task<StoredObject> PutAsync(ObjectUri uri, Stream content, string contentType,
        IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        return await PutAsync(uri, buffer.ToArray(), contentType, metadata, cancellationToken);
    }

    public async Task<StoredObject> PutAsync(ObjectUri uri, ReadOnlyMemory<byte> content, string contentType,
        IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        var bytes = content.ToArray();
        var meta = ObjectMetadata.Normalize(metadata);
        Task gate;
        TimeSpan delay;
        lock (_lock)
        {
            gate = _gate.Task;
            delay = _putDelay;
        }
        await gate.WaitAsync(cancellationToken);
        if (delay > TimeSpan.Zero) await Task.Delay(delay, cancellationToken);

        Exception? failure;
        lock (_lock)
        {
            failure = _throwFor?.Invoke(uri);
            if (failure is null)
            {
                failure = _failAll switch
                {
                    PutFailure.Transient => Unavailable(),
                    PutFailure.AccessDenied => new ObjectStoreException($"fake store: access denied to {uri.Bucket}", "AccessDenied", isTransient: false),
                    _ when _failNext > 0 => Unavailable(),
                    _ => null,
                };
                if (failure is not null && _failAll == PutFailure.None) _failNext--;
            }
            var error = failure is ObjectStoreException e ? e.Code : failure?.GetType().Name;
            _attempts.Add(new PutAttempt(uri, bytes, contentType, meta, DateTimeOffset.UtcNow, _watch.Elapsed, failure is null, error));
            if (failure is null) _objects[uri] = new StoredCopy(bytes, contentType, meta, Md5(bytes));
        }
        if (failure is not null) throw failure;
        return new StoredObject(uri, bytes.LongLength, Md5(bytes), Md5(bytes)) { Metadata = meta, ContentType = contentType };
    }

    public Task<StoredObject?> HeadAsync(ObjectUri uri, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult(_objects.TryGetValue(uri, out var copy)
                ? new StoredObject(uri, copy.Bytes.LongLength, copy.ETag, copy.ETag) { Metadata = copy.Metadata, ContentType = copy.ContentType }
                : null);
    }

    public Task<Stream> GetAsync(ObjectUri uri, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return _objects.TryGetValue(uri, out var copy)
                ? Task.FromResult<Stream>(new MemoryStream(copy.Bytes, writable: false))
                : Task.FromException<Stream>(new ObjectStoreException($"fake store: {uri} does not exist", "NoSuchKey", isTransient: false));
    }

    public Task<bool> ProbeAsync(string bucket, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _probes);
        lock (_lock) return Task.FromResult(_probeAnswer);
    }

    public Task<IReadOnlyList<string>> ListKeysAsync(string bucket, string prefix, int maxKeys = 10_000, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<string>>(_objects.Keys.Where(u => u.Bucket == bucket && u.Key.StartsWith(prefix, StringComparison.Ordinal))
                .Select(u => u.Key).Order(StringComparer.Ordinal).Take(maxKeys).ToList());
    }

    public Task DeleteAsync(ObjectUri uri, CancellationToken cancellationToken = default)
    {
        lock (_lock) _objects.Remove(uri);
        return Task.CompletedTask;
    }

    private static ObjectStoreException Unavailable() =>
        new("fake store: service unavailable", "ServiceUnavailable", isTransient: true);

    private static string Md5(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
