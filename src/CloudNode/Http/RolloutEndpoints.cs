using System.Security.Cryptography;
using System.Text.Json;
using Akka.Actor;
using Akka.Hosting;
using EdgeLabel.Actors.Configuration;
using EdgeLabel.Actors.Hosting;
using EdgeLabel.Actors.Rollout;
using EdgeLabel.Actors.Sites;
using EdgeLabel.Storage;
using Microsoft.AspNetCore.Http.Features;

namespace EdgeLabel.CloudNode.Http;

/// <summary>Model and threshold rollout, behind the admin token (what <c>edgelabel ctl model|thresholds</c> calls):
/// GET /rollouts (releases, desired versions, thresholds, and each site's reported active model),
/// POST /rollouts/models?modelId=&amp;version=&amp;adapter=&amp;classes= (the ONNX file as the body: stored, hashed, published),
/// POST /rollouts/rollout {version, site?}, /rollouts/abort {site?}, /rollouts/rollback {site?},
/// GET /rollouts/thresholds/{site}, POST /rollouts/thresholds {site?, accept, reject}. A missing site means every site.</summary>
public static class RolloutEndpoints
{
    /// <summary>Largest model file accepted (the node's other endpoints keep their 64 KiB limit).</summary>
    public const long MaxModelBytes = 1L << 30;

    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);
    private const int MaxBodyBytes = 4 * 1024;

    public static void MapRolloutEndpoints(this WebApplication app)
    {
        var admin = app.MapAdminGroup();

        admin.MapGet("/rollouts", async (ClusterIncarnations incarnations, CancellationToken ct) =>
        {
            if (incarnations.Current is not { } system) return Restarting();
            var reply = await AskRegistry(system, GetRollouts.Instance, ct);
            if (reply is null) return RegistryAway();
            var sites = await ActorRegistry.For(system).Get<SiteDirectory>().Ask<SiteReports>(new GetSiteReports(), AskTimeout, ct);
            return Results.Ok(new RolloutsJson(reply.Overview, sites.Sites.Select(s => new SiteRolloutJson(
                s.Report.Site, s.Report.Model, s.Report.Rollout?.ThresholdsRevision, s.Report.Rollout?.Installing, s.Report.Rollout?.LastError, s.Stale)).ToArray()));
        });

        admin.MapPost("/rollouts/models", PublishAsync);

        admin.MapPost("/rollouts/rollout", (HttpContext http, ClusterIncarnations incarnations, CancellationToken ct) =>
            Command<VersionRequest>(http, incarnations, r => r.Version is null ? null : new RolloutModel(r.Version, r.Site), "{\"version\":\"v2\",\"site\":\"optional\"}", ct));
        admin.MapPost("/rollouts/abort", (HttpContext http, ClusterIncarnations incarnations, CancellationToken ct) =>
            Command<SiteRequest>(http, incarnations, r => new AbortRollout(r.Site), "{\"site\":\"optional\"}", ct));
        admin.MapPost("/rollouts/rollback", (HttpContext http, ClusterIncarnations incarnations, CancellationToken ct) =>
            Command<SiteRequest>(http, incarnations, r => new RollbackModel(r.Site), "{\"site\":\"optional\"}", ct));
        admin.MapPost("/rollouts/thresholds", (HttpContext http, ClusterIncarnations incarnations, CancellationToken ct) =>
            Command<ThresholdsRequest>(http, incarnations, r => r is { Accept: { } a, Reject: { } j } ? new SetThresholds(r.Site, a, j) : null,
                "{\"site\":\"optional\",\"accept\":0.8,\"reject\":0.3}", ct));

        admin.MapGet("/rollouts/thresholds/{site}", async (string site, ClusterIncarnations incarnations, CancellationToken ct) =>
        {
            if (!EdgeSettingsReader.IsValidName(site)) return Results.BadRequest(new { error = $"'{site}' is not a site name" });
            if (incarnations.Current is not { } system) return Restarting();
            try
            {
                var assignment = await ActorRegistry.For(system).Get<RolloutRegistry>().Ask<SiteAssignment>(new GetSiteAssignment(site), AskTimeout, ct);
                return Results.Ok(new { site, thresholds = assignment.Thresholds, model = assignment.Model?.Version });
            }
            catch (AskTimeoutException)
            {
                return RegistryAway();
            }
        });
    }

    private sealed record VersionRequest(string? Version, string? Site);

    private sealed record SiteRequest(string? Site);

    private sealed record ThresholdsRequest(string? Site, float? Accept, float? Reject);

    /// <summary>The registry's state with what each site reported running (and its last rollout error).</summary>
    public sealed record RolloutsJson(RolloutOverview Registry, IReadOnlyList<SiteRolloutJson> Sites);

    public sealed record SiteRolloutJson(string Site, Inference.Models.ModelIdentity Active, int? ThresholdsRevision, string? Installing, string? LastError, bool Stale);

    /// <summary>Streams the body to a temp file while hashing it, stores it under <c>&lt;prefix&gt;/models/&lt;id&gt;/&lt;version&gt;.onnx</c>,
    /// then publishes the release. Names are validated first, so a key never escapes the models folder.</summary>
    private static async Task<IResult> PublishAsync(HttpContext http, string? modelId, string? version, string? adapter, string? classes,
        ClusterIncarnations incarnations, CloudSettings settings, IObjectStore store, CancellationToken ct)
    {
        if (!EdgeSettingsReader.IsValidName(modelId))
            return Results.BadRequest(new { error = "modelId must be a name (lower-case letters, digits and dashes; max 40)" });
        if (!RolloutState.IsValidVersion(version))
            return Results.BadRequest(new { error = $"version must be letters, digits, '.', '-' or '_' (at most {RolloutState.MaxVersionLength}), not starting with '.'" });
        if (adapter is not null && !EdgeSettingsReader.IsValidName(adapter)) return Results.BadRequest(new { error = "adapter must be a name" });
        var classNames = string.IsNullOrWhiteSpace(classes) ? [] : classes.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (classNames.Length > 1000 || classNames.Any(c => c.Length > 100)) return Results.BadRequest(new { error = "too many or too long class names" });
        if (incarnations.Current is not { } system) return Restarting();
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxModelBytes;

        var uri = ObjectUri.Create(settings.Store.Bucket, $"{settings.Store.Prefix.TrimEnd('/')}/models/{modelId}/{version}.onnx".TrimStart('/'));
        var temp = Path.Combine(settings.DataDirectory, $"upload-{Guid.NewGuid():N}.onnx");
        try
        {
            string sha;
            long size;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, useAsync: true))
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[81920];
                int read;
                while ((read = await http.Request.Body.ReadAsync(buffer, ct)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
                size = file.Length;
                sha = Convert.ToHexStringLower(hash.GetHashAndReset());
                if (size == 0) return Results.BadRequest(new { error = "the body is empty: send the ONNX file" });
                // Published versions are immutable: ask first, so a refused one never overwrites a published file.
                var before = await AskRegistry(system, GetRollouts.Instance, ct);
                if (before is null) return RegistryAway();
                if (before.Overview.Releases.Any(r => r.Version == version))
                    return Results.Conflict(new { error = $"version '{version}' is already published (versions are immutable)" });
                file.Position = 0;
                await store.PutAsync(uri, file, "application/octet-stream", new Dictionary<string, string> { ["sha256"] = sha }, ct);
            }
            var release = new ModelRelease(modelId!, version!, uri.ToString(), sha, size, adapter, classNames, DateTimeOffset.UtcNow);
            var reply = await AskRegistry(system, new PublishModel(release), ct);
            return reply is null ? RegistryAway() : Answer(reply);
        }
        catch (ObjectStoreException e)
        {
            return Results.Json(new { error = $"storing the model failed: {e.Message}" }, statusCode: 502);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static async Task<IResult> Command<T>(HttpContext http, ClusterIncarnations incarnations, Func<T, object?> toCommand, string example,
        CancellationToken ct) where T : class
    {
        if (incarnations.Current is not { } system) return Restarting();
        if (http.Request.ContentLength > MaxBodyBytes || !http.Request.HasJsonContentType())
            return Results.BadRequest(new { error = $"send {example} as JSON of at most 4 KiB" });
        T? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<T>(http.Request.Body, JsonSerializerOptions.Web, ct);
        }
        catch (JsonException)
        {
            return Results.BadRequest(new { error = "the body is not JSON" });
        }
        if (request is null || toCommand(request) is not { } command) return Results.BadRequest(new { error = $"send {example}" });
        var reply = await AskRegistry(system, command, ct);
        return reply is null ? RegistryAway() : Answer(reply);
    }

    private static IResult Answer(RolloutReply reply) =>
        reply.Accepted ? Results.Ok(reply.Overview) : Results.BadRequest(new { error = reply.Error });

    private static async Task<RolloutReply?> AskRegistry(ActorSystem system, object command, CancellationToken ct)
    {
        try
        {
            return await ActorRegistry.For(system).Get<RolloutRegistry>().Ask<RolloutReply>(command, AskTimeout, ct);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    private static IResult RegistryAway() =>
        Results.Json(new { error = "the rollout registry did not answer in time (singleton moving?); try again" }, statusCode: 503);

    private static IResult Restarting() => Results.Json(new { error = "the cluster is restarting; try again" }, statusCode: 503);
}
