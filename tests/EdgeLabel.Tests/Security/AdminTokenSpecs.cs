using EdgeLabel.Actors.Security;
using EdgeLabel.Tests.Support;
using ConfigurationException = EdgeLabel.Actors.Configuration.ConfigurationException;

namespace EdgeLabel.Tests.Security;

public sealed class AdminTokenSpecs : IDisposable
{
    private readonly TempDirectory _dir = new("admin-token");

    private string TokenFile => Path.Combine(_dir.Path, "node", "admin-token");

    [Fact]
    public void Without_a_variable_a_random_token_is_created_once_readable_only_by_the_owner_and_then_reused()
    {
        var first = AdminToken.Load(TokenFile, _ => null);
        var written = File.ReadAllText(TokenFile);
        Assert.Equal(64, written.Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(TokenFile));
        Assert.True(first.Accepts($"Bearer {written}"));

        var second = AdminToken.Load(TokenFile, _ => null);
        Assert.True(second.Accepts($"bearer {written}"));
        Assert.Equal(written, File.ReadAllText(TokenFile));
    }

    [Fact]
    public void The_environment_variable_wins_and_only_that_exact_token_is_accepted()
    {
        var token = AdminToken.Load(TokenFile, v => v == AdminToken.Variable ? "s3cr3t-token-from-env-0123" : null);
        Assert.True(token.Accepts("Bearer s3cr3t-token-from-env-0123"));
        Assert.False(token.Accepts("Bearer s3cr3t-token-from-env-012"));
        Assert.False(token.Accepts("Basic s3cr3t-token-from-env-0123"));
        Assert.False(token.Accepts(null));
        Assert.False(token.Accepts(""));
        Assert.Equal($"environment variable {AdminToken.Variable}", token.Source);
        Assert.False(File.Exists(TokenFile));
        // The portal's admin sign-in presents the bare token as a password.
        Assert.True(token.Matches("s3cr3t-token-from-env-0123"));
        Assert.False(token.Matches("s3cr3t-token-from-env-0123 "));
        Assert.False(token.Matches(""));
    }

    [Fact]
    public void A_token_file_that_is_too_short_is_refused_with_its_path()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(TokenFile)!);
        File.WriteAllText(TokenFile, "short");
        var error = Assert.Throws<ConfigurationException>(() => AdminToken.Load(TokenFile, _ => null));
        Assert.Equal(TokenFile, error.KeyPath);
    }

    public void Dispose() => _dir.Dispose();
}
