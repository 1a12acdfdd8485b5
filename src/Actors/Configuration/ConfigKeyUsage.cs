using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace EdgeLabel.Actors.Configuration;

/// <summary>Which HOCON keys the settings readers consume, so that a key nothing reads (a typo such as
/// <c>acept = 0.8</c>, or a key from an older version) is reported instead of silently ignored. Ambient (an
/// <see cref="AsyncLocal{T}"/>) so the readers keep their signatures: only code inside <see cref="Track"/> pays for it.</summary>
public static class ConfigKeyUsage
{
    private static readonly AsyncLocal<HashSet<string>?> Current = new();

    /// <summary>Runs <paramref name="read"/> and returns its result with every key path it consumed.</summary>
    public static (T Result, IReadOnlySet<string> Consumed) Track<T>(Func<T> read)
    {
        var outer = Current.Value;
        var consumed = new HashSet<string>(StringComparer.Ordinal);
        Current.Value = consumed;
        try
        {
            return (read(), consumed);
        }
        finally
        {
            Current.Value = outer;
            outer?.UnionWith(consumed);
        }
    }

    internal static void Note(string path) => Current.Value?.Add(path);

    /// <summary>The leaf keys of <paramref name="file"/> under <paramref name="root"/> that no reader consumed. A key
    /// counts as read when its own path was read, or a list or value that contains it was.</summary>
    public static IReadOnlyList<string> Unread(Config file, string root, IReadOnlySet<string> consumed)
    {
        if (!file.HasPath(root)) return [];
        var unread = new List<string>();
        Walk(file.GetValue(root), root, consumed, unread);
        return unread;
    }

    private static void Walk(HoconValue value, string path, IReadOnlySet<string> consumed, List<string> unread)
    {
        if (consumed.Contains(path)) return;
        if (!value.IsObject())
        {
            unread.Add(path);
            return;
        }
        foreach (var (key, child) in value.GetObject().Items)
            Walk(child, $"{path}.{Quote(key)}", consumed, unread);
    }

    // Keys with a dot or other HOCON punctuation are written quoted, as in the file.
    private static string Quote(string key) =>
        key.All(c => char.IsLetterOrDigit(c) || c is '-' or '_') ? key : $"\"{key}\"";
}
