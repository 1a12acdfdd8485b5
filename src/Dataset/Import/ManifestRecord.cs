using System.Text.Json;

namespace EdgeLabel.Dataset.Import;

/// <summary>One JSON value of a manifest and the 1-based line it starts on; <see cref="Document"/> is null and
/// <see cref="Error"/> says why when the value is not valid JSON. The caller disposes the document.</summary>
public readonly record struct ManifestRecord(int Line, JsonDocument? Document, string? Error);
