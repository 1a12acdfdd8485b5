using Akka.Configuration;
using EdgeLabel.Actors.Persistence;
using EdgeLabel.Tests.Support;
using ConfigurationException = EdgeLabel.Actors.Configuration.ConfigurationException;

namespace EdgeLabel.Tests.Persistence;

public sealed class JournalSettingsReaderSpecs
{
    private const string Block = "edgelabel.cloud.journal";
    private const string PgUrl = "Host=db.example;Port=5433;Database=edgelabel;Username=edge;Password=s3cret";
    private static readonly string BaseDirectory = Path.Combine(Path.GetTempPath(), "edgelabel-journal-settings");

    private static JournalSettings Read(string hocon, IReadOnlyDictionary<string, string>? environment = null) =>
        JournalSettingsReader.Read(ConfigurationFactory.ParseString(hocon), Block, BaseDirectory,
            name => environment is not null && environment.TryGetValue(name, out var value) ? value : null);

    private static ConfigurationException Fails(string hocon, IReadOnlyDictionary<string, string>? environment = null) =>
        Assert.Throws<ConfigurationException>(() => Read(hocon, environment));

    [Fact]
    public void An_absent_block_means_a_sqlite_journal_under_the_base_directory()
    {
        var settings = Read("edgelabel.cloud { }");

        Assert.Equal(JournalProvider.Sqlite, settings.Provider);
        Assert.Equal(Path.Combine(BaseDirectory, "journal.db"), settings.SqlitePath);
        Assert.Contains(settings.SqlitePath!, settings.ConnectionString);
    }

    [Fact]
    public void A_relative_sqlite_path_resolves_against_the_base_directory_and_an_absolute_one_is_kept()
    {
        Assert.Equal(Path.Combine(BaseDirectory, "out", "cloud", "journal.db"),
            Read($"{Block} {{ provider = sqlite, sqlite-path = \"out/cloud/journal.db\" }}").SqlitePath);
        Assert.Equal("/var/lib/edgelabel/j.db", Read($"{Block}.sqlite-path = \"/var/lib/edgelabel/j.db\"").SqlitePath);
    }

    [Fact]
    public void Postgresql_takes_its_connection_string_from_the_default_environment_variable()
    {
        var settings = Read($"{Block}.provider = postgresql",
            new Dictionary<string, string> { [JournalSettingsReader.DefaultConnectionStringVariable] = PgUrl });

        Assert.Equal(JournalProvider.PostgreSql, settings.Provider);
        Assert.Equal(PgUrl, settings.ConnectionString);
        Assert.Null(settings.SqlitePath);
    }

    [Fact]
    public void Postgresql_takes_its_connection_string_from_the_named_environment_variable_before_the_hocon_value()
    {
        var settings = Read($$"""
            {{Block}} {
              provider = postgresql
              postgresql { connection-string-env = "MY_PG", connection-string = "Host=from-hocon" }
            }
            """, new Dictionary<string, string> { ["MY_PG"] = PgUrl });

        Assert.Equal(PgUrl, settings.ConnectionString);
    }

    [Fact]
    public void Postgresql_falls_back_to_a_connection_string_file_then_to_the_inline_value()
    {
        using var dir = new TempDirectory("journal-settings");
        File.WriteAllText(dir.File("pg"), PgUrl + "\n");

        var fromFile = Read($"{Block} {{ provider = postgresql, postgresql.connection-string-file = \"{dir.File("pg")}\" }}");
        var inline = Read($"{Block} {{ provider = postgres, postgresql.connection-string = \"Host=127.0.0.1;Database=x\" }}");

        Assert.Equal(PgUrl, fromFile.ConnectionString);
        Assert.Equal("Host=127.0.0.1;Database=x", inline.ConnectionString);
    }

    [Fact]
    public void The_password_never_shows_in_the_settings_text()
    {
        var settings = Read($"{Block}.provider = postgresql",
            new Dictionary<string, string> { [JournalSettingsReader.DefaultConnectionStringVariable] = PgUrl });

        Assert.DoesNotContain("s3cret", settings.ToString());
        Assert.DoesNotContain("s3cret", settings.RedactedConnectionString);
        Assert.Contains("db.example", settings.RedactedConnectionString);
    }

    [Fact]
    public void Postgresql_without_any_connection_string_names_the_keys_to_set()
    {
        var error = Fails($"{Block}.provider = postgresql");

        Assert.Equal($"{Block}.postgresql.connection-string", error.KeyPath);
        Assert.Contains(JournalSettingsReader.DefaultConnectionStringVariable, error.Message);
        Assert.Contains($"{Block}.postgresql.connection-string-file", error.Message);
    }

    [Fact]
    public void An_unknown_provider_is_refused_naming_the_key_and_the_choices()
    {
        var error = Fails($"{Block}.provider = mysql");

        Assert.Equal($"{Block}.provider", error.KeyPath);
        Assert.Contains("'mysql'", error.Message);
        Assert.Contains("sqlite or postgresql", error.Message);
    }

    [Fact]
    public void An_empty_provider_is_refused_rather_than_read_as_the_default()
    {
        Assert.Equal($"{Block}.provider", Fails($"{Block}.provider = \"\"").KeyPath);
    }

    [Fact]
    public void A_malformed_connection_string_is_refused_naming_its_source_without_echoing_it()
    {
        var error = Fails($"{Block}.provider = postgresql",
            new Dictionary<string, string> { ["EDGELABEL_PG_CONNECTION"] = "Hots=db;Password=s3cret" });

        Assert.Equal($"{Block}.postgresql.connection-string-env", error.KeyPath);
        Assert.Contains("EDGELABEL_PG_CONNECTION", error.Message);
        Assert.DoesNotContain("s3cret", error.Message);
    }

    [Fact]
    public void A_missing_connection_string_file_is_refused_naming_the_key()
    {
        var error = Fails($"{Block} {{ provider = postgresql, postgresql.connection-string-file = \"/nonexistent/pg\" }}");

        Assert.Equal($"{Block}.postgresql.connection-string-file", error.KeyPath);
    }
}
