namespace EdgeLabel.Workforce.Simulation;

/// <summary>One task a simulated labeler answered and the service accepted.</summary>
public sealed record AnsweredTask(string WorkerId, string TaskId, string JobName, int DataObjectIndex, AnswerSource Source, int Boxes);
