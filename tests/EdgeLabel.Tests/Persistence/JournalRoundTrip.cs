using Akka.Actor;
using Akka.Hosting;
using EdgeLabel.Actors.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EdgeLabel.Tests.Persistence;

/// <summary>Writes events through one ActorSystem configured by <see cref="JournalHosting.AddJournal"/>, then recovers
/// them in a brand-new ActorSystem (a node restart), so nothing can come from memory.</summary>
internal static class JournalRoundTrip
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Appends the integers <paramref name="from"/> .. from+events-1 in PersistAll batches; returns the last sequence number.</summary>
    public static async Task<long> WriteAsync(JournalSettings settings, string persistenceId, int events, int batch, int from = 0)
    {
        using var host = await StartAsync(settings);
        var system = host.Services.GetRequiredService<ActorSystem>();
        var counter = system.ActorOf(CounterActor.Props(persistenceId));
        long last = 0;
        for (var next = from; next < from + events; next += batch)
        {
            var appended = await counter.Ask<CounterActor.Appended>(new CounterActor.Append(next, Math.Min(batch, from + events - next)), AskTimeout);
            last = appended.LastSequenceNr;
        }
        await host.StopAsync();
        return last;
    }

    public static async Task<CounterActor.Events> RecoverAsync(JournalSettings settings, string persistenceId)
    {
        using var host = await StartAsync(settings);
        var system = host.Services.GetRequiredService<ActorSystem>();
        var counter = system.ActorOf(CounterActor.Props(persistenceId));
        var recovered = await counter.Ask<CounterActor.Events>(new CounterActor.GetEvents(), AskTimeout);
        await host.StopAsync();
        return recovered;
    }

    private static async Task<IHost> StartAsync(JournalSettings settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAkka($"journal-spec-{Guid.NewGuid():N}", akka => akka.AddJournal(settings));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
