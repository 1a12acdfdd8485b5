using Akka.Hosting;
using Akka.Persistence.Sql.Hosting;
using EdgeLabel.Actors.Hosting;
using LinqToDB;

namespace EdgeLabel.Actors.Persistence;

/// <summary>Akka.Hosting registration of the node's journal and snapshot store, on the provider its settings name.</summary>
public static class JournalHosting
{
    /// <summary>SQLite (WAL mode, as <see cref="EdgeSiteHosting.AddSqliteJournal"/>) or PostgreSQL through
    /// Akka.Persistence.Sql; either way the default journal and snapshot plugins, tables created on first use.</summary>
    public static AkkaConfigurationBuilder AddJournal(this AkkaConfigurationBuilder builder, JournalSettings settings) =>
        settings.Provider switch
        {
            JournalProvider.Sqlite => builder.AddSqliteJournal(settings.SqlitePath
                ?? throw new ArgumentException("a SQLite journal needs SqlitePath", nameof(settings))),
            // PostgreSQL 15 dialect: Debian bookworm's server, and valid SQL for every later version.
            JournalProvider.PostgreSql => builder.WithSqlPersistence(settings.ConnectionString, ProviderName.PostgreSQL15, autoInitialize: true),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Provider, "unknown journal provider"),
        };
}
