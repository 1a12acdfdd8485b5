using System.Text;
using EdgeLabel.Actors.GroundTruth;
using EdgeLabel.GroundTruth.Api;
using EdgeLabel.GroundTruth.Embedded;
using EdgeLabel.Storage;
using EdgeLabel.Tests.Support;

namespace EdgeLabel.Tests.GroundTruth;

/// <summary>Requests, inputs and answers for the embedded Ground Truth specs.</summary>
public static class GroundTruthSamples
{
    public const string Bucket = "gt-specs";
    public static readonly string ManifestUri = $"s3://{Bucket}/input/manifest.jsonl";
    public static readonly string LabelsUri = $"s3://{Bucket}/input/labels.json";

    public static GroundTruthSettings ServiceSettings { get; } = GroundTruthSettings.Default with { TaskCheckInterval = TimeSpan.FromMilliseconds(50) };

    public static CreateLabelingJobRequest Request(string name, int workersPerObject = 2, int lifetimeSeconds = 3600,
        int? maxHumanLabeled = null, string? manifestUri = null) => new()
    {
        LabelingJobName = name,
        LabelAttributeName = "faces",
        InputConfig = new LabelingJobInputConfig
        {
            DataSource = new LabelingJobDataSource { S3DataSource = new LabelingJobS3DataSource { ManifestS3Uri = manifestUri ?? ManifestUri } },
        },
        OutputConfig = new LabelingJobOutputConfig { S3OutputPath = $"s3://{Bucket}/output" },
        RoleArn = "arn:aws:iam::000000000000:role/labeling",
        LabelCategoryConfigS3Uri = LabelsUri,
        StoppingConditions = maxHumanLabeled is { } max ? new LabelingJobStoppingConditions { MaxHumanLabeledObjectCount = max } : null,
        HumanTaskConfig = new HumanTaskConfig
        {
            WorkteamArn = "arn:aws:sagemaker:us-east-1:000000000000:workteam/private-crowd/edgelabel",
            UiConfig = new UiConfig { HumanTaskUiArn = "arn:aws:sagemaker:us-east-1:394669845002:human-task-ui/BoundingBox" },
            TaskTitle = "Faces",
            TaskDescription = "Box every face",
            NumberOfHumanWorkersPerDataObject = workersPerObject,
            TaskTimeLimitInSeconds = 300,
            TaskAvailabilityLifetimeInSeconds = lifetimeSeconds,
        },
    };

    /// <summary><paramref name="images"/> good lines (s3://gt-specs/images/i.jpg), then each of <paramref name="bad"/> verbatim.</summary>
    public static async Task PutInputsAsync(IObjectStore store, int images, params string[] bad)
    {
        var lines = Enumerable.Range(0, images).Select(i => $$"""{"source-ref":"s3://{{Bucket}}/images/{{i}}.jpg","edgelabel-pre-annotations":[{"label":"face","left":1,"top":1,"width":5,"height":5}]}""")
            .Concat(bad);
        await store.PutAsync(ObjectUri.Parse(ManifestUri), Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"), "application/jsonlines");
        await store.PutAsync(ObjectUri.Parse(LabelsUri), """{"document-version":"2018-11-28","labels":[{"label":"face"},{"label":"hand"}]}"""u8.ToArray(), "application/json");
    }

    public static WorkerAnswer Box(double left = 10, double top = 10, double width = 40, double height = 30, string label = "face") =>
        new([new AnsweredBox(label, left, top, width, height)], 640, 480);

    public static ManualClock Clock() => new(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));
}
