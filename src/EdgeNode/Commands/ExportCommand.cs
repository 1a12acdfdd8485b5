using Akka.Actor;
using Akka.Hosting;
using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Hosting;
using EdgeLabel.Terminal;

namespace EdgeLabel.EdgeNode.Commands;

/// <summary><c>decisions export</c>: a site's journal as JSON Lines, without starting cameras or the model.</summary>
public static class ExportCommand
{
    public static async Task<int> RunAsync(string? configFile, string output, CancellationToken ct)
    {
        var (settings, _) = EdgeConfiguration.Load(configFile);
        if (!File.Exists(settings.JournalPath))
        {
            await Console.Error.WriteLineAsync($"error: no journal at {settings.JournalPath}");
            return 2;
        }
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddAkka($"edgelabel-export-{settings.Site}", akka => akka.AddEdgeLabelSerialization().AddSqliteJournal(settings.JournalPath));
        using var host = builder.Build();
        await host.StartAsync(ct);
        // The journal does not say up front how many decisions it holds: a count, no bar.
        var progress = ProgressBar.OnStandardError("decisions export", "decisions");
        var count = await DecisionExport.WriteJsonLinesAsync(host.Services.GetRequiredService<ActorSystem>(), settings.Site, output, ct,
            progress.For<int>(written => (written, 0, null)));
        progress.Complete();
        await host.StopAsync(ct);
        Console.Out.WriteLine($"{count} decision(s) of site '{settings.Site}' written to {output}");
        return 0;
    }
}
