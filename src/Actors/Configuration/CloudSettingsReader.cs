using System.Text.RegularExpressions;
using EdgeLabel.Actors.Cluster;
using EdgeLabel.Actors.Datasets;
using EdgeLabel.Actors.GroundTruth;
using EdgeLabel.Actors.Labeling;
using EdgeLabel.Actors.Persistence;
using EdgeLabel.Dataset.Model;
using Config = Akka.Configuration.Config;

namespace EdgeLabel.Actors.Configuration;

/// <summary>Reads and validates a cloud node's settings; every problem names its key.</summary>
public static partial class CloudSettingsReader
{
    /// <param name="environment">Where the journal's connection-string variable is looked up; null: this process's
    /// environment (a validator passes the environment the node will run with).</param>
    public static CloudSettings Read(Config hocon, string baseDirectory, Func<string, string?>? environment = null)
    {
        var cloud = new HoconReader(hocon, "edgelabel.cloud");
        var dataDirectory = Path.GetFullPath(cloud.String("data-dir", "out/cloud"), baseDirectory);
        var exports = cloud.Has("export-dir") && !string.IsNullOrWhiteSpace(hocon.GetString(cloud.Path("export-dir")))
            ? Path.GetFullPath(cloud.String("export-dir"), baseDirectory)
            : Path.Combine(dataDirectory, "exports");
        var tokenFile = Path.GetFullPath(cloud.String("admin-token-file", "admin-token"), dataDirectory);
        return new CloudSettings(
            dataDirectory,
            cloud.String("http.url", "http://127.0.0.1:5090"),
            exports,
            tokenFile,
            JournalSettingsReader.Read(hocon, cloud.Path("journal"), dataDirectory, environment ?? Environment.GetEnvironmentVariable),
            ReadProjects(cloud),
            EdgeSettingsReader.ReadStore(cloud.At("store"), baseDirectory),
            ClusterSettingsReader.Read(hocon, enabledByDefault: true))
        {
            GroundTruth = ReadGroundTruth(cloud.At("ground-truth")),
            Labeling = LabelingSettingsReader.Read(cloud.At("labeling")),
            Tls = ReadTls(cloud.At("http.tls"), baseDirectory),
        };
    }

    private static TlsListenerSettings? ReadTls(HoconReader tls, string baseDirectory)
    {
        var url = tls.String("url", "");
        var certificate = tls.String("certificate", "");
        var key = tls.String("key", "");
        if (url.Length == 0)
        {
            if (certificate.Length > 0 || key.Length > 0)
                throw new ConfigurationException(tls.Path("url"), "a certificate is set but no https:// URL to serve it on");
            return null;
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || uri.AbsolutePath != "/")
            throw new ConfigurationException(tls.Path("url"), $"'{url}' is not an https:// URL with a host and port, e.g. \"https://0.0.0.0:5443\"");
        if (certificate.Length == 0) throw new ConfigurationException(tls.Path("certificate"), "the TLS listener needs the server certificate (PEM file)");
        if (key.Length == 0) throw new ConfigurationException(tls.Path("key"), "the TLS listener needs the certificate's private key (PEM file)");
        return new TlsListenerSettings(url, Path.GetFullPath(certificate, baseDirectory), Path.GetFullPath(key, baseDirectory));
    }

    private static GroundTruthSettings ReadGroundTruth(HoconReader gt)
    {
        var d = GroundTruthSettings.Default;
        var workers = gt.At("workforce").StringList("workers", d.Workers);
        if (workers.Count == 0)
            throw new ConfigurationException(gt.Path("workforce.workers"), "the private workforce needs at least one labeler, e.g. [w1, w2, w3]");
        foreach (var w in workers)
            if (!WorkerIdPattern().IsMatch(w))
                throw new ConfigurationException(gt.Path("workforce.workers"), $"labeler id '{w}' must be 1-64 letters, digits, '-' or '_'");
        if (workers.Distinct(StringComparer.Ordinal).Count() != workers.Count)
            throw new ConfigurationException(gt.Path("workforce.workers"), "labeler ids must be unique");
        var accountId = gt.String("account-id", d.AccountId);
        if (!AccountIdPattern().IsMatch(accountId))
            throw new ConfigurationException(gt.Path("account-id"), $"'{accountId}' is not a 12-digit account id");
        return new GroundTruthSettings(
            gt.Bool("enabled", d.Enabled),
            gt.String("region", d.Region),
            accountId,
            gt.String("access-keys-env", d.AccessKeysEnv),
            workers,
            gt.At("workforce").String("tokens-env", d.WorkerTokensEnv),
            gt.Int("max-active-jobs", d.MaxActiveJobs, min: 1, max: 10_000),
            gt.Int("max-objects-per-job", d.MaxObjectsPerJob, min: 1, max: 10_000_000),
            gt.Duration("task-check-interval", d.TaskCheckInterval, min: TimeSpan.FromMilliseconds(10)));
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex WorkerIdPattern();

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountIdPattern();

    private static Dictionary<string, ProjectSettings> ReadProjects(HoconReader cloud)
    {
        var projects = new Dictionary<string, ProjectSettings>(StringComparer.Ordinal);
        foreach (var name in cloud.Keys("projects"))
        {
            var at = cloud.At("projects").At(name);
            if (!ProjectNamePattern().IsMatch(name))
                throw new ConfigurationException(at.Prefix, "project names are lower-case letters, digits and dashes (they name persistence ids and folders)");
            var categories = at.StringList("label-categories", []);
            if (categories.Count == 0)
                throw new ConfigurationException(at.Path("label-categories"), "a project needs at least one label category, e.g. [face]");
            try
            {
                projects[name] = new ProjectSettings(name, new LabelCategories(categories));
            }
            catch (ArgumentException e)
            {
                throw new ConfigurationException(at.Path("label-categories"), e.Message, e);
            }
        }
        if (projects.Count == 0)
            throw new ConfigurationException(cloud.Path("projects"), "at least one project is required, e.g. projects { default { label-categories = [face] } }");
        return projects;
    }

    [GeneratedRegex("^[a-z0-9](-?[a-z0-9])*$")]
    private static partial Regex ProjectNamePattern();
}
