using EdgeLabel.Actors.Inference;
using EdgeLabel.Actors.Rollout;
using EdgeLabel.EdgeNode.Hosting;

namespace EdgeLabel.EdgeNode.Commands;

/// <summary><c>run</c>: an edge node that serves until stopped (Ctrl+C / SIGTERM).</summary>
public static class RunCommand
{
    public static async Task<int> RunAsync(string? configFile, CancellationToken ct)
    {
        var (settings, hocon) = EdgeConfiguration.Load(configFile);
        // A model a rollout left active (its file verified) comes back after a restart; else the configured one.
        var models = new SiteModels(settings.ModelsDirectory);
        using var detectors = new DetectorSlot(DetectorFactory.Create(models.StartupModel(settings.Model, models.LoadActive())));
        var model = detectors.Current.Model;
        await using var app = EdgeNodeHost.Build(settings, hocon, detectors);
        await app.StartAsync(ct);
        Console.Out.WriteLine($"edge node '{settings.Site}' up: model {model.Id} {model.Version}, {settings.Cameras.Count} camera(s), http {EdgeNodeHost.BoundUrl(app)}, journal {settings.JournalPath}");
        await app.WaitForShutdownAsync(ct);
        return 0;
    }
}
