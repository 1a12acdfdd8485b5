using System.Diagnostics;
using System.Text.Json;
using EdgeLabel.Terminal;

namespace EdgeLabel.Cli.Ctl;

/// <summary><c>ctl model rollout --wait</c>: polls GET /rollouts once a second and draws how many targeted sites run the
/// version (stderr, so stdout stays the command's answer) until all do. A targeted site that refused the version (its
/// hash does not match, the model does not load) ends the wait with that error: the site keeps its old model and would
/// never switch; a failed download is only shown, as the site retries it. The targets are the one site, or every site whose reports are fresh.</summary>
public static class RolloutWait
{
    public static async Task<JsonElement> UntilRunningAsync(AdminClient client, string version, string? site, TimeSpan timeout, CancellationToken ct)
    {
        var progress = ProgressBar.OnStandardError($"rollout {version}", "sites");
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var answer = await client.GetAsync("/rollouts", ct);
            var targets = answer.Items("sites").Where(s => site is null ? s.At("stale")?.GetBoolean() != true : s.Text("site") == site).ToList();
            var running = targets.Count(s => s.Text("active", "version") == version);
            var failed = targets.FirstOrDefault(s => s.Text("active", "version") != version && IsRefusal(s.Text("lastError"), version));
            if (failed.ValueKind != JsonValueKind.Undefined)
                throw new CtlException($"site {failed.Text("site")} refused {version}: {failed.Text("lastError")} (it keeps running {failed.Text("active", "version") ?? "its configured model"})");
            if (targets.Count == 0 && site is not null)
                throw new CtlException($"site '{site}' has not reported to this node; is it up?");
            progress.Report(running, Math.Max(1, targets.Count),
                string.Join(", ", targets.Where(s => s.Text("active", "version") != version).Select(Waiting)));
            if (targets.Count > 0 && running == targets.Count)
            {
                progress.Complete($"{running} site(s) run {version}");
                return answer;
            }
            if (clock.Elapsed > timeout)
                throw new CtlException($"after {timeout}: {running} of {targets.Count} site(s) run {version}");
            await Task.Delay(1000, ct);
        }
    }

    // A download that failed is retried at the site's next poll (the link may be flaky): only a refusal is final.
    private static bool IsRefusal(string? lastError, string version) =>
        lastError is not null && lastError.StartsWith(version + ":", StringComparison.Ordinal) && lastError.Contains("refused", StringComparison.Ordinal);

    private static string Waiting(JsonElement site) =>
        $"{site.Text("site")}: " + (site.Text("installing") is { } installing ? $"installing {installing}" : site.Text("active", "version") ?? "configured model")
        + (site.Text("lastError") is { } error ? $" (last error: {error})" : "");
}
