using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace EdgeLabel.Actors.Configuration;

/// <summary>The kind of node a HOCON file configures (its shipped defaults and its reader).</summary>
public enum NodeKind
{
    Edge,
    Cloud,
}

/// <summary>One thing wrong with a configuration file: the key path (or file) at fault and what is wrong.</summary>
public sealed record ConfigProblem(string File, string KeyPath, string Problem)
{
    public override string ToString() => $"{File}: {KeyPath}: {Problem}";
}

/// <summary>One node of a deployment: its HOCON file and the environment variables it runs with;
/// <see cref="Name"/> tells nodes apart in problems when several run the same file (a compose service's name).</summary>
public sealed record DeploymentNode(string File, IReadOnlyDictionary<string, string>? Environment, string? Name = null);

/// <summary>A validated file: which kind of node it configures and, when it is valid, its settings.</summary>
public sealed record ValidatedConfig(string File, NodeKind Kind, EdgeSettings? Edge, CloudSettings? Cloud);

/// <summary>Finds every problem of a node's HOCON file, not just the first: the settings readers stop at the first
/// bad key, so each failed key is taken out of the file (its shipped default applies) and the file read again, until
/// it reads through. Then the keys nothing read are reported as unknown. Several files at once are also checked as a
/// deployment: distinct site names and addresses, and edges whose seeds are cloud nodes of the deployment.</summary>
public static class ConfigValidator
{
    private const int MaxProblems = 100;

    /// <summary>Validates one file; <paramref name="kind"/> null takes it from the file (<c>edgelabel.cloud</c> = cloud).</summary>
    /// <param name="environment">Variables applied over the file as the node applies them (<see cref="EnvironmentOverrides"/>),
    /// e.g. a container's; null for none.</param>
    public static (ValidatedConfig? Config, IReadOnlyList<ConfigProblem> Problems) Validate(string file, NodeKind? kind = null,
        string? hoconDirectory = null, string? baseDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        Config user;
        try
        {
            user = ConfigLoader.Parse(file);
        }
        catch (ConfigurationException e)
        {
            return (null, [new ConfigProblem(file, e.KeyPath == file ? "(file)" : e.KeyPath, ProblemOf(e))]);
        }
        var nodeKind = kind ?? (user.HasPath("edgelabel.cloud") ? NodeKind.Cloud : NodeKind.Edge);
        var defaults = ConfigLoader.Parse(Path.Combine(hoconDirectory ?? ConfigLoader.HoconDirectory(), nodeKind == NodeKind.Edge ? "edge.conf" : "cloud.conf"));
        baseDirectory ??= Directory.GetCurrentDirectory();

        var problems = new List<ConfigProblem>();
        var removed = new List<string>();
        while (true)
        {
            var current = ConfigLoader.Parse(file);
            foreach (var key in removed) Remove(current, key);
            var merged = current.WithFallback(defaults);
            if (environment is not null && EnvironmentOverrides.From(environment, nodeKind) is { } overrides) merged = overrides.WithFallback(merged);
            try
            {
                var (settings, consumed) = ConfigKeyUsage.Track(() => Read(nodeKind, merged, baseDirectory, environment));
                // Keys of the shipped defaults are known even when this file's settings leave them unread
                // (journal.postgresql.* with the sqlite provider).
                var known = new HashSet<string>(consumed, StringComparer.Ordinal);
                known.UnionWith(ConfigKeyUsage.Unread(defaults, "edgelabel", new HashSet<string>()));
                problems.AddRange(UnknownKeys(user, known).Select(p => p with { File = file }));
                return (problems.Count == 0 ? new ValidatedConfig(file, nodeKind, settings.Edge, settings.Cloud) : null, problems);
            }
            catch (ConfigurationException e)
            {
                problems.Add(new ConfigProblem(file, e.KeyPath, ProblemOf(e)));
                var key = ListKey(e.KeyPath);
                if (removed.Contains(key) || !current.HasPath(key) || problems.Count >= MaxProblems)
                {
                    // The shipped default of this key is no better (a required key, or a problem outside the file):
                    // what follows it cannot be read.
                    problems.Add(new ConfigProblem(file, "(file)", "validation stopped at the problem above; fix it to see the rest"));
                    return (null, problems);
                }
                removed.Add(key);
            }
        }
    }

    /// <summary>Validates every file, then checks them together as one deployment.</summary>
    public static IReadOnlyList<ConfigProblem> ValidateDeployment(IReadOnlyList<string> files, NodeKind? kind = null,
        string? hoconDirectory = null, string? baseDirectory = null) =>
        ValidateDeployment(files.Select(f => new DeploymentNode(f, null)).ToList(), kind, hoconDirectory, baseDirectory);

    /// <summary>Validates every node (its file with its environment, as in a compose file), then checks them together.</summary>
    /// <param name="oneHost">The nodes share one machine (addresses and data folders must differ); false for containers,
    /// which each have their own.</param>
    public static IReadOnlyList<ConfigProblem> ValidateDeployment(IReadOnlyList<DeploymentNode> nodes, NodeKind? kind = null,
        string? hoconDirectory = null, string? baseDirectory = null, bool oneHost = true)
    {
        var problems = new List<ConfigProblem>();
        var valid = new List<ValidatedConfig>();
        foreach (var (file, environment, name) in nodes)
        {
            var (config, fileProblems) = Validate(file, kind, hoconDirectory, baseDirectory, environment);
            problems.AddRange(name is null ? fileProblems : fileProblems.Select(p => p with { File = name }));
            if (config is not null) valid.Add(name is null ? config : config with { File = name });
        }
        if (nodes.Count > 1) problems.AddRange(DeploymentChecks.Find(valid, oneHost));
        return problems;
    }

    // A node given with its environment (a container's) finds its secrets there, not in the validating process's.
    private static (EdgeSettings? Edge, CloudSettings? Cloud) Read(NodeKind kind, Config config, string baseDirectory,
        IReadOnlyDictionary<string, string>? environment) =>
        kind == NodeKind.Edge
            ? (EdgeSettingsReader.Read(config, baseDirectory), null)
            : (null, CloudSettingsReader.Read(config, baseDirectory, environment is null ? null : v => environment.GetValueOrDefault(v)));

    /// <summary>Reads a node's settings with <paramref name="read"/> and refuses a file with keys nothing read: a node
    /// must not start on a typo that silently leaves a setting at its default.</summary>
    public static T ReadRefusingUnknownKeys<T>(string? file, Config merged, string defaultsFile, Func<Config, T> read,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var (settings, consumed) = ConfigKeyUsage.Track(() => read(merged));
        var overrides = (environment ?? EnvironmentOverrides.Current()).GetValueOrDefault(EnvironmentOverrides.HoconVariable);
        var layers = new List<(Config Layer, string Where, string Validate)>();
        if (file is not null) layers.Add((ConfigLoader.Parse(file), file, $"`edgelabel config validate {file}` lists them"));
        // The node already parsed it (a syntax error stopped it there); a typo in it must not be ignored either.
        if (!string.IsNullOrWhiteSpace(overrides))
            layers.Add((ConfigurationFactory.ParseString(overrides), EnvironmentOverrides.HoconVariable, "check the variable's keys against docs/configuration.md"));
        if (layers.Count == 0) return settings;
        var known = new HashSet<string>(consumed, StringComparer.Ordinal);
        known.UnionWith(ConfigKeyUsage.Unread(ConfigLoader.Parse(defaultsFile), "edgelabel", new HashSet<string>()));
        foreach (var (layer, where, validate) in layers)
        {
            var unknown = UnknownKeys(layer, known).ToList();
            if (unknown.Count > 0)
                throw new ConfigurationException(unknown[0].KeyPath, unknown[0].Problem +
                    (unknown.Count > 1 ? $" (and {unknown.Count - 1} more; {validate})" : "") + $" in {where}");
        }
        return settings;
    }

    private static IEnumerable<ConfigProblem> UnknownKeys(Config user, IReadOnlySet<string> consumed)
    {
        foreach (var path in ConfigKeyUsage.Unread(user, "edgelabel", consumed))
        {
            // A value where the readers expect an object of keys (model = "x" instead of model { path = "x" }).
            var inside = consumed.Where(c => c.StartsWith(path + ".", StringComparison.Ordinal)).Select(c => c[(path.Length + 1)..].Split('.')[0])
                .Distinct().Order(StringComparer.Ordinal).Take(4).ToList();
            yield return inside.Count > 0
                ? new ConfigProblem("", path, $"expected an object with keys such as {string.Join(", ", inside)}, got a value")
                : new ConfigProblem("", path, "unknown key" + Suggestion(path, consumed));
        }
    }

    // The consumed key with the same parent and the closest name, when it is close enough to be a typo.
    private static string Suggestion(string path, IReadOnlySet<string> consumed)
    {
        var dot = path.LastIndexOf('.');
        var (parent, name) = (path[..(dot + 1)], path[(dot + 1)..]);
        var best = consumed.Where(c => c.StartsWith(parent, StringComparison.Ordinal) && !c[parent.Length..].Contains('.'))
            .Select(c => (Key: c[parent.Length..], Distance: Levenshtein(name, c[parent.Length..])))
            .OrderBy(c => c.Distance).ThenBy(c => c.Key, StringComparer.Ordinal).FirstOrDefault();
        return best.Key is not null && best.Distance <= Math.Max(2, name.Length / 3) ? $" (did you mean '{best.Key}'?)" : "";
    }

    private static int Levenshtein(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }

    // "edgelabel.cluster.seeds[1]" names an element; the key to take out is the list.
    private static string ListKey(string keyPath) => keyPath.IndexOf('[') is var i and > 0 ? keyPath[..i] : keyPath;

    // The exception's message repeats the key path in front ("key: problem").
    private static string ProblemOf(ConfigurationException e) =>
        e.Message.StartsWith(e.KeyPath + ": ", StringComparison.Ordinal) ? e.Message[(e.KeyPath.Length + 2)..] : e.Message;

    /// <summary>Takes a key out of a parsed file, so the shipped default (or the reader's own) applies to it.</summary>
    private static void Remove(Config config, string path)
    {
        var dot = path.LastIndexOf('.');
        if (dot <= 0 || !config.HasPath(path[..dot])) return;
        var parent = config.GetValue(path[..dot]);
        if (parent.IsObject()) parent.GetObject().Items.Remove(path[(dot + 1)..].Trim('"'));
    }
}
