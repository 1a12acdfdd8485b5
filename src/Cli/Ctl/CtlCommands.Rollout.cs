using System.CommandLine;
using System.Text;
using System.Text.Json;

namespace EdgeLabel.Cli.Ctl;

/// <summary><c>ctl model</c> and <c>ctl thresholds</c>: publish model versions and roll them (and router thresholds)
/// out to one site or all, abort a staged rollout, roll back; see docs/operations.md, "Model and threshold rollout".</summary>
public static partial class CtlCommands
{
    private static Command ModelCommands()
    {
        var show = new Command("show", "Published versions, the fleet's and each staged site's version, and what every site reports running");
        show.SetAction((r, ct) => Run(r, ct, c => c.GetAsync("/rollouts", ct), RolloutsTable));

        var file = new Argument<string>("file") { Description = "The ONNX file" };
        var version = new Option<string>("--version") { Description = "The version name (letters, digits, '.', '-', '_')", Required = true };
        var modelId = new Option<string>("--model-id") { Description = "The model's name", DefaultValueFactory = _ => "blazeface-back-256" };
        var adapter = new Option<string?>("--adapter") { Description = "The output adapter (default: detected from the model's outputs)" };
        var classes = new Option<string?>("--classes") { Description = "Class names, comma-separated (default: the adapter's)" };
        var publish = new Command("publish", "Upload a model file to the object store (sha256 computed) and publish it as a version")
            { file, version, modelId, adapter, classes };
        publish.SetAction((r, ct) => Run(r, ct, c => c.PostFileAsync(
            $"/rollouts/models?modelId={Segment(r.GetValue(modelId))}&version={Segment(r.GetValue(version))}" +
            (r.GetValue(adapter) is { } a ? $"&adapter={Segment(a)}" : "") + (r.GetValue(classes) is { } k ? $"&classes={Segment(k)}" : ""),
            r.GetValue(file)!, ct), RegistryTable));

        var rolloutVersion = new Argument<string>("version") { Description = "A published version" };
        var site = new Option<string?>("--site") { Description = "One site first (a staged rollout); without it: every site" };
        var wait = new Option<bool>("--wait") { Description = "Show the sites switching (a progress bar on stderr) until every targeted site runs the version" };
        var waitTimeout = new Option<TimeSpan>("--wait-timeout") { Description = "How long --wait waits (e.g. 00:10:00)", DefaultValueFactory = _ => TimeSpan.FromMinutes(10) };
        var rollout = new Command("rollout", "Roll a version out to one site (--site) or to all") { rolloutVersion, site, wait, waitTimeout };
        rollout.SetAction((r, ct) => Run(r, ct, async c =>
        {
            var registry = await c.PostAsync("/rollouts/rollout", new { version = r.GetValue(rolloutVersion), site = r.GetValue(site) }, ct);
            return r.GetValue(wait) ? await RolloutWait.UntilRunningAsync(c, r.GetValue(rolloutVersion)!, r.GetValue(site), r.GetValue(waitTimeout), ct) : registry;
        }, answer => answer.At("registry") is not null ? RolloutsTable(answer) : RegistryTable(answer)));
        var abort = new Command("abort", "Drop staged versions (--site: that site's): the sites follow the fleet's version again") { site };
        abort.SetAction((r, ct) => Run(r, ct, c => c.PostAsync("/rollouts/abort", new { site = r.GetValue(site) }, ct), RegistryTable));
        var rollback = new Command("rollback", "Undo the last rollout of one site (--site) or of the fleet") { site };
        rollback.SetAction((r, ct) => Run(r, ct, c => c.PostAsync("/rollouts/rollback", new { site = r.GetValue(site) }, ct), RegistryTable));
        return new Command("model", "Model versions and their rollout to sites") { show, publish, rollout, abort, rollback };
    }

    private static Command ThresholdCommands()
    {
        var site = new Argument<string>("site") { Description = "The site, or 'all' for every site without its own thresholds" };
        var get = new Command("get", "The router thresholds the site is assigned") { site };
        get.SetAction((r, ct) => Run(r, ct, c => c.GetAsync($"/rollouts/thresholds/{Segment(r.GetValue(site))}", ct), ThresholdsOf));
        var accept = new Option<float>("--accept") { Description = "Boxes at or above this score are labels (0-1)", Required = true };
        var reject = new Option<float>("--reject") { Description = "Boxes below this score are noise (0-1, at most --accept)", Required = true };
        var set = new Command("set", "Roll out new router thresholds to the site (or 'all')") { site, accept, reject };
        set.SetAction((r, ct) => Run(r, ct, c => c.PostAsync("/rollouts/thresholds",
            new { site = r.GetValue(site) == "all" ? null : r.GetValue(site), accept = r.GetValue(accept), reject = r.GetValue(reject) }, ct), RegistryTable));
        return new Command("thresholds", "Router thresholds per site") { get, set };
    }

    private static string ThresholdsOf(JsonElement answer) =>
        answer.At("thresholds") is { ValueKind: JsonValueKind.Object } t
            ? $"site {answer.Text("site")}: accept {t.Text("accept")}, reject {t.Text("reject")} (revision {t.Text("revision")})\n"
            : $"site {answer.Text("site")}: the configured thresholds (none rolled out)\n";

    private static string RolloutsTable(JsonElement answer)
    {
        var sites = new Table("site", "running", "model", "thresholds rev", "installing", "last error", "stale");
        foreach (var s in answer.Items("sites"))
            sites.Add(s.Text("site"), s.Text("active", "version"), s.Text("active", "id"), s.Text("thresholdsRevision"), s.Text("installing"),
                s.Text("lastError"), s.At("stale")?.GetBoolean());
        return RegistryTable(answer.At("registry") ?? default) + "\nsites report:\n" + sites;
    }

    private static string RegistryTable(JsonElement registry)
    {
        var text = new StringBuilder();
        var releases = new Table("version", "model", "sha256", "bytes", "adapter", "published");
        foreach (var r in registry.Items("releases"))
            releases.Add(r.Text("version"), r.Text("modelId"), r.Text("sha256")?[..12], r.Text("sizeBytes"), r.Text("adapter"), r.Text("publishedAt"));
        text.Append(releases).AppendLine();
        text.AppendLine($"fleet: {registry.Text("fleetVersion") ?? "(configured model)"}; thresholds: " +
                        (registry.At("fleetThresholds") is { ValueKind: JsonValueKind.Object } t ? $"accept {t.Text("accept")}, reject {t.Text("reject")} (revision {t.Text("revision")})" : "(configured)"));
        var staged = new Table("site", "staged version", "thresholds");
        var siteVersions = registry.At("siteVersions");
        var siteThresholds = registry.At("siteThresholds");
        var names = new SortedSet<string>(StringComparer.Ordinal);
        if (siteVersions is { ValueKind: JsonValueKind.Object } v) foreach (var p in v.EnumerateObject()) names.Add(p.Name);
        if (siteThresholds is { ValueKind: JsonValueKind.Object } th) foreach (var p in th.EnumerateObject()) names.Add(p.Name);
        foreach (var name in names)
            staged.Add(name, siteVersions?.Text(name),
                siteThresholds?.At(name) is { ValueKind: JsonValueKind.Object } st ? $"{st.Text("accept")}/{st.Text("reject")} (rev {st.Text("revision")})" : null);
        return text.Append(staged).ToString();
    }
}
