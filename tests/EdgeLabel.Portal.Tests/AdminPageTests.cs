using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using EdgeLabel.EndToEnd.Tests.Support;
using EdgeLabel.EndToEnd.Tests.Support.Cluster;
using Microsoft.Playwright;

namespace EdgeLabel.Portal.Tests;

/// <summary>The admin page over the whole loop, as real processes: an edge site decides sample photos (some audited, some
/// for review, the rest auto-labeled and left at the edge), the cloud batches the review and audit images into a job of
/// its embedded service, two labelers answer it over the task API (one copies the model's boxes, the other drops one),
/// and the human labels are merged. Then the admin signs in with the admin token and sees the job with its counters,
/// both labelers with throughput and agreement, the precision of the audited auto-labels, and the dataset with machine
/// and human boxes (filtered, paged). Labelers are kept out of the admin API (403), the admin out of the task API
/// (403), strangers get 401, and the admin token never reaches a log.</summary>
public sealed class AdminPageTests(ITestOutputHelper output)
{
    private const string Admin = "/labeling/api/admin";

    [Fact]
    public async Task The_admin_sees_jobs_labelers_precision_and_the_dataset_with_machine_and_human_boxes_while_labelers_are_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = Stopwatch.StartNew();
        string inbox = "";
        await using var site = await PortalSite.StartAsync("portal-admin", output, ct,
            cloudHocon: ["cloud.labeling { max-batch-age = 1s, batch-check-interval = 200ms, poll-initial = 300ms, poll-max = 1s, workers-per-object = 2 }"],
            addEdge: (cluster, cloud) =>
            {
                inbox = cluster.Temp.Sub("inbox");
                return cluster.AddEdge("site-a", new Dictionary<string, string> { ["gate"] = SiteConfig.DirectoryCamera(inbox) }, extraHocon:
                [
                    // Uploads land in the cloud's store, where the labelers' tasks and the admin's gallery read them;
                    // auto-labeled images are not uploaded, so the gallery shows them as placeholders.
                    $"store.local-root = {SiteConfig.Quote(Path.Combine(cloud.Directory, "object-store"))}",
                    "upload.auto-labeled = off",
                    "router { audit-share = 0.5, audit-seed = 1 }",
                ]);
            });
        output.WriteLine($"cloud and edge up after {clock.Elapsed.TotalSeconds:0.0}s");
        var token = site.Cluster.AdminToken;

        // ---- the loop: photos decided and delivered, review/audit images labeled by w1 and w2, merged ----
        var photos = TestData.DlibPhotos.Take(8).ToArray();
        foreach (var photo in photos) ImageFolder.Write(inbox, Path.GetFileName(photo), File.ReadAllBytes(photo));
        // Every record acknowledged; the auto-labeled images wait in the outbox for good (their uploads are off).
        var edge = await site.Edge!.WaitForStatusAsync(s => s.Decisions.Total == photos.Length && s.CamerasDone && s.Outbox is { Depth: var depth }
                && depth == s.Decisions.AutoLabeled && s.Delivery is { Pending: 0, AwaitingUpload: 0 } d && d.Acknowledged == d.Queued && d.Queued == s.ExpectedRecords,
            PortalSite.Patience, $"all {photos.Length} photos decided, review/audit ones uploaded, every record acknowledged", ct);
        output.WriteLine($"edge: {edge}");
        var (audit, review, auto) = (edge.Decisions.Audit, edge.Decisions.Review, edge.Decisions.AutoLabeled);
        Assert.True(audit > 0 && auto > 0, $"the photos need both audited and auto-labeled images: {edge}");
        var answers = await LabelEverythingAsync(site, audit + review, ct);
        output.WriteLine($"labeled and merged after {clock.Elapsed.TotalSeconds:0.0}s: {string.Join(", ", answers.Select(a => $"{a.Key} {a.Value}"))}");

        // ---- outside the browser: who may read the admin API ----
        using (var anonymous = new HttpClient { BaseAddress = new Uri(site.Cloud.HttpUrl) })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"{Admin}/jobs", ct)).StatusCode);
            anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-admin-token-0123456789");
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"{Admin}/labelers", ct)).StatusCode);
        }
        using (var labeler = site.ScriptOf("w1"))
        {
            var refused = await labeler.GetAsync($"{Admin}/jobs", ct);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("admin token", await refused.Content.ReadAsStringAsync(ct));
        }
        using var script = new HttpClient { BaseAddress = new Uri(site.Cloud.HttpUrl), DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
        var jobs = JsonNode.Parse(await script.GetStringAsync($"{Admin}/jobs", ct))!;
        output.WriteLine(jobs.ToJsonString());
        var jobList = jobs["jobs"]!.AsArray();
        Assert.NotEmpty(jobList);
        Assert.All(jobList, j => Assert.Equal(("Completed", "default"), (j!["status"]!.GetValue<string>(), j["project"]!.GetValue<string>())));
        Assert.Equal(audit + review, jobList.Sum(j => j!["labelCounters"]!["humanLabeled"]!.GetValue<int>()));
        Assert.Equal(0, jobs["projects"]![0]!["labeling"]!["pending"]!.GetValue<int>());
        var page = JsonNode.Parse(await script.GetStringAsync($"{Admin}/datasets/default/images?status=auto-labeled&limit=1", ct))!;
        Assert.Equal(auto, page["total"]!.GetValue<int>());
        var autoImage = page["images"]![0]!;
        // Auto-labeled images stayed at the edge: no object in the cloud's store.
        Assert.Equal(HttpStatusCode.NotFound, (await script.GetAsync(autoImage["imageUrl"]!.GetValue<string>(), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await script.GetAsync($"{Admin}/datasets/default/images/..%2F..%2Fetc%2Fpasswd/image", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await script.GetAsync($"{Admin}/datasets/default/images/{new string('a', 64)}/image", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await script.GetAsync($"{Admin}/datasets/nope/images", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await script.GetAsync($"{Admin}/datasets/default/images?limit=101", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await script.GetAsync($"{Admin}/datasets/default/images?status=lost", ct)).StatusCode);

        // ---- a labeler's session: no admin link, 403 from the admin API and the admin page ----
        var labelerPage = await site.NewPageAsync();
        await PortalSite.SignInAsync(labelerPage, "w1", PortalSite.PasswordOf("w1"));
        Assert.False(await labelerPage.Locator("#admin-link").IsVisibleAsync());
        Assert.Equal(403, await labelerPage.EvaluateAsync<int>("async url => (await fetch(url)).status", $"{Admin}/jobs"));
        await labelerPage.GotoAsync("/labeling/admin");
        await labelerPage.WaitForSelectorAsync("body[data-state=error]");
        Assert.Equal("403", await labelerPage.GetAttributeAsync("body", "data-http-status"));

        // ---- the admin signs in on the same page as the labelers, with the admin token ----
        var adminPage = await site.NewPageAsync();
        await PortalSite.SignInAsync(adminPage, "admin", token, "/labeling/"); // the queue: only a link for the admin
        Assert.True(await adminPage.Locator("#admin-link").IsVisibleAsync());
        Assert.Equal(403, await adminPage.EvaluateAsync<int>("async () => (await fetch('/labeling/api/tasks')).status"));
        await adminPage.ClickAsync("#admin-link");
        await adminPage.WaitForURLAsync("**/labeling/admin", PortalSite.UrlOnly);
        await adminPage.WaitForSelectorAsync("body[data-state=ready]");
        Assert.Equal("admin", await adminPage.TextContentAsync("#who"));

        // Jobs: each Completed, with its counters and a full progress bar.
        var rows = adminPage.Locator("#jobs tbody tr");
        Assert.Equal(jobList.Count, await rows.CountAsync());
        foreach (var job in jobList)
        {
            var row = adminPage.Locator($"#jobs tbody tr[data-job='{job!["name"]!.GetValue<string>()}']");
            Assert.Equal("Completed", await row.GetAttributeAsync("data-status"));
            var cells = await row.Locator("td").AllTextContentsAsync();
            var c = job["labelCounters"]!;
            Assert.Equal([c["totalLabeled"]!.ToString(), c["humanLabeled"]!.ToString(), "0", "0", "0"], cells.Skip(4).Take(5));
            Assert.Equal(job["dataObjects"]!.ToString(), await row.Locator("progress").GetAttributeAsync("value"));
        }

        // Labelers: both answered every review/audit image; w1 copied the consolidated boxes, w2 left one out each time.
        var w1 = await LabelerRowAsync(adminPage, "w1");
        var w2 = await LabelerRowAsync(adminPage, "w2");
        output.WriteLine($"w1: {string.Join(" | ", w1)}\nw2: {string.Join(" | ", w2)}");
        Assert.Equal((audit + review).ToString(), w1[2]);
        Assert.Equal((audit + review).ToString(), w2[2]);
        Assert.Equal((audit + review).ToString(), w1[5]); // all in the last hour
        Assert.EndsWith(" s", w1[6]);
        Assert.Equal(("100.0 %", (audit + review).ToString()), (w1[7], w1[8]));
        Assert.NotEqual("100.0 %", w2[7]);
        await adminPage.ScreenshotAsync(new PageScreenshotOptions { Path = PortalSite.ScreenshotPath("admin-jobs.png") });

        // Precision of the audited auto-labels: the labelers confirmed every machine box.
        Assert.Equal(1, await adminPage.Locator("#precision tbody tr").CountAsync());
        var precision = await adminPage.Locator("#precision tbody tr td").AllTextContentsAsync();
        output.WriteLine($"precision: {string.Join(" | ", precision)}");
        Assert.Equal(("face", "blazeface-back-256", "100.0 %"), (precision[0], precision[1], precision[5]));
        Assert.Equal(precision[3], precision[4]); // every machine box matched
        Assert.Matches(@"^\d+\.\d % – 100\.0 %$", precision[6]);

        // The gallery: audited images with dashed machine boxes and solid human ones, reviewed images with human boxes
        // only, auto-labeled ones as grey placeholders with their size.
        await WaitForGalleryAsync(adminPage);
        var cards = await CardsAsync(adminPage);
        Assert.Equal(photos.Length, cards.Count);
        Assert.All(cards.Where(c => c.Status == "audited"), c => Assert.True(c is { Image: "loaded", Machine: > 0, Human: > 0 }, c.ToString()));
        Assert.All(cards.Where(c => c.Status == "reviewed"), c => Assert.True(c is { Image: "loaded", Machine: 0 }, c.ToString()));
        Assert.All(cards.Where(c => c.Status == "auto-labeled"), c => Assert.True(c is { Image: "missing", Human: 0 }, c.ToString()));
        Assert.Equal((audit, review, auto), (cards.Count(c => c.Status == "audited"), cards.Count(c => c.Status == "reviewed"), cards.Count(c => c.Status == "auto-labeled")));
        var machineBox = adminPage.Locator(".image-card[data-status=audited] .box.machine").First;
        Assert.Equal("blazeface-back-256", await machineBox.GetAttributeAsync("data-model"));
        Assert.Matches(@"^face · blazeface-back-256 [01]\.\d\d$", await machineBox.TextContentAsync());
        Assert.Equal("dashed", await machineBox.EvaluateAsync<string>("b => getComputedStyle(b).borderTopStyle"));
        var humanBoxes = adminPage.Locator(".image-card[data-status=audited] .box.human");
        var drawnBy = await humanBoxes.EvaluateAllAsync<string[]>("bs => bs.map(b => b.dataset.workers.split(',').sort().join(','))");
        Assert.Contains("w1,w2", drawnBy); // both drew it; the boxes w2 left out name w1 alone
        Assert.All(drawnBy, w => Assert.Contains(w, new[] { "w1,w2", "w1" }));
        Assert.Equal("solid", await humanBoxes.First.EvaluateAsync<string>("b => getComputedStyle(b).borderTopStyle"));
        Assert.Contains("×", await adminPage.Locator(".image-card[data-status=auto-labeled] .placeholder-text").First.TextContentAsync());
        await adminPage.Locator("#gallery-section").ScreenshotAsync(new LocatorScreenshotOptions { Path = PortalSite.ScreenshotPath("admin-gallery.png") });

        // Filter by status, then page through two at a time.
        await adminPage.SelectOptionAsync("#status-filter", "audited");
        await adminPage.WaitForFunctionAsync("n => document.getElementById('gallery').dataset.total === String(n)", audit);
        Assert.All(await CardsAsync(adminPage), c => Assert.Equal("audited", c.Status));
        await adminPage.GotoAsync("/labeling/admin?limit=2");
        await adminPage.WaitForSelectorAsync("body[data-state=ready]");
        Assert.Equal($"1–2 of {photos.Length}", await adminPage.TextContentAsync("#page-info"));
        var first = (await CardsAsync(adminPage)).Select(c => c.ContentId).ToArray();
        await adminPage.ClickAsync("#next");
        await adminPage.WaitForFunctionAsync("() => document.getElementById('gallery').dataset.offset === '2'");
        var second = (await CardsAsync(adminPage)).Select(c => c.ContentId).ToArray();
        Assert.Equal(2, second.Length);
        Assert.Empty(first.Intersect(second));
        Assert.Equal($"3–4 of {photos.Length}", await adminPage.TextContentAsync("#page-info"));
        // The edge reports to the cloud: its outbox holds exactly the auto-labeled images (their uploads are off).
        await adminPage.WaitForSelectorAsync("#sites-table tr[data-site=site-a]", new PageWaitForSelectorOptions { Timeout = 30_000 });
        var siteRow = adminPage.Locator("#sites-table tr[data-site=site-a] td");
        Assert.Equal(auto.ToString(), await siteRow.Nth(1).TextContentAsync());
        Assert.Equal(photos.Length.ToString(), await siteRow.Nth(8).TextContentAsync());
        Assert.Equal("false", await adminPage.GetAttributeAsync("#sites-table tr[data-site=site-a]", "data-stale"));

        // The admin token was typed into a page and sent as a bearer token: it is in no log.
        Assert.DoesNotContain(token, site.Cloud.FullLogs());
        Assert.DoesNotContain(token, site.Edge!.FullLogs());
        output.WriteLine($"done after {clock.Elapsed.TotalSeconds:0.0}s");
    }

    /// <summary>Both labelers answer every task of theirs through the task API until every review/audit image is merged:
    /// w1 sends the model's boxes as they are, w2 leaves the last one out. Returns the answers per labeler.</summary>
    private static async Task<IReadOnlyDictionary<string, int>> LabelEverythingAsync(PortalSite site, int humans, CancellationToken ct)
    {
        var answered = PortalSite.Workers.ToDictionary(w => w, _ => 0);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            foreach (var worker in PortalSite.Workers)
            {
                using var http = site.ScriptOf(worker);
                var list = JsonNode.Parse(await http.GetStringAsync("/labeling/api/tasks", ct))!;
                foreach (var t in list["tasks"]!.AsArray())
                {
                    var id = t!["taskId"]!.GetValue<string>();
                    var task = JsonNode.Parse(await http.GetStringAsync($"/labeling/api/tasks/{id}", ct))!;
                    var boxes = (task["preAnnotations"] as JsonArray ?? []).Select(p => (JsonNode)new JsonObject
                    {
                        ["label"] = p!["label"]!.GetValue<string>(), ["left"] = p["left"]!.GetValue<double>(), ["top"] = p["top"]!.GetValue<double>(),
                        ["width"] = p["width"]!.GetValue<double>(), ["height"] = p["height"]!.GetValue<double>(),
                    }).ToList();
                    if (worker == "w2" && boxes.Count > 0) boxes.RemoveAt(boxes.Count - 1);
                    var answer = new JsonObject
                    {
                        ["boundingBox"] = new JsonObject
                        {
                            ["boundingBoxes"] = new JsonArray([.. boxes]),
                            ["inputImageProperties"] = new JsonObject { ["width"] = task["imageSize"]!["width"]!.GetValue<int>(), ["height"] = task["imageSize"]!["height"]!.GetValue<int>() },
                        },
                    };
                    var response = await http.PostAsync($"/labeling/api/tasks/{id}/answer", new StringContent(answer.ToJsonString(), System.Text.Encoding.UTF8, "application/json"), ct);
                    Assert.True(response.IsSuccessStatusCode, $"{worker}'s answer to {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
                    answered[worker]++;
                }
            }
            var stats = await site.Cloud.TryGetStatsAsync(ct: ct);
            if (stats is not null && stats.ByStatus.GetValueOrDefault("awaiting-review") == 0
                                  && stats.ByStatus.GetValueOrDefault("reviewed") + stats.ByStatus.GetValueOrDefault("audited") == humans)
                return answered;
            if (clock.Elapsed > PortalSite.Patience)
                site.Cluster.Fail($"the {humans} review/audit images were not all labeled and merged after {clock.Elapsed.TotalSeconds:0}s: {stats}; answers {string.Join(", ", answered)}");
            await Task.Delay(300, ct);
        }
    }

    private static async Task<IReadOnlyList<string>> LabelerRowAsync(IPage page, string worker) =>
        await page.Locator($"#labelers tbody tr[data-worker='{worker}'] td").AllTextContentsAsync();

    private sealed record Card(string ContentId, string Status, string Image, int Machine, int Human);

    private static async Task WaitForGalleryAsync(IPage page) =>
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.image-card')].every(c => c.dataset.image !== 'pending')");

    private static async Task<IReadOnlyList<Card>> CardsAsync(IPage page)
    {
        await WaitForGalleryAsync(page);
        var cards = await page.Locator(".image-card").EvaluateAllAsync<Dictionary<string, string>[]>("""
            cs => cs.map(c => ({ contentId: c.dataset.contentId, status: c.dataset.status, image: c.dataset.image,
              machine: String(c.querySelectorAll('.box.machine').length), human: String(c.querySelectorAll('.box.human').length) }))
            """);
        return cards.Select(c => new Card(c["contentId"], c["status"], c["image"], int.Parse(c["machine"]), int.Parse(c["human"]))).ToArray();
    }
}
