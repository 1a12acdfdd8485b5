namespace EdgeLabel.Actors.Upload;

/// <summary>Exponential backoff with jitter, capped: attempt n waits between half and all of
/// min(cap, base·2ⁿ⁻¹), so retries of many items spread out instead of arriving together.</summary>
public static class UploadBackoff
{
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan cap, Random random)
    {
        var exponent = Math.Min(Math.Max(attempt - 1, 0), 30);
        var ceiling = Math.Min(cap.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + random.NextDouble() * 0.5));
    }
}
