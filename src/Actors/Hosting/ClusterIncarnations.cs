using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Config = Akka.Configuration.Config;

namespace EdgeLabel.Actors.Hosting;

/// <summary>Runs a node's cluster ActorSystem as a series of incarnations: when one ends (downed by the split brain
/// resolver, quarantined, removed), a new one with a new UID binds the same port and joins again. Akka.NET cannot
/// rejoin with the old incarnation, so this loop is how a site that was cut off for hours gets back by itself.
/// Each incarnation is an Akka.Hosting host of its own; <see cref="Current"/> is the live ActorSystem, if any.</summary>
public sealed class ClusterIncarnations(
    string systemName, Config hocon, Action<AkkaConfigurationBuilder> configure, ILoggerFactory loggerFactory) : BackgroundService
{
    private static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(1);
    private readonly ILogger _log = loggerFactory.CreateLogger<ClusterIncarnations>();
    private ActorSystem? _current;
    private int _started;

    public ActorSystem? Current => Volatile.Read(ref _current);

    /// <summary>How many incarnations have started since the process began.</summary>
    public int Started => Volatile.Read(ref _started);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            using var host = BuildHost();
            try
            {
                await host.StartAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // E.g. the port is still held by the previous incarnation's socket: wait and try again.
                _log.LogError(e, "Cluster incarnation failed to start; retrying in 5 s");
                await DelayQuietly(TimeSpan.FromSeconds(5), stoppingToken);
                continue;
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var system = host.Services.GetRequiredService<ActorSystem>();
            Volatile.Write(ref _current, system);
            var number = Interlocked.Increment(ref _started);
            _log.LogInformation("Cluster incarnation {Number} started ({Address})", number, ((ExtendedActorSystem)system).Provider.DefaultAddress);
            await Task.WhenAny(system.WhenTerminated, Task.Delay(Timeout.Infinite, stoppingToken));
            Volatile.Write(ref _current, null);
            await host.StopAsync(CancellationToken.None);
            if (stoppingToken.IsCancellationRequested) return;
            _log.LogWarning("Cluster incarnation {Number} ended; starting a new one in {Delay}", number, RestartDelay);
            await DelayQuietly(RestartDelay, stoppingToken);
        }
    }

    private IHost BuildHost() =>
        new HostBuilder()
            .ConfigureServices(services =>
            {
                // The node's logging, not a second console logger per incarnation.
                services.AddSingleton(loggerFactory);
                services.AddAkka(systemName, builder =>
                {
                    builder.AddHocon(hocon, HoconAddMode.Prepend).ConfigureLoggers(l => l.AddLoggerFactory());
                    configure(builder);
                });
            })
            .Build();

    private static async Task DelayQuietly(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
