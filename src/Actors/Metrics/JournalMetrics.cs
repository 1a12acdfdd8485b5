using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace EdgeLabel.Actors.Metrics;

/// <summary>How long the journal takes to make a write durable, measured where the node's hot writers persist (the
/// edge's decision batches, the cloud's dataset absorbs): from the Persist call to its handler. Static, as journal
/// writers are created by the ActorSystem (sharding, hosting), not by a container that could hand them an instance.</summary>
public static class JournalMetrics
{
    public const string MeterName = "EdgeLabel.Journal";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> WriteSeconds = Meter.CreateHistogram("edgelabel_journal_write_seconds", "s",
        "Time from a Persist call to its handler (the write is durable), by writer.", tags: null,
        new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    /// <summary>Records one durable write that started at <paramref name="startedAt"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public static void Written(string writer, long startedAt) =>
        WriteSeconds.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds, new KeyValuePair<string, object?>("writer", writer));
}
