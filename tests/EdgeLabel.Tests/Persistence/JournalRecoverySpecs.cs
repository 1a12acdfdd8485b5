using Akka.Configuration;
using EdgeLabel.Actors.Persistence;
using EdgeLabel.Tests.Support;
using Npgsql;

namespace EdgeLabel.Tests.Persistence;

/// <summary>Events persisted through <see cref="JournalHosting.AddJournal"/> come back after a restart: all of them,
/// once each, in order.</summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class PostgresJournalRecoverySpecs(PostgresServer server, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_event_persisted_to_postgresql_is_recovered_in_order_by_a_new_actor_system()
    {
        output.WriteLine($"PostgreSQL on port {server.Port}, started in {server.StartupTime.TotalSeconds:F1} s");
        var database = $"journal_{Guid.NewGuid():N}";
        var connectionString = await server.CreateDatabaseAsync(database);
        // Through the reader, as a node would bind it; the connection string arrives from the environment.
        var settings = JournalSettingsReader.Read(ConfigurationFactory.ParseString("edgelabel.cloud.journal.provider = postgresql"),
            "edgelabel.cloud.journal", RepoPaths.Root, name => name == JournalSettingsReader.DefaultConnectionStringVariable ? connectionString : null);
        Assert.Empty(await TablesAsync(connectionString)); // nothing until the journal creates its schema

        var written = await JournalRoundTrip.WriteAsync(settings, "counter-pg", events: 500, batch: 50);
        var recovered = await JournalRoundTrip.RecoverAsync(settings, "counter-pg");

        Assert.Equal(500, written);
        Assert.Equal(Enumerable.Range(0, 500), recovered.Values);
        Assert.Equal(500, recovered.LastSequenceNr);
        var tables = await TablesAsync(connectionString);
        Assert.Contains("journal", tables);
        Assert.Equal(500, await ScalarAsync(connectionString, "SELECT COUNT(DISTINCT sequence_number) FROM journal WHERE persistence_id = 'counter-pg'"));
        Assert.Equal(500, await ScalarAsync(connectionString, "SELECT COUNT(*) FROM journal"));
    }

    [Fact]
    public async Task A_second_writer_session_continues_the_sequence_without_gaps_or_duplicates()
    {
        var connectionString = await server.CreateDatabaseAsync($"journal_{Guid.NewGuid():N}");
        var settings = new JournalSettings(JournalProvider.PostgreSql, connectionString, null);

        await JournalRoundTrip.WriteAsync(settings, "counter-pg-resumed", events: 200, batch: 40);
        // A restarted node recovers 200 events, then appends; its numbers must carry on from 201.
        var before = await JournalRoundTrip.RecoverAsync(settings, "counter-pg-resumed");
        var resumed = await JournalRoundTrip.WriteAsync(settings, "counter-pg-resumed", events: 100, batch: 25, from: 200);
        var after = await JournalRoundTrip.RecoverAsync(settings, "counter-pg-resumed");

        Assert.Equal(200, before.LastSequenceNr);
        Assert.Equal(300, resumed);
        Assert.Equal(Enumerable.Range(0, 300), after.Values);
    }

    private static async Task<List<string>> TablesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return names;
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}

public sealed class SqliteJournalRecoverySpecs
{
    [Fact]
    public async Task Every_event_persisted_to_sqlite_is_recovered_in_order_by_a_new_actor_system()
    {
        using var dir = new TempDirectory("sqlite-journal");
        var settings = JournalSettingsReader.Read(ConfigurationFactory.ParseString("edgelabel.cloud.journal.sqlite-path = \"node/journal.db\""),
            "edgelabel.cloud.journal", dir.Path);

        var written = await JournalRoundTrip.WriteAsync(settings, "counter-sqlite", events: 500, batch: 50);
        var recovered = await JournalRoundTrip.RecoverAsync(settings, "counter-sqlite");

        Assert.Equal(JournalProvider.Sqlite, settings.Provider);
        Assert.True(File.Exists(dir.File("node/journal.db")));
        Assert.Equal(500, written);
        Assert.Equal(Enumerable.Range(0, 500), recovered.Values);
        Assert.Equal(500, recovered.LastSequenceNr);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
