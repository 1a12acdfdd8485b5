namespace EdgeLabel.Actors.Labeling;

/// <summary>Which service answers the labeling-job API: the cloud node's own embedded Ground Truth service, or Amazon SageMaker.</summary>
public enum LabelingBackendKind
{
    Embedded,
    Sagemaker,
}

/// <summary>How review and audit images become labeling jobs (<c>edgelabel.cloud.labeling</c>).</summary>
/// <param name="MaxBatchItems">A batch is started as soon as this many images wait.</param>
/// <param name="MaxBatchAge">…or once its oldest image waited this long.</param>
/// <param name="BatchCheckInterval">How often the coordinator looks at the age of its pending batch.</param>
/// <param name="PollInitial">First delay between DescribeLabelingJob calls; doubled after each unchanged answer.</param>
/// <param name="PollMax">The cap on that delay.</param>
/// <param name="StuckAfter">A job InProgress without a newly labeled object for this long is stopped and its remainder retried.</param>
/// <param name="MaxAttempts">Jobs per batch (the first included) before an alert is raised instead of another retry.</param>
/// <param name="OutputPrefix">Where inputs and outputs go: <c>{prefix}/input/{job}/…</c>, <c>{prefix}/output/{job}/…</c>.</param>
/// <param name="RetryAfter">How long a step that failed (store, backend, an unacknowledged message) waits before it is tried again.</param>
public sealed record LabelingSettings(
    int MaxBatchItems, TimeSpan MaxBatchAge, TimeSpan BatchCheckInterval, int WorkersPerObject, TimeSpan TaskTimeLimit,
    TimeSpan TaskAvailability, TimeSpan PollInitial, TimeSpan PollMax, TimeSpan StuckAfter, int MaxAttempts, string WorkteamArn,
    string RoleArn, string OutputPrefix, string HumanTaskUiArn, string? PreHumanTaskLambdaArn, string? ConsolidationLambdaArn,
    TimeSpan RetryAfter, LabelingBackendKind Backend, string? SageMakerRegion, string? SageMakerEndpoint)
{
    public static LabelingSettings Default { get; } = new(
        50, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1), 1, TimeSpan.FromSeconds(300), TimeSpan.FromHours(6),
        TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(30), 3,
        "arn:aws:sagemaker:us-east-1:000000000000:workteam/private-crowd/edgelabel",
        "arn:aws:iam::000000000000:role/edgelabel-labeling",
        "s3://edgelabel/labeling",
        // The managed bounding-box UI and its Lambdas of us-east-1 (other regions: other account ids, see the AWS docs).
        "arn:aws:sagemaker:us-east-1:394669845002:human-task-ui/BoundingBox",
        "arn:aws:lambda:us-east-1:432418664414:function:PRE-BoundingBox",
        "arn:aws:lambda:us-east-1:432418664414:function:ACS-BoundingBox",
        TimeSpan.FromSeconds(5), LabelingBackendKind.Embedded, null, null);

    /// <summary>The label attribute of every job: the key of the labels in the output manifest.</summary>
    public const string LabelAttributeName = "edgelabel-boxes";
}
