using EdgeLabel.Actors.Inference;
using EdgeLabel.EdgeNode.Hosting;

namespace EdgeLabel.EdgeNode.Commands;

/// <summary><c>run</c>: an edge node that serves until stopped (Ctrl+C / SIGTERM).</summary>
public static class RunCommand
{
    public static async Task<int> RunAsync(string? configFile, CancellationToken ct)
    {
        var (settings, hocon) = EdgeConfiguration.Load(configFile);
        using var detector = DetectorFactory.Create(settings.Model);
        await using var app = EdgeNodeHost.Build(settings, hocon, detector);
        await app.StartAsync(ct);
        Console.Out.WriteLine($"edge node '{settings.Site}' up: model {detector.Model.Id} {detector.Model.Version}, {settings.Cameras.Count} camera(s), http {EdgeNodeHost.BoundUrl(app)}, journal {settings.JournalPath}");
        await app.WaitForShutdownAsync(ct);
        return 0;
    }
}
