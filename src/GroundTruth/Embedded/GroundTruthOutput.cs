using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeLabel.GroundTruth.Consolidation;

namespace EdgeLabel.GroundTruth.Embedded;

/// <summary>A finished (or stopped) job as its output needs it.</summary>
public sealed record OutputJob(string JobName, string LabelAttributeName, IReadOnlyList<string> Categories, DateTimeOffset FinishedAt);

/// <summary>One data object as its output needs it. <see cref="Consolidated"/> is null unless a labeler answered;
/// <see cref="FailureReason"/> is set for objects that failed (malformed line, nobody answered).</summary>
public sealed record OutputObject(int Index, string Line, IReadOnlyList<OutputAnswer> Answers, IReadOnlyList<ConsolidatedBox>? Consolidated,
    int? ImageWidth, int? ImageHeight, string? FailureReason, DateTimeOffset DoneAt);

/// <summary>One labeler's accepted answer.</summary>
public sealed record OutputAnswer(string Worker, WorkerAnswer Answer, DateTimeOffset AcceptedAt, DateTimeOffset SubmittedAt);

/// <summary>A file to write, relative to <c>{S3OutputPath}/{job}/</c>.</summary>
public sealed record OutputFile(string RelativeKey, byte[] Content, string ContentType);

/// <summary>Writes a job's output the way Ground Truth lays it out under <c>{S3OutputPath}/{job}/</c>:
/// <c>manifests/output/output.manifest</c> (each input line plus the label attribute and its <c>-metadata</c>),
/// <c>annotations/worker-response/iteration-1/&lt;index&gt;/&lt;timestamp&gt;.json</c> and
/// <c>annotations/consolidated-annotation/consolidation-response/iteration-1/&lt;timestamp&gt;.json</c>.</summary>
public static class GroundTruthOutput
{
    public const string OutputManifestKey = "manifests/output/output.manifest";
    public const string ObjectDetectionType = "groundtruth/object-detection";

    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    /// <summary>The output manifest's URI for an output path and job (a trailing '/' on the path is allowed).</summary>
    public static string OutputManifestUri(string s3OutputPath, string jobName) => $"{JobPrefix(s3OutputPath, jobName)}{OutputManifestKey}";

    /// <summary><c>{S3OutputPath}/{job}/</c>.</summary>
    public static string JobPrefix(string s3OutputPath, string jobName) => $"{s3OutputPath.TrimEnd('/')}/{jobName}/";

    public static IReadOnlyList<OutputFile> Files(OutputJob job, IReadOnlyList<OutputObject> objects)
    {
        var files = new List<OutputFile>();
        var manifest = new StringBuilder();
        var consolidation = new JsonArray();
        foreach (var o in objects.OrderBy(o => o.Index))
        {
            if (JsonLine(o.Line) is not { } line) continue; // not JSON at all: nothing to echo back
            if (o.Consolidated is { } boxes)
            {
                var (label, metadata) = Label(job, o, boxes);
                line[job.LabelAttributeName] = label.DeepClone();
                line[job.LabelAttributeName + "-metadata"] = metadata.DeepClone();
                consolidation.Add(new JsonObject
                {
                    ["datasetObjectId"] = o.Index.ToString(CultureInfo.InvariantCulture),
                    ["consolidatedAnnotation"] = new JsonObject
                    {
                        ["content"] = new JsonObject { [job.LabelAttributeName] = label, [job.LabelAttributeName + "-metadata"] = metadata },
                    },
                });
            }
            else
            {
                line[job.LabelAttributeName + "-metadata"] = new JsonObject
                {
                    ["failure-reason"] = o.FailureReason ?? "ClientError: the data object was not labeled",
                    ["type"] = ObjectDetectionType,
                    ["human-annotated"] = "no",
                    ["creation-date"] = CreationDate(o.DoneAt),
                    ["job-name"] = $"labeling-job/{job.JobName}",
                };
            }
            manifest.Append(line.ToJsonString(Compact)).Append('\n');

            if (o.Answers.Count > 0)
            {
                var answers = new JsonArray();
                foreach (var a in o.Answers)
                    answers.Add(new JsonObject
                    {
                        ["acceptanceTime"] = IsoTime(a.AcceptedAt),
                        ["answerContent"] = AnswerContent(a.Answer),
                        ["submissionTime"] = IsoTime(a.SubmittedAt),
                        ["timeSpentInSeconds"] = Math.Round((a.SubmittedAt - a.AcceptedAt).TotalSeconds, 3),
                        ["workerId"] = a.Worker,
                        ["workerMetadata"] = new JsonObject
                        {
                            ["identityData"] = new JsonObject { ["identityProviderType"] = "EdgeLabel", ["sub"] = a.Worker },
                        },
                    });
                files.Add(Json($"annotations/worker-response/iteration-1/{o.Index}/{FileTime(o.DoneAt)}.json", new JsonObject { ["answers"] = answers }));
            }
        }
        files.Add(Json($"annotations/consolidated-annotation/consolidation-response/iteration-1/{FileTime(job.FinishedAt)}.json", consolidation));
        // The manifest last: a reader that sees it sees every annotation file too.
        files.Add(new OutputFile(OutputManifestKey, Encoding.UTF8.GetBytes(manifest.ToString()), "application/jsonlines"));
        return files;
    }

    private static (JsonObject Label, JsonObject Metadata) Label(OutputJob job, OutputObject o, IReadOnlyList<ConsolidatedBox> boxes)
    {
        var annotations = new JsonArray();
        var objects = new JsonArray();
        var classMap = new JsonObject();
        foreach (var b in boxes)
        {
            annotations.Add(new JsonObject
            {
                ["class_id"] = b.ClassId,
                ["top"] = Pixel(b.Top),
                ["left"] = Pixel(b.Left),
                ["height"] = Pixel(b.Height),
                ["width"] = Pixel(b.Width),
            });
            objects.Add(new JsonObject { ["confidence"] = b.Confidence });
            var id = b.ClassId.ToString(CultureInfo.InvariantCulture);
            if (!classMap.ContainsKey(id) && b.ClassId >= 0 && b.ClassId < job.Categories.Count) classMap[id] = job.Categories[b.ClassId];
        }
        var label = new JsonObject
        {
            ["image_size"] = new JsonArray(new JsonObject { ["width"] = o.ImageWidth ?? 0, ["height"] = o.ImageHeight ?? 0, ["depth"] = 3 }),
            ["annotations"] = annotations,
        };
        var metadata = new JsonObject
        {
            ["objects"] = objects,
            ["class-map"] = classMap,
            ["type"] = ObjectDetectionType,
            ["human-annotated"] = "yes",
            ["creation-date"] = CreationDate(o.DoneAt),
            ["job-name"] = $"labeling-job/{job.JobName}",
        };
        return (label, metadata);
    }

    private static JsonObject AnswerContent(WorkerAnswer answer)
    {
        var boxes = new JsonArray();
        foreach (var b in answer.Boxes)
            boxes.Add(new JsonObject { ["height"] = b.Height, ["label"] = b.Label, ["left"] = b.Left, ["top"] = b.Top, ["width"] = b.Width });
        return new JsonObject
        {
            ["boundingBox"] = new JsonObject
            {
                ["boundingBoxes"] = boxes,
                ["inputImageProperties"] = new JsonObject { ["height"] = answer.ImageHeight, ["width"] = answer.ImageWidth },
            },
        };
    }

    private static JsonObject? JsonLine(string line)
    {
        try
        {
            return JsonNode.Parse(line) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Ground Truth writes pixel coordinates as plain numbers; averages keep two decimals.
    private static double Pixel(double value) => Math.Round(value, 2);

    private static OutputFile Json(string key, JsonNode node) => new(key, Encoding.UTF8.GetBytes(node.ToJsonString(Compact)), "application/json");

    /// <summary>Ground Truth's <c>creation-date</c>: ISO 8601 with microseconds, no zone (UTC).</summary>
    public static string CreationDate(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    private static string IsoTime(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string FileTime(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd_HH:mm:ss", CultureInfo.InvariantCulture);
}
