using System.CommandLine;
using EdgeLabel.Cli.Commands;
using EdgeLabel.Cli.Ctl;
using EdgeLabel.Cli.LocalCluster;

// The operator's tool: `edgelabel config validate FILE...` and `edgelabel ctl ...` against a running node,
// `edgelabel cluster up|down|status` for a deployment as local processes.
var root = new RootCommand("EdgeLabel operations tool") { ConfigCommands.Create(), CtlCommands.Create(), LocalClusterCommands.Create() };
return await root.Parse(args).InvokeAsync();
