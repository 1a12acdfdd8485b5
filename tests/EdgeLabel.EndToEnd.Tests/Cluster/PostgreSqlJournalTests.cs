using EdgeLabel.EndToEnd.Tests.Support;
using EdgeLabel.EndToEnd.Tests.Support.Cluster;
using EdgeLabel.Tests.Support;
using Npgsql;

namespace EdgeLabel.EndToEnd.Tests.Cluster;

/// <summary>The two-cloud deployment on the production journal: both cloud nodes on one real PostgreSQL database
/// (connection string only through EDGELABEL_PG_CONNECTION), two edges, every image exactly once.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlJournalTests(PostgresServer postgres, ITestOutputHelper output)
{
    private const int SyntheticPerSite = 60;

    [Fact]
    public async Task TwoCloudsTwoEdges_on_a_PostgreSQL_journal_deliver_every_image_exactly_once()
    {
        var ct = TestContext.Current.CancellationToken;
        output.WriteLine($"PostgreSQL on port {postgres.Port}, started in {postgres.StartupTime.TotalSeconds:0.0}s");
        // Pooled, as a deployment would run it (the fixture's own string turns pooling off for its unit tests).
        var connection = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync($"cluster_{Guid.NewGuid():N}")) { Pooling = true }
            .ConnectionString;

        await using var cluster = new ClusterDeployment("postgres", output);
        cluster.UsePostgreSql(connection);
        cluster.AddCloud();
        cluster.AddCloud();
        var (inboxA, _) = SampleInbox.DlibSubset(cluster.Root, "inbox-a", i => i < 6);
        var (inboxB, _) = SampleInbox.DlibSubset(cluster.Root, "inbox-b", i => i >= 6);
        cluster.AddEdge("site-a", new Dictionary<string, string>
        {
            ["gate"] = SiteConfig.DirectoryCamera(inboxA),
            ["synth"] = EdgeSite.SyntheticCamera(SyntheticPerSite, seed: 31),
        });
        cluster.AddEdge("site-b", new Dictionary<string, string>
        {
            ["dock"] = SiteConfig.DirectoryCamera(inboxB),
            ["synth"] = EdgeSite.SyntheticCamera(SyntheticPerSite, seed: 32),
        });
        foreach (var cloud in cluster.Clouds)
            Assert.DoesNotContain(connection, File.Exists(cloud.ConfigFile) ? File.ReadAllText(cloud.ConfigFile) : "");

        await cluster.StartAsync(ct);
        foreach (var cloud in cluster.Clouds)
            cluster.Check(!File.ReadAllText(cloud.ConfigFile).Contains(connection, StringComparison.Ordinal),
                () => $"{cloud.Name}'s HOCON holds the connection string");
        var (edges, stats) = await cluster.WaitForEverythingDeliveredAsync(TimeSpan.FromMinutes(4), ct: ct);
        var manifest = ExportedManifest.Read(await cluster.ExportAsync(ct: ct));
        cluster.AssertNothingLostNothingDuplicated(edges, stats, manifest);

        // The dataset's events are in PostgreSQL (not in some SQLite file next to a node).
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync(ct);
        await using var query = db.CreateCommand();
        query.CommandText = "SELECT count(*) FROM journal WHERE persistence_id = 'dataset-default'";
        var events = Convert.ToInt64(await query.ExecuteScalarAsync(ct));
        cluster.Check(events > 0, () => "no dataset-default events in the PostgreSQL journal table");
        foreach (var cloud in cluster.Clouds)
            cluster.Check(!Directory.EnumerateFiles(cloud.Directory, "*.db", SearchOption.AllDirectories).Any(),
                () => $"{cloud.Name} wrote a SQLite journal although the journal is PostgreSQL");
        output.WriteLine($"{events} dataset-default event row(s) in PostgreSQL; {stats}");
    }
}
