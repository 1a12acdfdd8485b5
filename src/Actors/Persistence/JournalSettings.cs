using Npgsql;

namespace EdgeLabel.Actors.Persistence;

/// <summary>Where a node's event journal and snapshot store live.</summary>
public enum JournalProvider
{
    /// <summary>A local SQLite file in WAL mode: the default, needs no server.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database (tables are created on first use).</summary>
    PostgreSql,
}

/// <summary>The journal a node persists to, bound once at start-up by <see cref="JournalSettingsReader"/>.
/// For SQLite, <see cref="ConnectionString"/> is derived from <see cref="SqlitePath"/>; for PostgreSQL it
/// is the Npgsql connection string and <see cref="SqlitePath"/> is null.</summary>
public sealed record JournalSettings(JournalProvider Provider, string ConnectionString, string? SqlitePath)
{
    /// <summary>The connection string with its password removed, for logs and status pages.</summary>
    public string RedactedConnectionString => Provider switch
    {
        JournalProvider.PostgreSql => Redact(ConnectionString),
        _ => ConnectionString,
    };

    // A record prints every member; the connection string may carry a password.
    public override string ToString() =>
        $"{nameof(JournalSettings)} {{ Provider = {Provider}, ConnectionString = {RedactedConnectionString}, SqlitePath = {SqlitePath} }}";

    private static string Redact(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (!string.IsNullOrEmpty(builder.Password)) builder.Password = "***";
            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return "(unparsable connection string)";
        }
    }
}
