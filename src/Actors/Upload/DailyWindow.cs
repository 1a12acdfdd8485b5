using System.Globalization;

namespace EdgeLabel.Actors.Upload;

/// <summary>A daily time window in UTC, e.g. "22:00-06:00" (may wrap midnight), when a site may use its link.</summary>
public sealed record DailyWindow(TimeSpan Start, TimeSpan End)
{
    public static DailyWindow Parse(string text)
    {
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length != 2
            || !TimeSpan.TryParseExact(parts[0], @"hh\:mm", CultureInfo.InvariantCulture, out var start)
            || !TimeSpan.TryParseExact(parts[1], @"hh\:mm", CultureInfo.InvariantCulture, out var end)
            || start == end)
            throw new FormatException($"'{text}' is not a window like 22:00-06:00 (UTC, start != end)");
        return new DailyWindow(start, end);
    }

    public bool IsOpen(DateTimeOffset now)
    {
        var t = now.UtcDateTime.TimeOfDay;
        return Start < End ? t >= Start && t < End : t >= Start || t < End;
    }

    public override string ToString() => $"{Start:hh\\:mm}-{End:hh\\:mm}";
}
