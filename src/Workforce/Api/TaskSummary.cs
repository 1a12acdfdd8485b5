namespace EdgeLabel.Workforce.Api;

/// <summary>One open task of <c>GET /labeling/api/tasks</c>.</summary>
public sealed record TaskSummary(string TaskId, string JobName, string Title, int DataObjectIndex, DateTimeOffset ExpiresAt, string Url);
