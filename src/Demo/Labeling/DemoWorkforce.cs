using EdgeLabel.Demo.Topology;
using EdgeLabel.Workforce.Simulation;
using EdgeLabel.Workforce.Truth;
using EdgeLabel.NodeProcesses;

namespace EdgeLabel.Demo.Labeling;

/// <summary>The run's labelers: one SIMULATED labeler per configured worker, signed in with the run's tokens, answering
/// from dlib's face boxes for the dlib photos and echoing the model's boxes for images without truth. Their log goes to
/// <c>logs/workforce.log</c>, beside the nodes'.</summary>
public static class DemoWorkforce
{
    public static SimulatedWorkforce Create(Uri cloudUrl, NodeCredentials credentials, KnownImages truth, string logFile)
    {
        var profiles = credentials.Labelers
            .Select((l, i) => new WorkerProfile(l.Worker, l.Token)
            {
                // A person takes seconds per image; a few hundred ms keeps the demo short while tasks still overlap.
                MinLatency = TimeSpan.FromMilliseconds(100),
                MaxLatency = TimeSpan.FromMilliseconds(400),
                Seed = 1000 + i,
            })
            .ToList();
        var gate = new Lock();
        return new SimulatedWorkforce(cloudUrl, profiles, truth, new WorkforceOptions { PollInterval = TimeSpan.FromMilliseconds(500) },
            line =>
            {
                lock (gate) File.AppendAllText(logFile, $"{DateTimeOffset.Now:HH:mm:ss.fff} {line}\n");
            });
    }

    /// <summary>dlib's boxes, when the samples hold them (they do after <c>./build.sh samples</c>).</summary>
    public static KnownImages Truth(string samples)
    {
        var dlib = Path.Combine(samples, "dlib-faces");
        return KnownImages.DlibTruthFiles.Any(f => File.Exists(Path.Combine(dlib, f))) ? KnownImages.LoadDlib(dlib) : KnownImages.Empty;
    }
}
