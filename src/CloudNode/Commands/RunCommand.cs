using EdgeLabel.CloudNode.Hosting;

namespace EdgeLabel.CloudNode.Commands;

/// <summary><c>run</c>: a cloud node that serves until stopped (Ctrl+C / SIGTERM).</summary>
public static class RunCommand
{
    public static async Task<int> RunAsync(string? configFile, CancellationToken ct)
    {
        var (settings, hocon) = CloudConfiguration.Load(configFile);
        await using var app = CloudNodeHost.Build(settings, hocon);
        await app.StartAsync(ct);
        Console.Out.WriteLine($"cloud node up: cluster {settings.Cluster.SelfAddress}, http {app.Urls.FirstOrDefault()}, " +
                              $"journal {settings.Journal}, projects {string.Join(", ", settings.Projects.Keys)}");
        await app.WaitForShutdownAsync(ct);
        return 0;
    }
}
