using EdgeLabel.NodeProcesses;
namespace EdgeLabel.Demo.Topology;

/// <summary>Every path a demo run writes, under one output root (default <c>out/</c>): the run's state under
/// <c>demo/</c> (deleted at the start of a fresh run), the project's export under <c>dataset/&lt;project&gt;/</c>.</summary>
public sealed record DemoLayout(string OutputRoot)
{
    public string State => Path.Combine(OutputRoot, "demo");
    public string Config => Path.Combine(State, "config");
    public string Logs => Path.Combine(State, "logs");
    public string CloudData => Path.Combine(State, "cloud");
    public string ObjectStore => Path.Combine(State, "object-store");
    public string PidFile => Path.Combine(State, "pids");
    public string Summary => Path.Combine(State, "summary.json");
    public string DatasetRoot => Path.Combine(OutputRoot, "dataset");

    public string EdgeData(string site) => Path.Combine(State, "edges", site);
    public string SiteSamples(string site) => Path.Combine(State, "samples", site);
    public string ConfigFile(string node) => Path.Combine(Config, $"{node}.conf");
    public string LogFile(string node) => Path.Combine(Logs, $"{node}.log");
    public string Export(string project) => Path.Combine(DatasetRoot, project);

    public static DemoLayout At(string outputRoot) => new(Path.GetFullPath(outputRoot));
}
