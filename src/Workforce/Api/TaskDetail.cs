using System.Text.Json.Nodes;

namespace EdgeLabel.Workforce.Api;

/// <summary>The answer to <c>GET /labeling/api/tasks/{id}</c>.</summary>
/// <param name="ImageSize">Null when the service could not decode the image.</param>
/// <param name="Labels">The job's label categories, in class-id order.</param>
/// <param name="PreAnnotations">The machine's boxes the labeler starts from (the input line's
/// <c>edgelabel-pre-annotations</c>), or null.</param>
/// <param name="Attributes">The input line's other keys.</param>
public sealed record TaskDetail(
    string TaskId,
    string JobName,
    string Title,
    string Description,
    int DataObjectIndex,
    string ImageUrl,
    ImageSize? ImageSize,
    IReadOnlyList<string> Labels,
    JsonNode? PreAnnotations,
    JsonObject? Attributes,
    DateTimeOffset ExpiresAt,
    string AnswerUrl);
