using System.Text.Json.Serialization;

namespace EdgeLabel.GroundTruth.Api;

// Shapes shared by several operations, named and nested exactly as in the SageMaker API. Properties are declared in
// the order the AWS JS SDK sends them, so our bodies read the same as the captures in shared/reference/sagemaker-wire.

/// <summary>Where the input manifest is and what the data is declared to contain.</summary>
public sealed record LabelingJobInputConfig
{
    public required LabelingJobDataSource DataSource { get; init; }
    public LabelingJobDataAttributes? DataAttributes { get; init; }
}

/// <summary>The input manifest's location (Ground Truth also knows SNS streaming sources; we use S3 only).</summary>
public sealed record LabelingJobDataSource
{
    public required LabelingJobS3DataSource S3DataSource { get; init; }
}

/// <summary>The S3 URI of the input manifest (one JSON object per line with a <c>source-ref</c>).</summary>
public sealed record LabelingJobS3DataSource
{
    public required string ManifestS3Uri { get; init; }
}

/// <summary>Declarations about the data; public workforces require them, private ones accept them.</summary>
public sealed record LabelingJobDataAttributes
{
    /// <summary><c>FreeOfPersonallyIdentifiableInformation</c> and/or <c>FreeOfAdultContent</c>.</summary>
    public IReadOnlyList<string>? ContentClassifiers { get; init; }
}

/// <summary>Where Ground Truth writes the job's output (<c>{S3OutputPath}/{job}/manifests/output/output.manifest</c>).</summary>
public sealed record LabelingJobOutputConfig
{
    public required string S3OutputPath { get; init; }
    public string? KmsKeyId { get; init; }
    public string? SnsTopicArn { get; init; }
}

/// <summary>Conditions that stop a job early.</summary>
public sealed record LabelingJobStoppingConditions
{
    public int? MaxHumanLabeledObjectCount { get; init; }
    public int? MaxPercentageOfInputDatasetLabeled { get; init; }
}

/// <summary>What the human workers see and do, and how their answers are combined.</summary>
public sealed record HumanTaskConfig
{
    public required string WorkteamArn { get; init; }
    public required UiConfig UiConfig { get; init; }
    public IReadOnlyList<string>? TaskKeywords { get; init; }
    public required string TaskTitle { get; init; }
    public required string TaskDescription { get; init; }
    /// <summary>How many different workers label each data object (1–9).</summary>
    public required int NumberOfHumanWorkersPerDataObject { get; init; }
    public required int TaskTimeLimitInSeconds { get; init; }
    public int? TaskAvailabilityLifetimeInSeconds { get; init; }
    public int? MaxConcurrentTaskCount { get; init; }
    public string? PreHumanTaskLambdaArn { get; init; }
    public AnnotationConsolidationConfig? AnnotationConsolidationConfig { get; init; }
}

/// <summary>The worker UI: a Liquid template in S3, or a managed UI by ARN (exactly one of the two).</summary>
public sealed record UiConfig
{
    public string? UiTemplateS3Uri { get; init; }
    public string? HumanTaskUiArn { get; init; }
}

/// <summary>The Lambda that consolidates the workers' answers (ACS-BoundingBox for box jobs).</summary>
public sealed record AnnotationConsolidationConfig
{
    public required string AnnotationConsolidationLambdaArn { get; init; }
}

/// <summary>A resource tag.</summary>
public sealed record Tag(string Key, string Value);

/// <summary>How many data objects a job has labeled so far, and how.</summary>
public sealed record LabelCounters
{
    public int TotalLabeled { get; init; }
    public int HumanLabeled { get; init; }
    public int MachineLabeled { get; init; }
    public int FailedNonRetryableError { get; init; }
    public int Unlabeled { get; init; }
}

/// <summary>Where a finished job's output manifest is.</summary>
public sealed record LabelingJobOutput
{
    public required string OutputDatasetS3Uri { get; init; }
    public string? FinalActiveLearningModelArn { get; init; }
}

/// <summary>A labeling job's lifecycle state.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LabelingJobStatus>))]
public enum LabelingJobStatus { Initializing, InProgress, Completed, Failed, Stopping, Stopped }

/// <summary>The key <c>ListLabelingJobs</c> sorts by.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LabelingJobSortBy>))]
public enum LabelingJobSortBy { Name, CreationTime, Status }

/// <summary>The direction <c>ListLabelingJobs</c> sorts in.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SortOrder>))]
public enum SortOrder { Ascending, Descending }
