using System.CommandLine;

namespace EdgeLabel.EdgeNode.Commands;

/// <summary><c>eval</c>: precision/recall of auto-accepted boxes against ground truth, per threshold.</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var command = new Command("eval", "Compare the detector's decisions with ground truth");
        command.SetAction(_ => 1);
        return command;
    }
}
