using System.CommandLine;
using EdgeLabel.Actors.Configuration;
using EdgeLabel.CloudNode.Commands;

var config = new Option<string?>("--config") { Description = "Deployment HOCON file (over the shipped hocon/cloud.conf)" };
var run = new Command("run", "Run a cloud node until stopped") { config };
run.SetAction((r, ct) => Guarded(() => RunCommand.RunAsync(r.GetValue(config), ct)));

var manifest = new Argument<string>("FILE") { Description = "Ground Truth output manifest (JSON Lines)" };
var project = new Option<string>("--project") { Description = "Project name for the exports", DefaultValueFactory = _ => "default" };
var output = new Option<string>("--out") { Description = "Folder for the exports", DefaultValueFactory = _ => "out/import" };
var attribute = new Option<string?>("--label-attribute") { Description = "Label attribute name (default: detected)" };
var importGt = new Command("import-gt", "Import a Ground Truth output manifest and write every export format") { manifest, project, output, attribute };
importGt.SetAction((r, _) => Guarded(() => Task.FromResult(ImportGroundTruthCommand.Run(
    r.GetValue(manifest)!, r.GetValue(project)!, r.GetValue(output)!, r.GetValue(attribute)))));
var dataset = new Command("dataset", "Work with datasets") { importGt };

var root = new RootCommand("EdgeLabel cloud node") { run, dataset };
return await root.Parse(args).InvokeAsync();

// Configuration problems are the user's to fix: one clear line, exit code 2, no stack trace.
static async Task<int> Guarded(Func<Task<int>> action)
{
    try
    {
        return await action();
    }
    catch (Exception e) when (e is ConfigurationException or FileNotFoundException or DirectoryNotFoundException)
    {
        await Console.Error.WriteLineAsync($"error: {e.Message}");
        return 2;
    }
}
