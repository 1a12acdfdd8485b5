using System.CommandLine;
using System.Runtime.InteropServices;
using EdgeLabel.Demo;
using EdgeLabel.Demo.Orchestration;

var samples = new Option<string>("--samples") { Description = "Sample folder split between the sites (dlib-faces/, opencv/, video/vtest.avi)", DefaultValueFactory = _ => ".cache/samples" };
var output = new Option<string>("--out") { Description = "Output root: run state in <out>/demo/, the export in <out>/dataset/<project>/", DefaultValueFactory = _ => "out" };
var keep = new Option<bool>("--keep") { Description = "Keep the previous run's journals and dataset instead of starting fresh" };
var timeout = new Option<int?>("--timeout") { Description = "Seconds to wait for every decided image to reach the dataset, labeled (default 600; with --interactive 14400)" };
var videoFrames = new Option<int>("--video-frames") { Description = "Frames the south site samples from the video (0: no video camera)", DefaultValueFactory = _ => 40 };
var interactive = new Option<bool>("--interactive")
{
    Description = "People label in the browser portal (its URL and the labelers' passwords are printed) instead of the simulated workforce; " +
                  "waits up to --timeout, so give it one that suits people",
};
var root = new RootCommand("EdgeLabel demo: a cloud node and two edge sites as separate processes, over the sample photos, until every " +
                           "decided image is in the cloud's dataset; then the export and a summary")
{
    samples, output, keep, timeout, videoFrames, interactive,
};
root.SetAction(async (r, _) =>
{
    var options = new DemoOptions(r.GetValue(samples)!, r.GetValue(output)!, r.GetValue(keep), TimeSpan.FromSeconds(r.GetValue(timeout) ?? (r.GetValue(interactive) ? 14_400 : 600)), r.GetValue(videoFrames),
        r.GetValue(interactive));
    using var stop = new CancellationTokenSource();
    // Ctrl+C, SIGTERM, a closed terminal: stop the nodes before exiting. A second signal kills them at once.
    using var signals = new SignalHandlers(stop);
    try
    {
        return await new DemoRun(options, Console.Out, Console.Error, !Console.IsErrorRedirected).RunAsync(stop.Token);
    }
    catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException)
    {
        await Console.Error.WriteLineAsync($"error: {e.Message}");
        return 2;
    }
});
// The demo handles termination signals itself (above); System.CommandLine's handler would return before the nodes stop.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });

/// <summary>Turns the first SIGINT/SIGTERM/SIGHUP into a cancellation; lets a second one terminate the process.</summary>
internal sealed class SignalHandlers : IDisposable
{
    private readonly PosixSignalRegistration[] _registrations;

    public SignalHandlers(CancellationTokenSource stop)
    {
        _registrations = new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }
            .Select(signal => PosixSignalRegistration.Create(signal, context =>
            {
                if (stop.IsCancellationRequested) return; // second signal: default handling ends the process (ProcessExit kills the nodes)
                context.Cancel = true;
                stop.Cancel();
            }))
            .ToArray();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
    }
}
