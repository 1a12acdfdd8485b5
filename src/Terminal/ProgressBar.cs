namespace EdgeLabel.Terminal;

/// <summary>Progress of long command-line work, on stderr so stdout stays the command's result: one bar, or one row per
/// part of the work (the demo's sites). In a terminal the rows are redrawn in place (at most every
/// <see cref="RedrawEvery"/>); redirected (CI logs) they are printed as plain lines at most every
/// <see cref="PlainLineEvery"/>. <see cref="Complete"/> always prints the final state. Thread-safe: parallel workers
/// may report, out of order.</summary>
public sealed class ProgressBar : IProgress<(int Done, int Total)>
{
    public static readonly TimeSpan RedrawEvery = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan PlainLineEvery = TimeSpan.FromSeconds(5);

    private readonly TextWriter _output;
    private readonly bool _interactive;
    private readonly Row[] _rows;
    private readonly TimeProvider _clock;
    private readonly int _columns;
    private readonly DateTimeOffset _startedAt;
    private readonly Lock _gate = new();
    private DateTimeOffset? _drawnAt;
    private bool _completed;

    /// <param name="interactive">True when <paramref name="output"/> is a terminal: redraw in place.</param>
    /// <param name="label">What is going on ("eval").</param>
    /// <param name="unit">What is counted ("images").</param>
    /// <param name="columns">The terminal's width; a redrawn line is cut to it, since a wrapped line cannot be redrawn.</param>
    public ProgressBar(TextWriter output, bool interactive, string label, string unit, TimeProvider? clock = null, int columns = 120)
        : this(output, interactive, [(label, unit)], clock, columns)
    {
    }

    /// <param name="rows">One bar each, drawn in this order (e.g. one per site and one for the total).</param>
    public ProgressBar(TextWriter output, bool interactive, IReadOnlyList<(string Label, string Unit)> rows, TimeProvider? clock = null, int columns = 120)
    {
        if (rows.Count == 0) throw new ArgumentException("a progress bar needs at least one row", nameof(rows));
        _output = output;
        _interactive = interactive;
        _rows = rows.Select(r => new Row(r.Label, r.Unit)).ToArray();
        _clock = clock ?? TimeProvider.System;
        _columns = Math.Max(20, columns);
        _startedAt = _clock.GetUtcNow();
    }

    /// <summary>A bar on this process's stderr, redrawn in place when stderr is a terminal.</summary>
    public static ProgressBar OnStandardError(string label, string unit) => OnStandardError([(label, unit)]);

    public static ProgressBar OnStandardError(IReadOnlyList<(string Label, string Unit)> rows) =>
        new(Console.Error, !Console.IsErrorRedirected, rows, columns: TerminalColumns());

    /// <summary>Counts so far; <paramref name="total"/> &lt;= 0 when not known yet (no bar then, only the count).
    /// <paramref name="detail"/> replaces the previous one when given.</summary>
    public void Report(long done, long total, string? detail = null) => Report(0, done, total, detail);

    /// <summary>Counts of row <paramref name="row"/> (in the order the rows were given).</summary>
    public void Report(int row, long done, long total, string? detail = null)
    {
        lock (_gate)
        {
            if (_completed) return;
            _rows[row].Set(done, total, detail);
            var now = _clock.GetUtcNow();
            if (_drawnAt is { } drawn && now - drawn < (_interactive ? RedrawEvery : PlainLineEvery)) return;
            Draw(now, final: false);
        }
    }

    void IProgress<(int Done, int Total)>.Report((int Done, int Total) value) => Report(value.Done, value.Total);

    /// <summary>An <see cref="IProgress{T}"/> that reports to this bar at once, on the reporting thread (unlike
    /// <see cref="Progress{T}"/>, whose posted callbacks could draw after <see cref="Complete"/>).</summary>
    public IProgress<T> For<T>(Func<T, (long Done, long Total, string? Detail)> read) => new Relay<T>(this, read);

    /// <summary>Prints the final line (and ends the redrawn one); later reports are ignored.</summary>
    /// <param name="detail">Replaces the first row's detail, e.g. with a summary.</param>
    public void Complete(string? detail = null)
    {
        lock (_gate)
        {
            if (_completed) return;
            _completed = true;
            _rows[0].Detail = detail ?? _rows[0].Detail;
            Draw(_clock.GetUtcNow(), final: true);
        }
    }

    /// <summary>The line for these counts: <c>eval [#####.....] 50% 120/240 images 4s eta 4s detail</c>; without a
    /// total, <c>eval 120 images 4s detail</c>. Final lines say "in" before the time and have no eta.</summary>
    public static string Render(string label, string unit, long done, long total, TimeSpan elapsed, string? detail, bool final, int barWidth = 24)
    {
        var line = new System.Text.StringBuilder(label).Append(' ');
        if (total > 0)
        {
            var ratio = Math.Clamp(done / (double)total, 0, 1);
            var filled = (int)Math.Floor(ratio * barWidth);
            line.Append('[').Append('#', filled).Append('.', barWidth - filled).Append("] ")
                .Append($"{(int)Math.Floor(ratio * 100),3}% {done}/{total} {unit} ");
        }
        else
        {
            line.Append($"{done} {unit} ");
        }
        line.Append(final ? "in " : "").Append(Duration(elapsed));
        if (!final && total > 0 && done > 0 && done < total)
            line.Append(" eta ").Append(Duration(elapsed * ((total - done) / (double)done)));
        if (!string.IsNullOrEmpty(detail)) line.Append("  ").Append(detail);
        return line.ToString();
    }

    public static string Duration(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:00}m" : t.TotalMinutes >= 1 ? $"{t.Minutes}m{t.Seconds:00}s" : $"{t.TotalSeconds:0}s";

    private void Draw(DateTimeOffset now, bool final)
    {
        var redraw = _drawnAt is not null;
        _drawnAt = now;
        var lines = _rows.Select(r => Render(r.Label, r.Unit, r.Done, r.Total, now - _startedAt, r.Detail, final)).ToArray();
        if (!_interactive)
        {
            foreach (var line in lines) _output.WriteLine(line);
            _output.Flush();
            return;
        }
        var text = new System.Text.StringBuilder("\r");
        // Back up to the first row (ANSI cursor up); the cursor rests at the end of the last row between draws.
        if (redraw && _rows.Length > 1) text.Append($"\e[{_rows.Length - 1}A");
        for (var i = 0; i < _rows.Length; i++)
        {
            var line = lines[i].Length > _columns - 1 ? lines[i][..(_columns - 1)] : lines[i];
            // Spaces over what is left of a longer previous line.
            text.Append(line.PadRight(_rows[i].DrawnLength)).Append(i < _rows.Length - 1 ? "\r\n" : "");
            _rows[i].DrawnLength = line.Length;
        }
        _output.Write(text.Append(final ? "\n" : "").ToString());
        _output.Flush();
    }

    /// <summary>The width of the terminal on stdout/stderr, or 120 when there is none to ask.</summary>
    public static int TerminalColumns()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 120;
        }
        catch (Exception e) when (e is IOException or PlatformNotSupportedException or InvalidOperationException)
        {
            return 120; // no terminal to ask
        }
    }

    /// <summary>One bar's counts, changed only under the bar's lock.</summary>
    private sealed class Row(string label, string unit)
    {
        public string Label { get; } = label;
        public string Unit { get; } = unit;
        public long Done { get; private set; }
        public long Total { get; private set; }
        public string? Detail { get; set; }
        public int DrawnLength { get; set; }

        public void Set(long done, long total, string? detail)
        {
            // Parallel workers' reports arrive out of order: never step back (a new total starts afresh).
            Done = total == Total ? Math.Max(Done, done) : done;
            Total = total;
            Detail = detail ?? Detail;
        }
    }

    private sealed class Relay<T>(ProgressBar bar, Func<T, (long Done, long Total, string? Detail)> read) : IProgress<T>
    {
        public void Report(T value)
        {
            var (done, total, detail) = read(value);
            bar.Report(done, total, detail);
        }
    }
}
