namespace EdgeLabel.GroundTruth.Api;

/// <summary>The body of <c>SageMaker.CreateLabelingJob</c>.</summary>
public sealed record CreateLabelingJobRequest
{
    /// <summary>≤63 characters, <c>^[a-zA-Z0-9](-*[a-zA-Z0-9])*$</c>, unique per account and region case-insensitively.</summary>
    public required string LabelingJobName { get; init; }
    public required string LabelAttributeName { get; init; }
    public required LabelingJobInputConfig InputConfig { get; init; }
    public required LabelingJobOutputConfig OutputConfig { get; init; }
    public required string RoleArn { get; init; }
    public required HumanTaskConfig HumanTaskConfig { get; init; }
    public string? LabelCategoryConfigS3Uri { get; init; }
    public LabelingJobStoppingConditions? StoppingConditions { get; init; }
    public IReadOnlyList<Tag>? Tags { get; init; }
}

/// <summary>The answer to <c>CreateLabelingJob</c>.</summary>
public sealed record CreateLabelingJobResponse
{
    public required string LabelingJobArn { get; init; }
}

/// <summary>The body of <c>SageMaker.DescribeLabelingJob</c>.</summary>
public sealed record DescribeLabelingJobRequest
{
    public required string LabelingJobName { get; init; }
}

/// <summary>The answer to <c>DescribeLabelingJob</c>: the job's state and counters, plus everything it was created with.</summary>
public sealed record DescribeLabelingJobResponse
{
    public required LabelingJobStatus LabelingJobStatus { get; init; }
    public required LabelCounters LabelCounters { get; init; }
    public string? FailureReason { get; init; }
    public required DateTimeOffset CreationTime { get; init; }
    public required DateTimeOffset LastModifiedTime { get; init; }
    public required string JobReferenceCode { get; init; }
    public required string LabelingJobName { get; init; }
    public required string LabelingJobArn { get; init; }
    public string? LabelAttributeName { get; init; }
    public required LabelingJobInputConfig InputConfig { get; init; }
    public required LabelingJobOutputConfig OutputConfig { get; init; }
    public required string RoleArn { get; init; }
    public string? LabelCategoryConfigS3Uri { get; init; }
    public LabelingJobStoppingConditions? StoppingConditions { get; init; }
    public required HumanTaskConfig HumanTaskConfig { get; init; }
    public IReadOnlyList<Tag>? Tags { get; init; }
    public LabelingJobOutput? LabelingJobOutput { get; init; }
}

/// <summary>The body of <c>SageMaker.ListLabelingJobs</c>; every filter is optional.</summary>
public sealed record ListLabelingJobsRequest
{
    public DateTimeOffset? CreationTimeAfter { get; init; }
    public DateTimeOffset? CreationTimeBefore { get; init; }
    public DateTimeOffset? LastModifiedTimeAfter { get; init; }
    public DateTimeOffset? LastModifiedTimeBefore { get; init; }
    /// <summary>1–100.</summary>
    public int? MaxResults { get; init; }
    public string? NextToken { get; init; }
    public string? NameContains { get; init; }
    public LabelingJobSortBy? SortBy { get; init; }
    public SortOrder? SortOrder { get; init; }
    public LabelingJobStatus? StatusEquals { get; init; }
}

/// <summary>One page of <c>ListLabelingJobs</c>; <see cref="NextToken"/> is null on the last page.</summary>
public sealed record ListLabelingJobsResponse
{
    public IReadOnlyList<LabelingJobSummary> LabelingJobSummaryList { get; init; } = [];
    public string? NextToken { get; init; }
}

/// <summary>One job in a <c>ListLabelingJobs</c> page.</summary>
public sealed record LabelingJobSummary
{
    public required string LabelingJobName { get; init; }
    public required string LabelingJobArn { get; init; }
    public required DateTimeOffset CreationTime { get; init; }
    public required DateTimeOffset LastModifiedTime { get; init; }
    public required LabelingJobStatus LabelingJobStatus { get; init; }
    public required LabelCounters LabelCounters { get; init; }
    public string? WorkteamArn { get; init; }
    public string? PreHumanTaskLambdaArn { get; init; }
    public string? AnnotationConsolidationLambdaArn { get; init; }
    public string? FailureReason { get; init; }
    public LabelingJobOutput? LabelingJobOutput { get; init; }
    public LabelingJobInputConfig? InputConfig { get; init; }
}

/// <summary>The body of <c>SageMaker.StopLabelingJob</c> (its answer is empty).</summary>
public sealed record StopLabelingJobRequest
{
    public required string LabelingJobName { get; init; }
}
