using System.CommandLine;
using EdgeLabel.Cli.Commands;

// The operator's tool: `edgelabel config validate FILE...` (more command groups join it as they come).
var root = new RootCommand("EdgeLabel operations tool") { ConfigCommands.Create() };
return await root.Parse(args).InvokeAsync();
