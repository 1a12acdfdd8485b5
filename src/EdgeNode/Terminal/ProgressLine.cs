namespace EdgeLabel.EdgeNode.Terminal;

/// <summary>A one-line progress bar redrawn in place on stderr (plain lines when output is redirected).</summary>
public sealed class ProgressLine(TextWriter output, bool interactive)
{
    private DateTime _lastPlain = DateTime.MinValue;

    public void Draw(long done, long total, string detail)
    {
        var ratio = total <= 0 ? 0 : Math.Clamp(done / (double)total, 0, 1);
        const int width = 30;
        var filled = (int)Math.Round(ratio * width);
        var line = $"[{new string('#', filled)}{new string('.', width - filled)}] {done}/{total} {detail}";
        if (interactive)
        {
            output.Write("\r" + line.PadRight(Math.Max(line.Length, 110)));
        }
        else if (DateTime.UtcNow - _lastPlain > TimeSpan.FromSeconds(2))
        {
            output.WriteLine(line);
            _lastPlain = DateTime.UtcNow;
        }
    }

    public void Finish()
    {
        if (interactive) output.WriteLine();
    }
}
