using System.CommandLine;
using System.Text.Json;
using EdgeLabel.Actors.Configuration;

namespace EdgeLabel.Cli.Commands;

/// <summary><c>config validate FILE...</c>: every problem of each node file with its key path, then the files checked
/// together as one deployment. Exit 0 when valid, 1 when not, 2 when a file cannot be read at all.</summary>
public static class ConfigCommands
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "Node HOCON files (edge site files, cloud node files) of one deployment", Arity = ArgumentArity.OneOrMore };
        var kind = new Option<NodeKind?>("--kind") { Description = "Validate every file as this kind of node (default: cloud when the file has edgelabel.cloud, else edge)" };
        var json = new Option<bool>("--json") { Description = "Print the problems as JSON" };
        var containers = new Option<bool>("--containers") { Description = "The nodes run in their own containers: skip the one-host checks (distinct ports and data folders)" };
        var validate = new Command("validate", "Report every problem of node configuration files, with the key path") { files, kind, json, containers };
        validate.SetAction(r => Validate(r.GetValue(files)!, r.GetValue(kind), r.GetValue(json), !r.GetValue(containers)));
        return new Command("config", "Configuration files") { validate };
    }

    private static int Validate(IReadOnlyList<string> files, NodeKind? kind, bool json, bool oneHost)
    {
        var problems = ConfigValidator.ValidateDeployment(files.Select(f => new DeploymentNode(f, null)).ToList(), kind, oneHost: oneHost);
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { valid = problems.Count == 0, problems }, JsonSerializerOptions.Web));
        }
        else
        {
            foreach (var problem in problems) Console.WriteLine(problem);
            Console.WriteLine(problems.Count == 0
                ? $"{files.Count} file(s) valid"
                : $"{problems.Count(p => p.KeyPath != "(file)")} problem(s) in {problems.Select(p => p.File).Distinct().Count()} file(s)");
        }
        return problems.Count == 0 ? 0 : problems.Any(p => p.KeyPath == "(file)" && p.Problem.Contains("not found")) ? 2 : 1;
    }
}
