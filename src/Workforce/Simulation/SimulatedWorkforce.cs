using EdgeLabel.Workforce.Api;
using EdgeLabel.Workforce.Truth;

namespace EdgeLabel.Workforce.Simulation;

/// <summary>N simulated labelers working concurrently against one cloud node's task API. They are not people: every
/// log line says "[simulated workforce]" and <see cref="WorkforceStats.Summary"/> says SIMULATED.</summary>
public sealed class SimulatedWorkforce : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly WorkforceLog _log;
    private readonly Uri _cloudUrl;
    private readonly KnownImages _known;
    private readonly Lock _gate = new();
    private CancellationTokenSource? _stop;
    private Task? _running;

    /// <param name="cloudUrl">The cloud node's HTTP address (its <c>http.url</c>).</param>
    /// <param name="profiles">One per labeler; ids must be distinct.</param>
    /// <param name="known">The images whose truth the labelers know (<see cref="KnownImages.Empty"/>: none).</param>
    /// <param name="log">Receives every log line, already prefixed with <see cref="WorkforceLog.Prefix"/>.</param>
    /// <param name="http">A shared client; one is created (and disposed) when null.</param>
    public SimulatedWorkforce(Uri cloudUrl, IReadOnlyList<WorkerProfile> profiles, KnownImages known, WorkforceOptions? options = null,
        Action<string>? log = null, HttpClient? http = null)
    {
        if (profiles.Count == 0) throw new ArgumentException("a workforce needs at least one labeler", nameof(profiles));
        if (profiles.GroupBy(p => p.WorkerId, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ArgumentException($"labeler '{twice.Key}' is listed twice", nameof(profiles));
        _cloudUrl = cloudUrl;
        _known = known;
        _log = new WorkforceLog(log);
        _ownsHttp = http is null;
        _http = http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        Workers = profiles.Select(p => new SimulatedWorker(p, new TaskApiClient(cloudUrl, p.Token, _http), known, options, _log)).ToArray();
    }

    public IReadOnlyList<SimulatedWorker> Workers { get; }

    public bool IsRunning
    {
        get
        {
            lock (_gate) return _running is { IsCompleted: false };
        }
    }

    public WorkforceStats Snapshot() => new(Workers.Select(w => w.Snapshot()).ToArray());

    /// <summary>Starts every labeler in the background; <see cref="StopAsync"/> (or dispose) stops them.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_running is not null) throw new InvalidOperationException("the simulated workforce is already started");
            _stop = new CancellationTokenSource();
            var ct = _stop.Token;
            _log.Write($"starting {Workers.Count} SIMULATED labeler(s) against {_cloudUrl}: {string.Join(", ", Workers.Select(w => w.Profile.Describe()))}");
            _log.Write($"they know the truth of {_known.Count} image(s) ({_known.BoxCount} box(es)); other images get their pre-annotations echoed" +
                       (_known.Missing.Count > 0 ? $"; {_known.Missing.Count} image(s) named by the truth files were not found: {string.Join(", ", _known.Missing.Take(10))}" : ""));
            _running = Task.WhenAll(Workers.Select(w => Task.Run(() => w.RunAsync(ct), CancellationToken.None)));
        }
    }

    /// <summary>Runs every labeler until <paramref name="ct"/> is cancelled, then stops them and returns normally.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        Start();
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Asked to stop.
        }
        await StopAsync();
    }

    /// <summary>Stops the labelers (a task being worked on is abandoned, as a closed browser tab would) and logs a summary.</summary>
    public async Task StopAsync()
    {
        Task? running;
        lock (_gate)
        {
            running = _running;
            _stop?.Cancel();
        }
        if (running is null) return;
        await running;
        lock (_gate)
        {
            if (_running is null) return;
            _running = null;
            _stop?.Dispose();
            _stop = null;
        }
        _log.Write($"stopped: {Snapshot().Summary()}");
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_ownsHttp) _http.Dispose();
    }
}
