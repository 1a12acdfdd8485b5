using System.Security.Cryptography;
using System.Text;
using EdgeLabel.Actors.Configuration;

namespace EdgeLabel.Actors.GroundTruth;

/// <summary>The embedded Ground Truth service's secrets, read once from the environment (never from HOCON): SigV4
/// access keys for the SageMaker API and one bearer token per labeler for the task API. Tokens are kept only as
/// SHA-256 hashes and compared in constant time; neither secrets nor tokens are ever logged.</summary>
public sealed class GroundTruthCredentials
{
    private readonly Dictionary<string, string> _secrets;
    private readonly (string Worker, byte[] Hash)[] _tokens;

    private GroundTruthCredentials(Dictionary<string, string> secrets, (string Worker, byte[] Hash)[] tokens, IReadOnlyList<string> workersWithoutToken)
    {
        _secrets = secrets;
        _tokens = tokens;
        WorkersWithoutToken = workersWithoutToken;
    }

    public int AccessKeyCount => _secrets.Count;

    /// <summary>Configured labelers that cannot sign in (no token in the environment).</summary>
    public IReadOnlyList<string> WorkersWithoutToken { get; }

    /// <summary>Reads <see cref="GroundTruthSettings.AccessKeysEnv"/> ("AKID:SECRET,...") and
    /// <see cref="GroundTruthSettings.WorkerTokensEnv"/> ("w1:token,..."); a malformed value fails naming the variable only.</summary>
    public static GroundTruthCredentials FromEnvironment(GroundTruthSettings settings, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, secret) in Pairs(environment(settings.AccessKeysEnv), settings.AccessKeysEnv, "AKID:SECRET"))
            secrets[id] = secret;

        var tokens = new List<(string, byte[])>();
        foreach (var (worker, token) in Pairs(environment(settings.WorkerTokensEnv), settings.WorkerTokensEnv, "worker:token"))
        {
            if (!settings.Workers.Contains(worker, StringComparer.Ordinal))
                throw new ConfigurationException(settings.WorkerTokensEnv, $"has a token for '{worker}', who is not in ground-truth.workforce.workers");
            if (token.Length < 8)
                throw new ConfigurationException(settings.WorkerTokensEnv, $"the token of '{worker}' is shorter than 8 characters");
            tokens.Add((worker, Hash(token)));
        }
        var without = settings.Workers.Where(w => tokens.All(t => t.Item1 != w)).ToArray();
        return new GroundTruthCredentials(secrets, tokens.ToArray(), without);
    }

    /// <summary>The SigV4 secret of an access key id, or null.</summary>
    public string? SecretFor(string accessKeyId) => _secrets.GetValueOrDefault(accessKeyId);

    /// <summary>The labeler an <c>Authorization: Bearer &lt;token&gt;</c> header belongs to, or null.</summary>
    public string? WorkerFor(string? authorizationHeader)
    {
        const string prefix = "Bearer ";
        if (authorizationHeader is null || !authorizationHeader.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return null;
        var presented = Hash(authorizationHeader[prefix.Length..].Trim());
        string? match = null;
        foreach (var (worker, hash) in _tokens)
            if (CryptographicOperations.FixedTimeEquals(presented, hash)) match ??= worker; // no early exit: same time for every token
        return match;
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    private static IEnumerable<(string Key, string Value)> Pairs(string? value, string variable, string shape)
    {
        if (string.IsNullOrWhiteSpace(value)) yield break;
        var n = 0;
        foreach (var entry in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            n++;
            var colon = entry.IndexOf(':');
            if (colon <= 0 || colon == entry.Length - 1)
                throw new ConfigurationException(variable, $"entry {n} is not '{shape}'"); // the value itself is a secret: never echoed
            yield return (entry[..colon], entry[(colon + 1)..]);
        }
    }
}
