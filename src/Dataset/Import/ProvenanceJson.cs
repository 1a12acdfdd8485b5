using System.Text.Json;
using EdgeLabel.Dataset.Model;

namespace EdgeLabel.Dataset.Import;

/// <summary>The provenance object EdgeLabel adds per box to Ground Truth and COCO files; absent fields are omitted.</summary>
public static class ProvenanceJson
{
    public static void Write(Utf8JsonWriter writer, BoxProvenance provenance)
    {
        writer.WriteStartObject();
        writer.WriteString("source", provenance.Source);
        if (provenance.ModelId is not null) writer.WriteString("model_id", provenance.ModelId);
        if (provenance.ModelVersion is not null) writer.WriteString("model_version", provenance.ModelVersion);
        if (provenance.Score is { } score) writer.WriteNumber("score", score);
        if (provenance.JobName is not null) writer.WriteString("job_name", provenance.JobName);
        if (provenance.Workers is { } workers)
        {
            writer.WriteStartArray("workers");
            foreach (var worker in workers) writer.WriteStringValue(worker);
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    public static bool TryRead(JsonElement element, out BoxProvenance provenance)
    {
        provenance = null!;
        var source = element.Text("source");
        if (source is not (BoxProvenance.MachineSource or BoxProvenance.HumanSource)) return false;
        List<string>? workers = null;
        if (element.Member("workers", JsonValueKind.Array) is { } array)
        {
            workers = [];
            foreach (var w in array.EnumerateArray())
            {
                if (w.ValueKind != JsonValueKind.String) return false;
                workers.Add(w.GetString()!);
            }
        }
        provenance = new BoxProvenance(source, element.Text("model_id"), element.Text("model_version"),
            element.TryFinite("score", out var score) ? score : null, element.Text("job_name"), workers);
        return true;
    }
}
