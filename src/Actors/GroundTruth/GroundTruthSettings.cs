namespace EdgeLabel.Actors.GroundTruth;

/// <summary>The embedded Ground Truth service of a cloud node (<c>edgelabel.cloud.ground-truth</c>). Secrets are not
/// here: only the names of the environment variables that hold them.</summary>
/// <param name="Enabled">Serve the SageMaker API and the task API (and run the singleton).</param>
/// <param name="Region">The region in ARNs and the region SigV4 credential scopes must name.</param>
/// <param name="AccountId">The account id in ARNs.</param>
/// <param name="AccessKeysEnv">Variable holding "AKID:SECRET,AKID2:SECRET2" for SigV4.</param>
/// <param name="Workers">The private workforce's labelers, by id.</param>
/// <param name="WorkerTokensEnv">Variable holding "w1:token,w2:token" (bearer tokens of the task API).</param>
/// <param name="MaxActiveJobs">Jobs not yet finished beyond which CreateLabelingJob answers ResourceLimitExceeded.</param>
/// <param name="MaxObjectsPerJob">Data objects one input manifest may hold (more: the job fails).</param>
/// <param name="TaskCheckInterval">How often task expiry (and unfinished output writes) are looked at.</param>
public sealed record GroundTruthSettings(
    bool Enabled, string Region, string AccountId, string AccessKeysEnv, IReadOnlyList<string> Workers, string WorkerTokensEnv,
    int MaxActiveJobs, int MaxObjectsPerJob, TimeSpan TaskCheckInterval)
{
    public static GroundTruthSettings Default { get; } = new(
        true, "us-east-1", "000000000000", "EDGELABEL_GT_ACCESS_KEYS", ["w1", "w2", "w3", "w4", "w5"], "EDGELABEL_GT_WORKER_TOKENS",
        20, 100_000, TimeSpan.FromSeconds(1));

    public string JobArn(string jobName) => $"arn:aws:sagemaker:{Region}:{AccountId}:labeling-job/{jobName.ToLowerInvariant()}";
}
