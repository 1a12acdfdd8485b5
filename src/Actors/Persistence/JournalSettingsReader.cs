using Akka.Configuration;
using EdgeLabel.Actors.Configuration;
using ConfigurationException = EdgeLabel.Actors.Configuration.ConfigurationException;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace EdgeLabel.Actors.Persistence;

/// <summary>Binds <see cref="JournalSettings"/> from a HOCON block such as <c>edgelabel.cloud.journal</c>:
/// <code>
/// journal {
///   provider = sqlite                      # sqlite (default) | postgresql
///   sqlite-path = "journal.db"             # relative to the base directory
///   postgresql {
///     connection-string-env = "EDGELABEL_PG_CONNECTION"   # default; checked first
///     connection-string-file = "/run/secrets/pg"          # optional; a file holding the connection string
///     connection-string = "Host=..."                      # optional; avoid secrets in HOCON
///   }
/// }
/// </code>
/// Every error names its key path and never echoes a connection string (it may hold a password).</summary>
public static class JournalSettingsReader
{
    /// <summary>Environment variable consulted when <c>postgresql.connection-string-env</c> is not set.</summary>
    public const string DefaultConnectionStringVariable = "EDGELABEL_PG_CONNECTION";

    /// <summary>Reads the block at <paramref name="path"/>; an absent block means SQLite at <c>journal.db</c>
    /// under <paramref name="baseDirectory"/>.</summary>
    public static JournalSettings Read(Config hocon, string path, string baseDirectory) =>
        Read(hocon, path, baseDirectory, Environment.GetEnvironmentVariable);

    /// <summary>As <see cref="Read(Config,string,string)"/>, with the environment lookup injectable for tests.</summary>
    public static JournalSettings Read(Config hocon, string path, string baseDirectory, Func<string, string?> environment)
    {
        var journal = new HoconReader(hocon, path);
        // Absent means the default; present but empty is a mistake worth reporting, not a silent SQLite.
        var provider = journal.Has("provider") ? journal.String("provider") : "sqlite";
        return provider.Trim().ToLowerInvariant() switch
        {
            "sqlite" => Sqlite(journal, baseDirectory),
            "postgresql" or "postgres" => PostgreSql(journal.At("postgresql"), baseDirectory, environment),
            _ => throw new ConfigurationException(journal.Path("provider"), $"unknown journal provider '{provider}'; expected sqlite or postgresql"),
        };
    }

    private static JournalSettings Sqlite(HoconReader journal, string baseDirectory)
    {
        var file = Path.GetFullPath(journal.String("sqlite-path", "journal.db"), baseDirectory);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = file }.ToString();
        return new JournalSettings(JournalProvider.Sqlite, connectionString, file);
    }

    // Sources in order: the environment variable (if set), the file (if configured), the inline value.
    private static JournalSettings PostgreSql(HoconReader postgres, string baseDirectory, Func<string, string?> environment)
    {
        var variable = postgres.String("connection-string-env", DefaultConnectionStringVariable);
        if (environment(variable) is { } fromEnvironment && !string.IsNullOrWhiteSpace(fromEnvironment))
            return Validated(fromEnvironment.Trim(), postgres.Path("connection-string-env"), $"environment variable {variable}");

        if (postgres.Has("connection-string-file"))
        {
            var file = Path.GetFullPath(postgres.String("connection-string-file"), baseDirectory);
            string text;
            try
            {
                text = File.ReadAllText(file).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ConfigurationException(postgres.Path("connection-string-file"), $"cannot read '{file}': {e.Message}", e);
            }
            if (text.Length == 0)
                throw new ConfigurationException(postgres.Path("connection-string-file"), $"'{file}' is empty");
            return Validated(text, postgres.Path("connection-string-file"), $"file '{file}'");
        }

        if (postgres.Has("connection-string") && postgres.Config.GetString(postgres.Path("connection-string")) is { } inline
            && !string.IsNullOrWhiteSpace(inline))
            return Validated(inline.Trim(), postgres.Path("connection-string"), "the HOCON value");

        throw new ConfigurationException(postgres.Path("connection-string"),
            $"no PostgreSQL connection string: set the environment variable {variable} (named by {postgres.Path("connection-string-env")}), " +
            $"or {postgres.Path("connection-string-file")}, or {postgres.Path("connection-string")}");
    }

    // Parses with Npgsql so a typo fails at start-up, not at the first persist; the message omits the value.
    private static JournalSettings Validated(string connectionString, string keyPath, string source)
    {
        NpgsqlConnectionStringBuilder parsed;
        try
        {
            parsed = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationException(keyPath, $"the PostgreSQL connection string from {source} is invalid: {e.Message}");
        }
        if (string.IsNullOrWhiteSpace(parsed.Host))
            throw new ConfigurationException(keyPath, $"the PostgreSQL connection string from {source} has no Host");
        return new JournalSettings(JournalProvider.PostgreSql, connectionString, null);
    }
}
