using EdgeLabel.Actors.GroundTruth;
using EdgeLabel.GroundTruth.Api;
using static EdgeLabel.Tests.GroundTruth.GroundTruthSamples;

namespace EdgeLabel.Tests.GroundTruth;

/// <summary>The pure state machine of the embedded service: objects done when every task closed, consolidation,
/// counters, stopping conditions, stop and expiry.</summary>
public sealed class GroundTruthStateSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    private static GroundTruthState Started(CreateLabelingJobRequest request, int objects, int malformed = 0)
    {
        var state = new GroundTruthState();
        state.Apply(new GroundTruthJobCreated(request.LabelingJobName, "arn:job", request, T0));
        var data = Enumerable.Range(0, objects).Select(i => new GroundTruthDataObject(i, $"s3://b/{i}.jpg", $$"""{"source-ref":"s3://b/{{i}}.jpg"}""", null))
            .Concat(Enumerable.Range(objects, malformed).Select(i => new GroundTruthDataObject(i, null, "nope", "ClientError: not JSON")))
            .ToArray();
        var n = request.HumanTaskConfig.NumberOfHumanWorkersPerDataObject;
        var tasks = Enumerable.Range(0, objects).SelectMany(i => Enumerable.Range(0, n)
            .Select(k => new GroundTruthTask($"t{i}-{k}", i, $"w{k + 1}", T0.AddHours(1)))).ToArray();
        state.Apply(new GroundTruthJobInitialized(request.LabelingJobName, ["face", "hand"], data, tasks, T0.AddSeconds(1)));
        return state;
    }

    [Fact]
    public void An_object_is_labeled_once_every_assigned_labeler_answered_and_the_boxes_are_consolidated()
    {
        var state = Started(Request("j"), objects: 2, malformed: 1);
        var job = state.Find("J")!; // names compare case-insensitively
        Assert.Equal(LabelingJobStatus.InProgress, job.Status);
        Assert.Equal((0, 1, 2), (job.Counters().HumanLabeled, job.Counters().FailedNonRetryableError, job.Counters().Unlabeled));

        state.Apply(new GroundTruthTaskAnswered("j", "t0-0", Box(10, 10, 40, 30), T0.AddMinutes(1)));
        Assert.Equal(0, job.Counters().HumanLabeled); // one of two labelers: not yet
        state.Apply(new GroundTruthTaskAnswered("j", "t0-1", Box(12, 10, 40, 30), T0.AddMinutes(2)));
        Assert.Equal(1, job.Counters().HumanLabeled);
        var box = Assert.Single(job.Objects[0].Consolidated!);
        Assert.Equal((0, 11.0), (box.ClassId, box.Left));
        Assert.InRange(box.Confidence, 0.8, 1.0);
        Assert.False(job.NeedsOutput);

        state.Apply(new GroundTruthTaskAnswered("j", "t1-0", Box(), T0.AddMinutes(3)));
        state.Apply(new GroundTruthTaskDeclined("j", "t1-1", T0.AddMinutes(4)));
        Assert.Equal((2, 1, 0), (job.Counters().HumanLabeled, job.Counters().FailedNonRetryableError, job.Counters().Unlabeled));
        Assert.True(job.NeedsOutput);
        Assert.Equal(LabelingJobStatus.Completed, job.FinalStatus);
    }

    [Fact]
    public void Tasks_expire_at_their_availability_lifetime_and_an_object_nobody_answered_fails()
    {
        var state = Started(Request("j"), objects: 1);
        Assert.Empty(state.ExpiredTasks(T0.AddMinutes(59)));
        Assert.Equal(2, state.OpenTasksOf("w1", T0).Count + state.OpenTasksOf("w2", T0).Count);
        Assert.Empty(state.OpenTasksOf("w1", T0.AddHours(1))); // past its lifetime, even before the expiry is recorded

        var (job, ids) = Assert.Single(state.ExpiredTasks(T0.AddHours(1)));
        state.Apply(new GroundTruthTasksExpired(job, ids, T0.AddHours(1)));
        var record = state.Find("j")!;
        Assert.Equal((0, 1), (record.Counters().HumanLabeled, record.Counters().FailedNonRetryableError));
        Assert.Contains("expired", record.Objects[0].FailureReason);
        Assert.True(record.NeedsOutput);
    }

    [Fact]
    public void MaxHumanLabeledObjectCount_stops_the_job_and_withdraws_the_other_tasks()
    {
        var state = Started(Request("j", workersPerObject: 1, maxHumanLabeled: 2), objects: 5);
        state.Apply(new GroundTruthTaskAnswered("j", "t0-0", Box(), T0.AddMinutes(1)));
        Assert.False(state.Find("j")!.NeedsOutput);
        state.Apply(new GroundTruthTaskAnswered("j", "t3-0", Box(), T0.AddMinutes(2)));

        var job = state.Find("j")!;
        Assert.True(job.StoppingConditionMet);
        Assert.True(job.NeedsOutput);
        Assert.Equal(LabelingJobStatus.Stopped, job.FinalStatus);
        Assert.Equal((2, 3), (job.Counters().HumanLabeled, job.Counters().Unlabeled));
        Assert.Empty(state.OpenTasksOf("w1", T0));
        state.Apply(new GroundTruthTaskAnswered("j", "t1-0", Box(), T0.AddMinutes(3))); // too late: withdrawn
        Assert.Equal(2, job.Counters().HumanLabeled);
    }

    [Fact]
    public void A_stop_withdraws_open_tasks_and_finishes_as_Stopped()
    {
        var state = Started(Request("j"), objects: 2);
        state.Apply(new GroundTruthStopRequested("j", T0.AddMinutes(5)));
        var job = state.Find("j")!;
        Assert.Equal(LabelingJobStatus.Stopping, job.Status);
        Assert.Empty(state.OpenTasksOf("w1", T0));
        Assert.True(job.NeedsOutput);
        state.Apply(new GroundTruthJobFinished("j", job.FinalStatus, "s3://b/o/j/manifests/output/output.manifest", T0.AddMinutes(6)));
        var described = state.Describe(job);
        Assert.Equal(LabelingJobStatus.Stopped, described.LabelingJobStatus);
        Assert.Equal(2, described.LabelCounters.Unlabeled);
        Assert.Equal(T0.AddMinutes(6), described.LastModifiedTime);
    }

    [Fact]
    public void List_filters_by_status_and_pages_with_an_opaque_token()
    {
        var state = new GroundTruthState();
        for (var i = 0; i < 3; i++)
            state.Apply(new GroundTruthJobCreated($"job-{i}", $"arn:{i}", Request($"job-{i}"), T0.AddMinutes(i)));
        state.Apply(new GroundTruthJobFailed("job-1", "ClientError: x", T0.AddMinutes(5)));

        Assert.Equal(["job-1"], state.List(new ListLabelingJobsRequest { StatusEquals = LabelingJobStatus.Failed }).LabelingJobSummaryList.Select(j => j.LabelingJobName));
        var first = state.List(new ListLabelingJobsRequest { MaxResults = 2, SortOrder = SortOrder.Descending });
        Assert.Equal(["job-2", "job-1"], first.LabelingJobSummaryList.Select(j => j.LabelingJobName));
        var second = state.List(new ListLabelingJobsRequest { MaxResults = 2, SortOrder = SortOrder.Descending, NextToken = first.NextToken });
        Assert.Equal(["job-0"], second.LabelingJobSummaryList.Select(j => j.LabelingJobName));
        Assert.Null(second.NextToken);
    }
}
