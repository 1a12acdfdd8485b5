using System.Diagnostics;
using System.Text.Json;

namespace EdgeLabel.EndToEnd.Tests.Support;

/// <summary>One object as the independent client saw it: key, size, the sha256 of the bytes it read back, its user
/// metadata (names without <c>x-amz-meta-</c>) and, for JSON sidecars, their text.</summary>
internal sealed record S3Entry(string Key, long Size, long Bytes, string Sha256, string? Text, IReadOnlyDictionary<string, string>? Metadata = null);

/// <summary>Reads a bucket with a client that shares nothing with the edge: Scripts/s3-client.cjs on the AWS SDK
/// for JavaScript (npm @aws-sdk/client-s3, installed into .cache/npm by scripts/install-test-deps.sh).</summary>
internal static class S3Inventory
{
    public static async Task<IReadOnlyList<S3Entry>> ListAsync(string endpoint, string bucket, string prefix, CancellationToken ct = default)
    {
        var json = await RunAsync(ct, endpoint, "list", bucket, prefix);
        return JsonSerializer.Deserialize<List<S3Entry>>(json, NodeStatus.Json)
               ?? throw new InvalidOperationException($"s3-client printed no list: {json}");
    }

    public static Task CreateBucketAsync(string endpoint, string bucket, CancellationToken ct = default) =>
        RunAsync(ct, endpoint, "create-bucket", bucket);

    private static async Task<string> RunAsync(CancellationToken ct, params string[] args)
    {
        // Run from the source tree: the project copies only Scripts/*.py to its output.
        var script = Path.Combine(TestData.RepoRoot, "tests", "EdgeLabel.EndToEnd.Tests", "Scripts", "s3-client.cjs");
        var modules = Path.Combine(TestData.RepoRoot, ".cache", "npm", "node_modules");
        if (!File.Exists(Path.Combine(modules, "@aws-sdk", "client-s3", "package.json")))
            Assert.Fail($"@aws-sdk/client-s3 is not installed in {modules}: run ./scripts/install-test-deps.sh (or ./build.sh test) first.");
        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(script);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["NODE_PATH"] = modules;
        psi.Environment["AWS_ACCESS_KEY_ID"] = S3rverProcess.Credential;
        psi.Environment["AWS_SECRET_ACCESS_KEY"] = S3rverProcess.Credential;
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start node");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"node s3-client.cjs {string.Join(' ', args)} did not finish within 120s");
        }
        if (process.ExitCode != 0)
            Assert.Fail($"node s3-client.cjs {string.Join(' ', args)} failed with exit code {process.ExitCode}:\n{await stderr}");
        return await stdout;
    }
}
