using Akka.Hosting;
using EdgeLabel.Actors.Hosting;
using Microsoft.Data.Sqlite;

namespace EdgeLabel.Tests.Support;

/// <summary>An Akka.Hosting TestKit whose system persists to its own temp SQLite file (removed afterwards).</summary>
public abstract class SqliteSpec(ITestOutputHelper output) : HostingSpec(output: output)
{
    protected string JournalPath { get; } = Path.Combine(Path.GetTempPath(), $"edgelabel-spec-{Guid.NewGuid():N}", "journal.db");

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) =>
        builder.AddEdgeLabelSerialization().AddSqliteJournal(JournalPath);

    /// <summary>Rows in the first table whose name contains <paramref name="nameContains"/>.</summary>
    protected long CountRows(string nameContains)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = JournalPath, Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        using var tables = connection.CreateCommand();
        tables.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
        string? table = null;
        using (var reader = tables.ExecuteReader())
            while (reader.Read())
                if (reader.GetString(0).Contains(nameContains, StringComparison.OrdinalIgnoreCase)) table ??= reader.GetString(0);
        if (table is null) return 0;
        using var count = connection.CreateCommand();
        count.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
        return (long)count.ExecuteScalar()!;
    }

    protected override async Task AfterAllAsync()
    {
        await base.AfterAllAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path.GetDirectoryName(JournalPath)!, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
