using EdgeLabel.Actors.Configuration;
using EdgeLabel.Storage;

namespace EdgeLabel.Actors.Labeling;

/// <summary>Reads <c>edgelabel.cloud.labeling</c>; every problem names its key path.</summary>
public static class LabelingSettingsReader
{
    public static LabelingSettings Read(HoconReader labeling)
    {
        var d = LabelingSettings.Default;
        var outputPrefix = labeling.String("output-prefix", d.OutputPrefix).TrimEnd('/');
        if (!ObjectUri.TryParse(outputPrefix + "/output/x", out _))
            throw new ConfigurationException(labeling.Path("output-prefix"), $"'{outputPrefix}' is not an s3://bucket/prefix URI");
        var pollInitial = labeling.Duration("poll-initial", d.PollInitial, min: TimeSpan.FromMilliseconds(10));
        var pollMax = labeling.Duration("poll-max", d.PollMax, min: TimeSpan.FromMilliseconds(10));
        if (pollMax < pollInitial)
            throw new ConfigurationException(labeling.Path("poll-max"), $"must be at least poll-initial ({pollInitial}), got {pollMax}");
        var taskTimeLimit = labeling.Duration("task-time-limit", d.TaskTimeLimit, min: TimeSpan.FromSeconds(30));
        var availability = labeling.Duration("task-availability", d.TaskAvailability, min: TimeSpan.FromSeconds(60));
        var backend = labeling.Enum("backend", d.Backend);
        var sageMaker = labeling.At("sagemaker");
        var endpoint = sageMaker.Has("endpoint") ? sageMaker.Config.GetString(sageMaker.Path("endpoint")) : null;
        if (!string.IsNullOrWhiteSpace(endpoint) && !Uri.TryCreate(endpoint, UriKind.Absolute, out _))
            throw new ConfigurationException(sageMaker.Path("endpoint"), $"'{endpoint}' is not an absolute URL");
        var region = sageMaker.Has("region") ? sageMaker.Config.GetString(sageMaker.Path("region")) : null;
        return new LabelingSettings(
            labeling.Int("max-batch-items", d.MaxBatchItems, min: 1, max: 100_000),
            labeling.Duration("max-batch-age", d.MaxBatchAge, min: TimeSpan.FromMilliseconds(10)),
            labeling.Duration("batch-check-interval", d.BatchCheckInterval, min: TimeSpan.FromMilliseconds(10)),
            labeling.Int("workers-per-object", d.WorkersPerObject, min: 1, max: 9),
            taskTimeLimit, availability, pollInitial, pollMax,
            labeling.Duration("stuck-after", d.StuckAfter, min: TimeSpan.FromMilliseconds(10)),
            labeling.Int("max-attempts", d.MaxAttempts, min: 1, max: 100),
            labeling.String("workteam-arn", d.WorkteamArn),
            labeling.String("role-arn", d.RoleArn),
            outputPrefix,
            labeling.String("human-task-ui-arn", d.HumanTaskUiArn),
            labeling.Has("pre-human-task-lambda-arn") ? labeling.String("pre-human-task-lambda-arn") : d.PreHumanTaskLambdaArn,
            labeling.Has("consolidation-lambda-arn") ? labeling.String("consolidation-lambda-arn") : d.ConsolidationLambdaArn,
            labeling.Duration("retry-after", d.RetryAfter, min: TimeSpan.FromMilliseconds(10)),
            backend,
            string.IsNullOrWhiteSpace(region) ? null : region,
            string.IsNullOrWhiteSpace(endpoint) ? null : endpoint);
    }
}
