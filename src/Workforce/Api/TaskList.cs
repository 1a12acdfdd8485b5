namespace EdgeLabel.Workforce.Api;

/// <summary>The answer to <c>GET /labeling/api/tasks</c>: the signed-in labeler and their open tasks.</summary>
public sealed record TaskList(string Worker, IReadOnlyList<TaskSummary> Tasks);
