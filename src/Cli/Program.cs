using System.CommandLine;
using EdgeLabel.Cli.Commands;
using EdgeLabel.Cli.Ctl;

// The operator's tool: `edgelabel config validate FILE...` and `edgelabel ctl ...` against a running node.
var root = new RootCommand("EdgeLabel operations tool") { ConfigCommands.Create(), CtlCommands.Create() };
return await root.Parse(args).InvokeAsync();
