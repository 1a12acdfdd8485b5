namespace EdgeLabel.Actors.Configuration;

/// <summary>Checks that braces, brackets and quotes balance before Akka's HOCON parser sees the text: that parser
/// spins forever on an unclosed array and silently accepts a missing or extra closing brace.</summary>
public static class HoconBracketCheck
{
    /// <summary>Returns null when balanced, else a message with the line of the first problem.</summary>
    public static string? Find(string text)
    {
        var open = new Stack<(char Bracket, int Line)>();
        var line = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\n':
                    line++;
                    break;
                case '#':
                    i = SkipToEndOfLine(text, i);
                    line++;
                    break;
                case '/' when i + 1 < text.Length && text[i + 1] == '/':
                    i = SkipToEndOfLine(text, i);
                    line++;
                    break;
                case '"':
                    var end = SkipString(text, i);
                    if (end < 0) return $"line {line}: unterminated string";
                    line += text.AsSpan(i, end - i).Count('\n');
                    i = end;
                    break;
                case '{' or '[':
                    open.Push((c, line));
                    break;
                case '}' or ']':
                    var expected = c == '}' ? '{' : '[';
                    if (open.Count == 0) return $"line {line}: '{c}' closes nothing";
                    var (bracket, openedAt) = open.Pop();
                    if (bracket != expected) return $"line {line}: '{c}' does not match '{bracket}' opened on line {openedAt}";
                    break;
            }
        }
        return open.Count == 0 ? null : $"line {open.Peek().Line}: '{open.Peek().Bracket}' is never closed";
    }

    private static int SkipToEndOfLine(string text, int i)
    {
        var newline = text.IndexOf('\n', i);
        return newline < 0 ? text.Length : newline;
    }

    private static int SkipString(string text, int start)
    {
        if (text.AsSpan(start).StartsWith("\"\"\""))
        {
            var close = text.IndexOf("\"\"\"", start + 3, StringComparison.Ordinal);
            return close < 0 ? -1 : close + 2;
        }
        for (var i = start + 1; i < text.Length; i++)
        {
            if (text[i] == '\\') { i++; continue; }
            if (text[i] == '"') return i;
            if (text[i] == '\n') return -1;
        }
        return -1;
    }
}
