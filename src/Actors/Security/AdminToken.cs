using System.Security.Cryptography;
using System.Text;

namespace EdgeLabel.Actors.Security;

/// <summary>The bearer token admin endpoints require. From <c>EDGELABEL_ADMIN_TOKEN</c> when set; else from the
/// node's token file, created with a random token (mode 0600) on first start so local tools can read it. The token
/// itself is never logged.</summary>
public sealed class AdminToken
{
    public const string Variable = "EDGELABEL_ADMIN_TOKEN";
    private readonly byte[] _digest;

    private AdminToken(string token, string source)
    {
        _digest = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        Source = source;
    }

    /// <summary>Where the token came from (a variable name or a file path), for the startup log.</summary>
    public string Source { get; }

    public static AdminToken Load(string tokenFile, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (environment(Variable) is { Length: > 0 } fromEnvironment)
            return new AdminToken(fromEnvironment.Trim(), $"environment variable {Variable}");
        if (File.Exists(tokenFile))
        {
            var text = File.ReadAllText(tokenFile).Trim();
            if (text.Length >= 16) return new AdminToken(text, tokenFile);
            throw new Configuration.ConfigurationException(tokenFile, "the admin token file holds fewer than 16 characters");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(tokenFile))!);
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        using (var stream = new FileStream(tokenFile, new FileStreamOptions
               {
                   Mode = FileMode.CreateNew, Access = FileAccess.Write,
                   UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
               }))
        using (var writer = new StreamWriter(stream))
            writer.Write(token);
        return new AdminToken(token, tokenFile);
    }

    /// <summary>True for an <c>Authorization: Bearer &lt;token&gt;</c> header carrying this token (constant-time compare).</summary>
    public bool Accepts(string? authorizationHeader)
    {
        const string scheme = "Bearer ";
        if (authorizationHeader is null || !authorizationHeader.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        return Matches(authorizationHeader[scheme.Length..].Trim());
    }

    /// <summary>True when <paramref name="presented"/> is this token (the portal's admin sign-in). Compared as SHA-256
    /// digests in constant time, so neither the content nor the length of the token leaks through timing.</summary>
    public bool Matches(string presented) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), _digest);
}
