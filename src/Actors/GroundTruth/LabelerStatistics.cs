using EdgeLabel.GroundTruth.Api;
using EdgeLabel.GroundTruth.Consolidation;

namespace EdgeLabel.Actors.GroundTruth;

/// <summary>Per labeler, from the service's jobs: task outcomes, throughput and agreement with the consolidated answers
/// (<see cref="LabelerAgreement"/>). Pure: the actor calls it on its own state, tests call it on a state they built.</summary>
public static class LabelerStatistics
{
    public static readonly TimeSpan RecentWindow = TimeSpan.FromHours(1);

    /// <summary>Every labeler of <paramref name="workforce"/> (idle ones too, so the admin sees who is not working) and
    /// anyone else who ever held a task, by name.</summary>
    public static IReadOnlyList<LabelerStats> Of(IEnumerable<JobRecord> jobs, IEnumerable<string> workforce, DateTimeOffset now)
    {
        // One pass over every task, grouped by labeler (not one scan of all tasks per labeler).
        var byWorker = jobs.SelectMany(j => j.Objects.SelectMany(o => o.Tasks.Select(t => (Job: j, Object: o, Task: t))))
            .GroupBy(t => t.Task.Worker, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<(JobRecord, DataObjectRecord, TaskRecord)>)g.ToList(), StringComparer.Ordinal);
        return workforce.Concat(byWorker.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(worker => Of(worker, byWorker.GetValueOrDefault(worker) ?? [], now))
            .ToArray();
    }

    private static LabelerStats Of(string worker, IReadOnlyList<(JobRecord Job, DataObjectRecord Object, TaskRecord Task)> mine, DateTimeOffset now)
    {
        var answered = mine.Where(t => t.Task.State == TaskState.Answered).ToList();
        var agreements = answered
            .Where(t => t.Object.Consolidated is not null)
            .Select(t => LabelerAgreement.Of(BoxesOf(t.Job, t.Task), t.Object.Consolidated!))
            .ToList();
        return new LabelerStats(worker,
            Open: mine.Count(t => t.Task.State == TaskState.Open && t.Job.Status == LabelingJobStatus.InProgress && t.Task.Task.ExpiresAt > now),
            Answered: answered.Count,
            Declined: mine.Count(t => t.Task.State == TaskState.Declined),
            Expired: mine.Count(t => t.Task.State == TaskState.Expired),
            AnsweredLastHour: answered.Count(t => t.Task.ClosedAt > now - RecentWindow),
            MedianSecondsPerTask: Median(SecondsPerAnswer(mine)),
            MeanAgreement: agreements.Count == 0 ? null : Math.Round(agreements.Average(), 4),
            AgreementObjects: agreements.Count);
    }

    /// <summary>How long each answer took: tasks are offered in bulk, so the time runs from the labeler's previous
    /// answer or skip (or from the offer, when that came later). A labeler's breaks inflate one answer each; the median
    /// ignores them.</summary>
    private static IEnumerable<double> SecondsPerAnswer(IReadOnlyList<(JobRecord Job, DataObjectRecord Object, TaskRecord Task)> mine)
    {
        DateTimeOffset? previous = null;
        foreach (var (job, _, task) in mine
                     .Where(t => t.Task is { State: TaskState.Answered or TaskState.Declined, ClosedAt: not null })
                     .OrderBy(t => t.Task.ClosedAt))
        {
            var closed = task.ClosedAt!.Value;
            var offered = task.Task.ExpiresAt - Lifetime(job);
            var start = previous is { } p && p > offered ? p : offered;
            previous = closed;
            if (task.State == TaskState.Answered) yield return Math.Max(0, (closed - start).TotalSeconds);
        }
    }

    private static TimeSpan Lifetime(JobRecord job) =>
        TimeSpan.FromSeconds(job.Request.HumanTaskConfig.TaskAvailabilityLifetimeInSeconds ?? EmbeddedGroundTruth.DefaultTaskAvailabilitySeconds);

    private static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return null;
        var mid = sorted.Length / 2;
        return Math.Round(sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2, 1);
    }

    /// <summary>The labeler's boxes with the class ids consolidation gave them (the job's category order).</summary>
    private static WorkerBox[] BoxesOf(JobRecord job, TaskRecord task) =>
        task.Answer!.Boxes.Select(b => new WorkerBox(task.Worker, GroundTruthState.IndexOf(job.Categories, b.Label), b.Left, b.Top, b.Width, b.Height))
            .ToArray();
}
