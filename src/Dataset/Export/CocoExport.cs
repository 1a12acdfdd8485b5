using System.Globalization;
using System.Text.Json;
using EdgeLabel.Dataset.Import;
using EdgeLabel.Dataset.Model;

namespace EdgeLabel.Dataset.Export;

/// <summary>Writes the dataset as one COCO object-detection JSON file (the layout pycocotools loads).</summary>
/// <remarks>
/// Ids are 1-based and follow the input order (image i → id i+1, annotations numbered on through all images), so the
/// same images in the same order always get the same ids; <see cref="DatasetExporter"/> orders by content id.
/// category_id = class id + 1. <c>file_name</c> is the object key (unique in its bucket). bbox is [x, y, w, h] in
/// pixels, area = w × h, iscrowd 0; no segmentation is written (boxes only). EdgeLabel's fields are prefixed
/// <c>edgelabel_</c>: per image the content id, object URI and image metadata; per annotation the provenance.
/// </remarks>
public static class CocoExport
{
    public const string FileName = "annotations.json";

    public static IReadOnlyList<string> Write(string directory, string project, LabelCategories categories,
        IReadOnlyList<DatasetImage> images, DateTimeOffset createdAt)
    {
        var path = Path.Combine(directory, FileName);
        using var stream = ExportFiles.Create(path);
        using var w = new Utf8JsonWriter(stream, ExportFiles.Json);
        w.WriteStartObject();
        w.WriteStartObject("info");
        w.WriteString("description", project);
        w.WriteString("version", "1.0");
        w.WriteNumber("year", createdAt.UtcDateTime.Year);
        w.WriteString("date_created", createdAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        w.WriteEndObject();
        w.WriteStartArray("licenses");
        w.WriteEndArray();

        w.WriteStartArray("images");
        for (var i = 0; i < images.Count; i++)
        {
            WriteImage(w, images[i], i + 1);
            // Flush per image keeps the writer's buffer small however large the dataset.
            if (w.BytesPending > 1 << 16) w.Flush();
        }
        w.WriteEndArray();

        w.WriteStartArray("annotations");
        var annotationId = 0;
        for (var i = 0; i < images.Count; i++)
        {
            foreach (var box in images[i].Boxes) WriteAnnotation(w, box, ++annotationId, i + 1);
            if (w.BytesPending > 1 << 16) w.Flush();
        }
        w.WriteEndArray();

        w.WriteStartArray("categories");
        for (var id = 0; id < categories.Count; id++)
        {
            w.WriteStartObject();
            w.WriteNumber("id", id + 1);
            w.WriteString("name", categories[id]);
            w.WriteString("supercategory", "object");
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        return [path];
    }

    private static void WriteImage(Utf8JsonWriter w, DatasetImage image, int id)
    {
        w.WriteStartObject();
        w.WriteNumber("id", id);
        w.WriteString("file_name", ExportFiles.KeyOf(image.ObjectUri));
        w.WriteNumber("width", image.Width);
        w.WriteNumber("height", image.Height);
        w.WriteString("date_captured", image.CapturedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        w.WriteString("edgelabel_content_id", ContentIds.Require(image.ContentId));
        w.WriteString("edgelabel_object_uri", image.ObjectUri);
        w.WritePropertyName("edgelabel_image");
        ImageMetadataJson.Write(w, image);
        w.WriteEndObject();
    }

    private static void WriteAnnotation(Utf8JsonWriter w, LabeledBox box, int id, int imageId)
    {
        w.WriteStartObject();
        w.WriteNumber("id", id);
        w.WriteNumber("image_id", imageId);
        w.WriteNumber("category_id", box.ClassId + 1);
        w.WriteStartArray("bbox");
        w.WriteNumberValue(box.Left);
        w.WriteNumberValue(box.Top);
        w.WriteNumberValue(box.Width);
        w.WriteNumberValue(box.Height);
        w.WriteEndArray();
        w.WriteNumber("area", box.Width * box.Height);
        w.WriteNumber("iscrowd", 0);
        w.WritePropertyName("edgelabel_provenance");
        ProvenanceJson.Write(w, box.Provenance);
        w.WriteEndObject();
    }
}
