using System.Text;

namespace EdgeLabel.Cli.Ctl;

/// <summary>A plain text table for people (column widths from the content; <c>--json</c> is for scripts).</summary>
public sealed class Table(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public Table Add(params object?[] cells)
    {
        _rows.Add(cells.Select(c => c switch { null => "-", bool b => b ? "yes" : "no", _ => c.ToString() ?? "-" }).ToArray());
        return this;
    }

    public override string ToString()
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        Line(text, headers, widths);
        Line(text, widths.Select(w => new string('-', w)).ToArray(), widths);
        foreach (var row in _rows) Line(text, row, widths);
        if (_rows.Count == 0) text.AppendLine("(none)");
        return text.ToString();
    }

    private static void Line(StringBuilder text, string[] cells, int[] widths) =>
        text.AppendLine(string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
}
