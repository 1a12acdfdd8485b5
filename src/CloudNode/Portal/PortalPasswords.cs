using System.Security.Cryptography;
using System.Text;
using EdgeLabel.Actors.Configuration;
using EdgeLabel.Actors.GroundTruth;

namespace EdgeLabel.CloudNode.Portal;

/// <summary>The labelers' portal passwords, read once from <see cref="Variable"/> ("w1:password,...") like their task
/// tokens: each kept only as a PBKDF2-SHA256 hash with its own random salt, verified in constant time; never logged.</summary>
public sealed class PortalPasswords
{
    public const string Variable = "EDGELABEL_GT_WORKER_PASSWORDS";
    private const int Iterations = 100_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    private const int MinLength = 8;

    private readonly Dictionary<string, (byte[] Salt, byte[] Hash)> _hashes;

    // Unknown names are checked against this decoy, so that a wrong name costs as long as a wrong password.
    private readonly (byte[] Salt, byte[] Hash) _decoy;

    private PortalPasswords(Dictionary<string, (byte[] Salt, byte[] Hash)> hashes)
    {
        _hashes = hashes;
        _decoy = HashNew(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));
    }

    /// <summary>Labelers who can sign in to the portal.</summary>
    public IReadOnlyCollection<string> Workers => _hashes.Keys;

    /// <summary>Reads <see cref="Variable"/>; a malformed value fails naming the variable only, never echoing a password.</summary>
    public static PortalPasswords FromEnvironment(GroundTruthSettings settings, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var hashes = new Dictionary<string, (byte[], byte[])>(StringComparer.Ordinal);
        var value = environment(Variable);
        if (string.IsNullOrWhiteSpace(value)) return new PortalPasswords(hashes);
        var n = 0;
        foreach (var entry in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            n++;
            var colon = entry.IndexOf(':');
            if (colon <= 0 || colon == entry.Length - 1)
                throw new ConfigurationException(Variable, $"entry {n} is not 'worker:password'");
            var (worker, password) = (entry[..colon], entry[(colon + 1)..]);
            if (worker == AdminIdentity.Name)
                throw new ConfigurationException(Variable, $"'{AdminIdentity.Name}' is the portal's admin sign-in (its password is the admin token); give the labeler another name");
            if (!settings.Workers.Contains(worker, StringComparer.Ordinal))
                throw new ConfigurationException(Variable, $"has a password for '{worker}', who is not in ground-truth.workforce.workers");
            if (password.Length < MinLength)
                throw new ConfigurationException(Variable, $"the password of '{worker}' is shorter than {MinLength} characters");
            hashes[worker] = HashNew(password);
        }
        return new PortalPasswords(hashes);
    }

    /// <summary>True when <paramref name="password"/> is <paramref name="worker"/>'s.</summary>
    public bool Verify(string worker, string password)
    {
        var known = _hashes.TryGetValue(worker, out var stored);
        var (salt, hash) = known ? stored : _decoy;
        var presented = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return CryptographicOperations.FixedTimeEquals(presented, hash) && known;
    }

    private static (byte[] Salt, byte[] Hash) HashNew(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return (salt, Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, HashBytes));
    }
}
