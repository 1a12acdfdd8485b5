using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeLabel.GroundTruth.Tests.Support;

/// <summary>What the independent JS signer made of a request.</summary>
public sealed record NodeSignature(string Authorization, string PayloadHash);

/// <summary>Runs Scripts/sigv4-resign.cjs: @smithy/signature-v4 with @aws-crypto/sha256-js (npm, installed into
/// .cache/npm by scripts/install-test-deps.sh) re-signs a recorded request at its own x-amz-date.</summary>
public static class NodeSigner
{
    public static async Task<NodeSignature> ResignAsync(RawHttpRequest request, string accessKeyId, string secretAccessKey,
        string region, string service, CancellationToken ct = default)
    {
        foreach (var package in (string[])["@smithy/signature-v4", "@aws-crypto/sha256-js"])
            if (!File.Exists(Path.Combine(RepoPaths.NodeModules, package, "package.json")))
                Assert.Fail($"{package} is not installed in {RepoPaths.NodeModules}: run ./scripts/install-test-deps.sh (or ./build.sh test) first.");

        var signedNames = SignedHeaders(request);
        var input = new JsonObject
        {
            ["method"] = request.Method,
            ["path"] = request.Path,
            ["query"] = request.Query ?? "",
            ["headers"] = new JsonArray(request.Headers
                .Where(h => signedNames.Contains(h.Key.ToLowerInvariant()))
                .Select(h => (JsonNode)new JsonArray(h.Key, h.Value)).ToArray()),
            ["bodyBase64"] = Convert.ToBase64String(request.Body),
            ["accessKeyId"] = accessKeyId,
            ["secretAccessKey"] = secretAccessKey,
            ["region"] = region,
            ["service"] = service,
        };

        var psi = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        psi.ArgumentList.Add(RepoPaths.Script("sigv4-resign.cjs"));
        psi.Environment["NODE_PATH"] = RepoPaths.NodeModules;
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start node");
        await process.StandardInput.WriteAsync(input.ToJsonString());
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("node sigv4-resign.cjs did not finish within 60s");
        }
        if (process.ExitCode != 0)
            Assert.Fail($"node sigv4-resign.cjs failed with exit code {process.ExitCode}:\n{await stderr}");
        return JsonSerializer.Deserialize<NodeSignature>(await stdout, new JsonSerializerOptions(JsonSerializerDefaults.Web))
               ?? throw new InvalidOperationException("sigv4-resign.cjs printed nothing");
    }

    /// <summary>The lower-cased names in the request's Authorization SignedHeaders.</summary>
    public static HashSet<string> SignedHeaders(RawHttpRequest request)
    {
        var authorization = request.Header("authorization") ?? throw new InvalidOperationException("request is not signed");
        var list = authorization.Split("SignedHeaders=")[1].Split(',')[0];
        return list.Split(';').ToHashSet();
    }
}
