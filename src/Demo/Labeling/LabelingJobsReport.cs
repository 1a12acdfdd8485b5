using Amazon.Runtime;
using EdgeLabel.Demo.Topology;
using EdgeLabel.GroundTruth.Api;
using EdgeLabel.GroundTruth.Client;
using EdgeLabel.NodeProcesses;

namespace EdgeLabel.Demo.Labeling;

/// <summary>The labeling jobs of a run, as the SageMaker API reports them: the demo lists them from the cloud node's
/// embedded Ground Truth service with the same client (and SigV4 key) the node's labeling actors use.</summary>
public sealed record LabelingJobsReport(int Created, int Completed, int Failed, int Stopped, int InProgress, int HumanLabeled, int FailedObjects)
{
    public static async Task<LabelingJobsReport> ListAsync(Uri cloudUrl, NodeCredentials credentials, string region, CancellationToken ct)
    {
        using var client = new SageMakerLabelingClient(new SageMakerClientOptions
        {
            Region = region,
            ServiceUrl = cloudUrl,
            Credentials = new BasicAWSCredentials(credentials.AccessKeyId, credentials.SecretKey),
        });
        var jobs = new List<LabelingJobSummary>();
        string? next = null;
        do
        {
            var page = await client.ListLabelingJobsAsync(new ListLabelingJobsRequest { MaxResults = 100, NextToken = next }, ct);
            jobs.AddRange(page.LabelingJobSummaryList);
            next = page.NextToken;
        } while (next is not null);
        int Count(LabelingJobStatus status) => jobs.Count(j => j.LabelingJobStatus == status);
        return new LabelingJobsReport(jobs.Count, Count(LabelingJobStatus.Completed), Count(LabelingJobStatus.Failed),
            Count(LabelingJobStatus.Stopped), jobs.Count(j => j.LabelingJobStatus is LabelingJobStatus.Initializing or LabelingJobStatus.InProgress or LabelingJobStatus.Stopping),
            jobs.Sum(j => j.LabelCounters.HumanLabeled), jobs.Sum(j => j.LabelCounters.FailedNonRetryableError));
    }
}
