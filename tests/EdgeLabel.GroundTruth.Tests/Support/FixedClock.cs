using System.Globalization;

namespace EdgeLabel.GroundTruth.Tests.Support;

/// <summary>A clock that always says the same time (timers still run on real time).</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;

    /// <summary>The instant of an x-amz-date value.</summary>
    public static FixedClock At(string amzDate) =>
        new(DateTimeOffset.ParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal));
}
