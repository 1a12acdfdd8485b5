namespace EdgeLabel.Terminal.Tests;

public sealed class ProgressBarSpecs
{
    private readonly ManualClock _clock = new();
    private readonly StringWriter _output = new();

    private ProgressBar Bar(bool interactive, int columns = 120) => new(_output, interactive, "eval", "images", _clock, columns);

    private string[] Lines => _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Redirected_output_gets_plain_lines_at_most_every_five_seconds_and_never_a_carriage_return()
    {
        var bar = Bar(interactive: false);
        bar.Report(0, 100);
        _clock.Advance(TimeSpan.FromSeconds(1));
        bar.Report(10, 100);
        _clock.Advance(TimeSpan.FromSeconds(3.9));
        bar.Report(50, 100);
        _clock.Advance(TimeSpan.FromSeconds(1.1));
        bar.Report(60, 100);

        Assert.Equal(
        [
            "eval [........................]   0% 0/100 images 0s",
            "eval [##############..........]  60% 60/100 images 6s eta 4s",
        ], Lines);
        Assert.DoesNotContain('\r', _output.ToString());
    }

    [Fact]
    public void Completion_always_prints_the_final_line_even_right_after_another()
    {
        var bar = Bar(interactive: false);
        bar.Report(1, 3);
        _clock.Advance(TimeSpan.FromSeconds(2));
        bar.Report(3, 3, "all read");
        bar.Complete();

        Assert.Equal(["eval [########................]  33% 1/3 images 0s eta 0s", "eval [########################] 100% 3/3 images in 2s  all read"], Lines);
    }

    [Fact]
    public void Reports_after_completion_draw_nothing()
    {
        var bar = Bar(interactive: false);
        bar.Complete();
        _clock.Advance(TimeSpan.FromMinutes(1));
        bar.Report(5, 10);
        bar.Complete("again");

        Assert.Equal(["eval 0 images in 0s"], Lines);
    }

    [Fact]
    public void A_terminal_is_redrawn_in_place_at_most_every_100_ms_and_the_completion_ends_the_line()
    {
        var bar = Bar(interactive: true);
        bar.Report(1, 4);
        _clock.Advance(TimeSpan.FromMilliseconds(60));
        bar.Report(2, 4); // too soon: not drawn
        _clock.Advance(TimeSpan.FromMilliseconds(40));
        bar.Report(3, 4);
        Assert.DoesNotContain('\n', _output.ToString());
        Assert.Equal(2, _output.ToString().Count(c => c == '\r'));

        bar.Complete();
        var text = _output.ToString();
        Assert.EndsWith("\n", text);
        Assert.EndsWith("\reval [##################......]  75% 3/4 images in 0s", text[..^1].TrimEnd(' '));
        Assert.Equal(3, text.Count(c => c == '\r'));
    }

    [Fact]
    public void A_shorter_redraw_covers_what_is_left_of_the_longer_line_before_it()
    {
        var bar = Bar(interactive: true);
        bar.Report(1, 2, "a rather long detail");
        var first = _output.ToString().Length - 1; // without the \r
        _clock.Advance(TimeSpan.FromSeconds(1));
        bar.Report(1, 2, "short");

        var second = _output.ToString()[(first + 1)..];
        Assert.StartsWith("\reval [", second);
        Assert.Equal(first, second.Length - 1);
        Assert.EndsWith("short" + new string(' ', "a rather long detail".Length - "short".Length), second);
    }

    [Fact]
    public void A_redrawn_line_is_cut_to_the_terminal_width_so_it_never_wraps()
    {
        var bar = Bar(interactive: true, columns: 40);
        bar.Report(1, 2, new string('x', 100));

        Assert.Equal("\r" + "eval [############............]  50% 1/2 images 0s eta 0s  xxx"[..39], _output.ToString());
    }

    [Fact]
    public void Out_of_order_reports_from_parallel_workers_never_move_the_count_back()
    {
        var bar = Bar(interactive: false);
        bar.Report(5, 10);
        bar.Report(3, 10);
        bar.Complete();

        Assert.EndsWith(" 5/10 images in 0s", Lines[^1]);
    }

    [Fact]
    public void Without_a_total_only_the_count_is_shown()
    {
        Assert.Equal("decisions 1500 decisions 1m05s  site-a",
            ProgressBar.Render("decisions", "decisions", 1500, 0, TimeSpan.FromSeconds(65), "site-a", final: false));
    }

    [Fact]
    public void A_relay_reports_on_the_calling_thread_with_its_own_counts()
    {
        var bar = Bar(interactive: false);
        bar.For<(string Format, int Written, int Images)>(p => (p.Written, p.Images, p.Format)).Report(("coco", 2, 8));

        Assert.Equal(["eval [######..................]  25% 2/8 images 0s eta 0s  coco"], Lines);
    }

    [Fact]
    public void Rows_are_redrawn_together_by_moving_back_up_to_the_first_one()
    {
        var bar = new ProgressBar(_output, true, [("north", "images"), ("south", "images")], _clock);
        bar.Report(0, 1, 4);
        var first = _output.ToString();
        _clock.Advance(TimeSpan.FromSeconds(1));
        bar.Report(1, 2, 4);
        var second = _output.ToString()[first.Length..];

        Assert.Equal("\rnorth [######..................]  25% 1/4 images 0s eta 0s\r\nsouth 0 images 0s", first);
        Assert.StartsWith("\r\e[1Anorth [######..................]  25% 1/4 images 1s eta 3s\r\nsouth [############............]  50% 2/4 images 1s eta 1s", second);
        Assert.DoesNotContain('\n', second[^1..]);
    }

    [Fact]
    public void Redirected_rows_print_one_plain_line_each_with_their_own_label()
    {
        var bar = new ProgressBar(_output, false, [("north", "images"), ("dataset", "images")], _clock);
        bar.Report(0, 3, 3, "done deciding");
        bar.Report(1, 1, 3);
        bar.Complete();

        Assert.Equal(
        [
            "north [########################] 100% 3/3 images 0s  done deciding",
            "dataset 0 images 0s",
            "north [########################] 100% 3/3 images in 0s  done deciding",
            "dataset [########................]  33% 1/3 images in 0s",
        ], Lines);
    }
}
