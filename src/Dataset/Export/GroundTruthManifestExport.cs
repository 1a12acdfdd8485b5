using System.Globalization;
using System.Text.Json;
using EdgeLabel.Dataset.Import;
using EdgeLabel.Dataset.Model;

namespace EdgeLabel.Dataset.Export;

/// <summary>Writes the dataset as a Ground Truth object-detection output manifest, one JSON line per image, in the
/// shape of real job output, so anything that reads Ground Truth output (training jobs, Rekognition) reads it.</summary>
/// <remarks>
/// Per line: <c>source-ref</c>; the label attribute with <c>image_size</c> (depth 3: images are decoded as RGB) and
/// <c>annotations</c> {class_id, left, top, width, height} in pixels; the <c>-metadata</c> twin with one
/// <c>objects</c> confidence per annotation (the box's score, 1 for a human box without one), the full
/// <c>class-map</c> (every category, so a re-import restores unused classes too), <c>type</c>,
/// <c>human-annotated</c> (yes when any box is human or the image was reviewed or audited), <c>creation-date</c>
/// (export time, UTC, Ground Truth's format) and <c>job-name</c> ("labeling-job/" + the first human box's job, else
/// the given job). Then EdgeLabel's keys: <c>edgelabel-content-id</c>, <c>edgelabel-image</c>, and
/// <c>edgelabel-provenance</c> (one object per annotation).
/// </remarks>
public static class GroundTruthManifestExport
{
    public const string FileName = "output.manifest";

    /// <param name="directory">Created when missing; the manifest is <see cref="FileName"/> inside it.</param>
    /// <param name="labelAttribute">The label attribute name (Ground Truth's LabelAttributeName).</param>
    /// <param name="jobName">Job name for images without a human box (no "labeling-job/" prefix).</param>
    /// <param name="creationDate">Written as every line's creation-date.</param>
    /// <returns>The file written.</returns>
    public static IReadOnlyList<string> Write(string directory, string labelAttribute, string jobName, LabelCategories categories,
        IEnumerable<DatasetImage> images, DateTimeOffset creationDate)
    {
        if (GroundTruthKeys.ValidateLabelAttribute(labelAttribute) is { } problem) throw new ArgumentException(problem, nameof(labelAttribute));
        var path = Path.Combine(directory, FileName);
        var created = creationDate.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
        using var stream = ExportFiles.Create(path);
        using var writer = new Utf8JsonWriter(stream, ExportFiles.Json);
        foreach (var image in images)
        {
            WriteLine(writer, image, labelAttribute, jobName, categories, created);
            writer.Flush();
            stream.WriteByte((byte)'\n');
            // A writer holds one JSON value; Reset lets it start the next line on the same stream.
            writer.Reset(stream);
        }
        return [path];
    }

    private static void WriteLine(Utf8JsonWriter w, DatasetImage image, string attribute, string jobName, LabelCategories categories, string created)
    {
        ContentIds.Require(image.ContentId);
        w.WriteStartObject();
        w.WriteString(GroundTruthKeys.SourceRef, image.ObjectUri);

        w.WriteStartObject(attribute);
        w.WriteStartArray("image_size");
        w.WriteStartObject();
        w.WriteNumber("width", image.Width);
        w.WriteNumber("height", image.Height);
        w.WriteNumber("depth", 3);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartArray("annotations");
        foreach (var box in image.Boxes)
        {
            w.WriteStartObject();
            w.WriteNumber("class_id", box.ClassId);
            w.WriteNumber("left", box.Left);
            w.WriteNumber("top", box.Top);
            w.WriteNumber("width", box.Width);
            w.WriteNumber("height", box.Height);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();

        w.WriteStartObject(attribute + GroundTruthKeys.MetadataSuffix);
        w.WriteStartArray("objects");
        foreach (var box in image.Boxes)
        {
            w.WriteStartObject();
            w.WriteNumber("confidence", box.Provenance.Score ?? 1.0);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("class-map");
        for (var id = 0; id < categories.Count; id++) w.WriteString(id.ToString(CultureInfo.InvariantCulture), categories[id]);
        w.WriteEndObject();
        w.WriteString("type", GroundTruthKeys.ObjectDetectionType);
        var human = image.HasHumanBoxes || image.Status is ImageStatus.Reviewed or ImageStatus.Audited;
        w.WriteString("human-annotated", human ? "yes" : "no");
        w.WriteString("creation-date", created);
        var job = image.Boxes.Select(b => b.Provenance).FirstOrDefault(p => p.IsHuman && !string.IsNullOrEmpty(p.JobName))?.JobName ?? jobName;
        w.WriteString("job-name", GroundTruthKeys.JobNamePrefix + job);
        w.WriteEndObject();

        w.WriteString(GroundTruthKeys.ContentId, image.ContentId);
        w.WritePropertyName(GroundTruthKeys.Image);
        ImageMetadataJson.Write(w, image);
        w.WriteStartArray(GroundTruthKeys.Provenance);
        foreach (var box in image.Boxes) ProvenanceJson.Write(w, box.Provenance);
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
