using System.Security.Cryptography;

namespace EdgeLabel.NodeProcesses;

/// <summary>Secrets of one run of local nodes (the demo, <c>edgelabel cluster up</c>), made fresh each time and handed to
/// the cloud nodes through their environment: the admin token, the SigV4 key the node's labeling actors sign with against its own
/// embedded Ground Truth service, one bearer token per labeler (the simulated labelers use them), and one portal
/// password per labeler (for the people who sign in to the portal).</summary>
public sealed record NodeCredentials(string AdminToken, string AccessKeyId, string SecretKey, IReadOnlyList<(string Worker, string Token)> Labelers,
    IReadOnlyList<(string Worker, string Password)> Passwords)
{
    public static NodeCredentials Create(IReadOnlyList<string> workers) => new(
        Secret(32),
        "AKIADEMO" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)),
        Secret(24),
        workers.Select(w => (w, Secret(24))).ToList(),
        // Short enough to type: 10 characters from an alphabet without look-alikes.
        workers.Select(w => (w, RandomNumberGenerator.GetString("abcdefghjkmnpqrstuvwxyz23456789", 10))).ToList());

    public IReadOnlyDictionary<string, string> CloudEnvironment => new Dictionary<string, string>
    {
        ["EDGELABEL_ADMIN_TOKEN"] = AdminToken,
        ["EDGELABEL_GT_ACCESS_KEYS"] = $"{AccessKeyId}:{SecretKey}",
        ["EDGELABEL_GT_WORKER_TOKENS"] = string.Join(',', Labelers.Select(l => $"{l.Worker}:{l.Token}")),
        ["EDGELABEL_GT_WORKER_PASSWORDS"] = string.Join(',', Passwords.Select(p => $"{p.Worker}:{p.Password}")),
    };

    private static string Secret(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
}
