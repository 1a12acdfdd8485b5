using System.CommandLine;
using EdgeLabel.Actors.Configuration;
using EdgeLabel.EdgeNode.Commands;
using EdgeLabel.Inference.Models;

var config = new Option<string?>("--config") { Description = "Site HOCON file (over the shipped hocon/edge.conf)" };

var run = new Command("run", "Run an edge node until stopped") { config };
run.SetAction((r, ct) => Guarded(() => RunCommand.RunAsync(r.GetValue(config), ct)));

var keep = new Option<bool>("--keep") { Description = "Keep the previous demo journal instead of starting fresh" };
var demo = new Command("demo", "Run the edge over the sample photos and print a summary") { config, keep };
demo.SetAction((r, ct) => Guarded(() => DemoCommand.RunAsync(r.GetValue(config), r.GetValue(keep), ct)));

var output = new Option<string>("--out") { Description = "Output file (JSON Lines)", Required = true };
var export = new Command("export", "Write the site's decisions as JSON Lines") { config, output };
export.SetAction((r, ct) => Guarded(() => ExportCommand.RunAsync(r.GetValue(config), r.GetValue(output)!, ct)));
var decisions = new Command("decisions", "Inspect a site's decision journal") { export };

var root = new RootCommand("EdgeLabel edge node") { run, demo, decisions, EvalCommand.Create() };
return await root.Parse(args).InvokeAsync();

// Configuration and model problems are the user's to fix: one clear line, exit code 2, no stack trace.
static async Task<int> Guarded(Func<Task<int>> action)
{
    try
    {
        return await action();
    }
    catch (Exception e) when (e is ConfigurationException or ModelLoadException or DirectoryNotFoundException or FileNotFoundException or InvalidDataException)
    {
        await Console.Error.WriteLineAsync($"error: {e.Message}");
        return 2;
    }
}
