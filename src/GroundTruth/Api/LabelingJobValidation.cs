using System.Text.RegularExpressions;

namespace EdgeLabel.GroundTruth.Api;

/// <summary>The API's documented constraints on a create request, checked before anything is sent (and reusable by
/// a service that must answer <c>ValidationException</c>).</summary>
public static partial class LabelingJobValidation
{
    public const int MaxJobNameLength = 63;
    public const int MaxLabelAttributeNameLength = 127;

    [GeneratedRegex("^[a-zA-Z0-9](-*[a-zA-Z0-9])*$")]
    private static partial Regex NamePattern();

    /// <summary>True when <paramref name="name"/> is a valid labeling job name.</summary>
    public static bool IsValidJobName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxJobNameLength && NamePattern().IsMatch(name);

    /// <summary>Every constraint <paramref name="request"/> breaks, as messages naming the field; empty when valid.</summary>
    public static IReadOnlyList<string> Problems(CreateLabelingJobRequest request)
    {
        var problems = new List<string>();
        if (!IsValidJobName(request.LabelingJobName))
            problems.Add($"LabelingJobName '{request.LabelingJobName}' must be 1-{MaxJobNameLength} characters matching ^[a-zA-Z0-9](-*[a-zA-Z0-9])*$");
        if (string.IsNullOrEmpty(request.LabelAttributeName) || request.LabelAttributeName.Length > MaxLabelAttributeNameLength ||
            !NamePattern().IsMatch(request.LabelAttributeName))
            problems.Add($"LabelAttributeName '{request.LabelAttributeName}' must be 1-{MaxLabelAttributeNameLength} characters matching ^[a-zA-Z0-9](-*[a-zA-Z0-9])*$");
        if (string.IsNullOrEmpty(request.InputConfig?.DataSource?.S3DataSource?.ManifestS3Uri))
            problems.Add("InputConfig.DataSource.S3DataSource.ManifestS3Uri is required");
        if (string.IsNullOrEmpty(request.OutputConfig?.S3OutputPath))
            problems.Add("OutputConfig.S3OutputPath is required");
        if (string.IsNullOrEmpty(request.RoleArn))
            problems.Add("RoleArn is required");

        var task = request.HumanTaskConfig;
        if (task is null)
        {
            problems.Add("HumanTaskConfig is required");
        }
        else
        {
            if (string.IsNullOrEmpty(task.WorkteamArn)) problems.Add("HumanTaskConfig.WorkteamArn is required");
            var ui = task.UiConfig;
            if (ui is null || (ui.UiTemplateS3Uri is null) == (ui.HumanTaskUiArn is null))
                problems.Add("HumanTaskConfig.UiConfig needs exactly one of UiTemplateS3Uri and HumanTaskUiArn");
            if (task.NumberOfHumanWorkersPerDataObject is < 1 or > 9)
                problems.Add($"HumanTaskConfig.NumberOfHumanWorkersPerDataObject {task.NumberOfHumanWorkersPerDataObject} must be 1-9");
            if (task.TaskTimeLimitInSeconds < 30)
                problems.Add($"HumanTaskConfig.TaskTimeLimitInSeconds {task.TaskTimeLimitInSeconds} must be at least 30");
            if (task.TaskAvailabilityLifetimeInSeconds is < 60)
                problems.Add($"HumanTaskConfig.TaskAvailabilityLifetimeInSeconds {task.TaskAvailabilityLifetimeInSeconds} must be at least 60");
            if (task.MaxConcurrentTaskCount is < 1 or > 5000)
                problems.Add($"HumanTaskConfig.MaxConcurrentTaskCount {task.MaxConcurrentTaskCount} must be 1-5000");
            if (task.TaskKeywords is { Count: < 1 or > 5 })
                problems.Add($"HumanTaskConfig.TaskKeywords has {task.TaskKeywords.Count} entries; 1-5 allowed");
            if (string.IsNullOrEmpty(task.TaskTitle)) problems.Add("HumanTaskConfig.TaskTitle is required");
            if (string.IsNullOrEmpty(task.TaskDescription)) problems.Add("HumanTaskConfig.TaskDescription is required");
        }

        var stop = request.StoppingConditions;
        if (stop?.MaxHumanLabeledObjectCount is < 1)
            problems.Add($"StoppingConditions.MaxHumanLabeledObjectCount {stop.MaxHumanLabeledObjectCount} must be at least 1");
        if (stop?.MaxPercentageOfInputDatasetLabeled is < 1 or > 100)
            problems.Add($"StoppingConditions.MaxPercentageOfInputDatasetLabeled {stop.MaxPercentageOfInputDatasetLabeled} must be 1-100");
        if (request.Tags is { Count: > 50 })
            problems.Add($"Tags has {request.Tags.Count} entries; at most 50 allowed");
        return problems;
    }
}
