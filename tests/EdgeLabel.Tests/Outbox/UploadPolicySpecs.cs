using EdgeLabel.Actors.Upload;

namespace EdgeLabel.Tests.Outbox;

/// <summary>The pure parts of the upload policy: retry backoff and the daily window.</summary>
public sealed class UploadPolicySpecs
{
    private static readonly TimeSpan Base = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(1, 500)]
    [InlineData(2, 1000)]
    [InlineData(3, 2000)]
    [InlineData(6, 16000)]
    [InlineData(7, 30000)] // 32 s, capped
    [InlineData(0, 500)] // no attempt yet counts as the first
    public void Backoff_waits_between_half_and_all_of_the_doubled_base_delay_up_to_the_cap(int attempt, double ceilingMs)
    {
        var random = new Random(attempt);
        for (var i = 0; i < 1000; i++)
        {
            var delay = UploadBackoff.Delay(attempt, Base, Cap, random).TotalMilliseconds;
            Assert.InRange(delay, ceilingMs / 2, ceilingMs);
        }
    }

    [Fact]
    public void Backoff_grows_with_each_attempt_until_it_reaches_the_cap()
    {
        var random = new Random(7);
        for (var sample = 0; sample < 200; sample++)
        {
            var previous = TimeSpan.Zero;
            for (var attempt = 1; attempt <= 12; attempt++)
            {
                var delay = UploadBackoff.Delay(attempt, Base, Cap, random);
                // Attempt n+1's lower bound is attempt n's upper bound while uncapped; capped, both lie in [cap/2, cap].
                if (previous < Cap / 2) Assert.True(delay >= previous, $"attempt {attempt}: {delay} < {previous}");
                previous = delay;
            }
        }
    }

    [Theory]
    [InlineData(10)]
    [InlineData(31)]
    [InlineData(1000)]
    [InlineData(int.MaxValue)]
    public void Backoff_never_exceeds_the_cap_however_many_attempts_failed(int attempt)
    {
        var random = new Random(attempt);
        for (var i = 0; i < 200; i++)
        {
            var delay = UploadBackoff.Delay(attempt, Base, Cap, random);
            Assert.InRange(delay, Cap / 2, Cap);
        }
    }

    [Theory]
    [InlineData("22:00-06:00", 22, 0, 6, 0)]
    [InlineData("08:00-17:30", 8, 0, 17, 30)]
    [InlineData(" 23:15 - 00:45 ", 23, 15, 0, 45)]
    public void A_daily_window_parses_and_prints_as_start_dash_end(string text, int startH, int startM, int endH, int endM)
    {
        var window = DailyWindow.Parse(text);
        Assert.Equal(new TimeSpan(startH, startM, 0), window.Start);
        Assert.Equal(new TimeSpan(endH, endM, 0), window.End);
        Assert.Equal(text.Replace(" ", ""), window.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("22:00")]
    [InlineData("22:00-22:00")]
    [InlineData("25:00-06:00")]
    [InlineData("22:00-06:60")]
    [InlineData("10pm-6am")]
    [InlineData("08:00-12:00-14:00")]
    public void A_daily_window_that_is_not_hh_mm_dash_hh_mm_with_distinct_ends_is_refused(string text) =>
        Assert.Throws<FormatException>(() => DailyWindow.Parse(text));

    [Theory]
    [InlineData("22:00", true)]
    [InlineData("23:59", true)]
    [InlineData("00:00", true)]
    [InlineData("05:59", true)]
    [InlineData("06:00", false)]
    [InlineData("12:00", false)]
    [InlineData("21:59", false)]
    public void A_window_wrapping_midnight_is_open_from_its_start_through_midnight_until_its_end(string utc, bool open) =>
        Assert.Equal(open, DailyWindow.Parse("22:00-06:00").IsOpen(At(utc)));

    [Theory]
    [InlineData("08:00", true)]
    [InlineData("17:29", true)]
    [InlineData("17:30", false)]
    [InlineData("07:59", false)]
    [InlineData("00:00", false)]
    public void A_window_within_one_day_is_open_from_its_start_until_its_end(string utc, bool open) =>
        Assert.Equal(open, DailyWindow.Parse("08:00-17:30").IsOpen(At(utc)));

    [Fact]
    public void A_window_is_in_utc_whatever_the_offset_of_the_time_asked_about()
    {
        var window = DailyWindow.Parse("22:00-06:00");
        Assert.False(window.IsOpen(new DateTimeOffset(2025, 3, 1, 23, 30, 0, TimeSpan.FromHours(2)))); // 21:30 UTC
        Assert.True(window.IsOpen(new DateTimeOffset(2025, 3, 1, 18, 30, 0, TimeSpan.FromHours(-5)))); // 23:30 UTC
    }

    private static DateTimeOffset At(string utc) =>
        new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero) + TimeSpan.Parse(utc, System.Globalization.CultureInfo.InvariantCulture);
}
