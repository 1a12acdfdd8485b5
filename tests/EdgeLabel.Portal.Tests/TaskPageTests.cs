using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using EdgeLabel.EndToEnd.Tests.Support;
using EdgeLabel.GroundTruth.Api;
using Microsoft.Playwright;

namespace EdgeLabel.Portal.Tests;

/// <summary>The labeling portal in a real browser against a real cloud node: a labeler signs in, edits the model's
/// boxes on the task page (move, draw, delete, class by key), survives a reload, submits with Enter; the job completes
/// and its output manifest holds exactly those boxes in image pixels. Another labeler gets 403 for the task (an
/// unknown task is 404), and a request with a wrong CSRF token changes nothing. A second job covers resizing by a
/// corner, undo (button and Ctrl+Z), "Nothing to label" and skipping.</summary>
public sealed class TaskPageTests(ITestOutputHelper output)
{
    private const string Job = "portal-faces-1";

    private sealed record Box(string Label, double Left, double Top, double Width, double Height)
    {
        public override string ToString() => $"{Label} ({Left:0.#}, {Top:0.#}, {Width:0.#}x{Height:0.#})";
    }

    [Fact]
    public async Task A_labeler_edits_the_model_boxes_in_the_browser_and_the_job_completes_with_exactly_those_boxes_in_pixels()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = Stopwatch.StartNew();
        await using var site = await PortalSite.StartAsync("portal-task", output, ct);
        output.WriteLine($"node and browser up after {clock.Elapsed.TotalSeconds:0.0}s");

        // One photo, three model boxes: A is right but misplaced (moved), B is false (deleted), C is right (kept).
        var photo = TestData.DlibPhotos[0];
        var pre = new JsonArray(
            Pre("face", 0.10, 0.10, 0.20, 0.20, 0.91),
            Pre("face", 0.62, 0.08, 0.15, 0.15, 0.35),
            Pre("face", 0.10, 0.60, 0.20, 0.25, 0.77));
        // Pre-annotations are fractions here and become pixels once the image size is known (below, from the task API).
        var (owner, taskId, w, h) = await CreateJobAndFindTaskAsync(site, photo, pre, ct);
        var other = PortalSite.Workers.Single(x => x != owner);
        var model = pre.Select(p => new Box(p!["label"]!.GetValue<string>(), p["left"]!.GetValue<double>(), p["top"]!.GetValue<double>(),
            p["width"]!.GetValue<double>(), p["height"]!.GetValue<double>())).ToArray();

        // ---- sign in, the queue, the task with the model's boxes ----
        var page = await site.NewPageAsync();
        await PortalSite.SignInAsync(page, owner, PortalSite.PasswordOf(owner));
        Assert.Equal("1", await page.TextContentAsync("#open-count"));
        Assert.Equal(1, await page.Locator("#tasks li").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = PortalSite.ScreenshotPath("portal-queue.png") });
        await page.ClickAsync("#next");
        await page.WaitForURLAsync($"**/labeling/tasks/{taskId}", PortalSite.UrlOnly);
        await page.WaitForSelectorAsync("body[data-state=ready]");
        Assert.Equal("false", await page.GetAttributeAsync("body", "data-restored"));

        var listed = await ListedBoxesAsync(page);
        Assert.Equal(3, listed.Count);
        Assert.All(listed, b => Assert.Equal("model", b.Source));
        Assert.Equal([0.91, 0.35, 0.77], listed.Select(b => b.Score));
        Assert.Contains("model 0.91", await page.TextContentAsync("#boxes li:nth-child(1)"));
        Assert.Equal(["face", "hand"], await page.Locator("#label option").EvaluateAllAsync<string[]>("os => os.map(o => o.value)"));
        // The timer runs against the job's TaskTimeLimitInSeconds (300 s): 5:00 or a second or two less.
        Assert.Matches(@"^Time left: (5:00|4:5\d)$", await page.Locator("#timer").InnerTextAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = PortalSite.ScreenshotPath("portal-task-pre-annotations.png") });

        var view = await ViewAsync(page);
        output.WriteLine($"image {w}x{h}, canvas scale {view.Scale:0.###}, offset ({view.Ox:0.#}, {view.Oy:0.#})");
        Assert.InRange(view.Scale, 0.2, 10);

        // Move A by (60, 40) screen pixels, dragging it by its middle.
        var (ax, ay) = view.ToScreen(model[0].Left + model[0].Width / 2, model[0].Top + model[0].Height / 2);
        await DragAsync(page, ax, ay, ax + 60, ay + 40);
        var movedA = model[0] with { Left = model[0].Left + 60 / view.Scale, Top = model[0].Top + 40 / view.Scale };

        // Delete B: click it, Delete.
        var (bx, by) = view.ToScreen(model[1].Left + model[1].Width / 2, model[1].Top + model[1].Height / 2);
        await page.Mouse.ClickAsync((float)bx, (float)by);
        await page.Keyboard.PressAsync("Delete");

        // Draw D on an empty part of the image, then make it a "hand" with key 2 (the drawn box is the selected one).
        var (d1x, d1y) = view.ToScreen(w * 0.55, h * 0.55);
        var (d2x, d2y) = view.ToScreen(w * 0.85, h * 0.85);
        await DragAsync(page, d1x, d1y, d2x, d2y);
        await page.Keyboard.PressAsync("2");
        var drawnD = new Box("hand", (d1x - view.Left - view.Ox) / view.Scale, (d1y - view.Top - view.Oy) / view.Scale,
            (d2x - d1x) / view.Scale, (d2y - d1y) / view.Scale);

        var expected = new[] { movedA, model[2], drawnD };
        var edited = await ListedBoxesAsync(page);
        output.WriteLine("after editing: " + string.Join("; ", edited));
        AssertSameBoxes("the page's list after editing", expected, edited.Select(b => b.Box).ToArray());
        Assert.Equal(["model", "model", "human"], edited.Select(b => b.Source));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = PortalSite.ScreenshotPath("portal-task-edited.png") });

        // ---- a reload restores the draft, box for box ----
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("body[data-state=ready]");
        Assert.Equal("true", await page.GetAttributeAsync("body", "data-restored"));
        Assert.Equal(edited, await ListedBoxesAsync(page));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = PortalSite.ScreenshotPath("portal-task-draft-restored.png") });

        // ---- a wrong or missing CSRF token: 403, and the task stays open ----
        var answer = """{"boundingBox":{"boundingBoxes":[],"inputImageProperties":{"width":W,"height":H}}}""".Replace("W", w.ToString()).Replace("H", h.ToString());
        foreach (var csrf in new[] { "wrong-token", null })
        {
            var status = await page.EvaluateAsync<int>("""
                async ([url, body, csrf]) => {
                  const headers = { 'Content-Type': 'application/json' };
                  if (csrf) headers['X-EdgeLabel-CSRF'] = csrf;
                  return (await fetch(url, { method: 'POST', headers, body, credentials: 'same-origin' })).status;
                }
                """, new object?[] { $"/labeling/api/tasks/{taskId}/answer", answer, csrf });
            Assert.True(status == 403, $"an answer with CSRF token '{csrf ?? "(none)"}' answered {status}, not 403");
        }
        var declineStatus = await page.EvaluateAsync<int>(
            "async url => (await fetch(url, { method: 'POST', headers: { 'X-EdgeLabel-CSRF': 'nope' } })).status", $"/labeling/api/tasks/{taskId}/decline");
        Assert.Equal(403, declineStatus);
        using (var script = site.ScriptOf(owner))
            Assert.Equal(HttpStatusCode.OK, (await script.GetAsync($"/labeling/api/tasks/{taskId}", ct)).StatusCode); // still open
        Assert.Equal(LabelingJobStatus.InProgress, (await site.WaitForJobAsync(Job, LabelingJobStatus.InProgress, ct)).LabelingJobStatus);

        // ---- the other labeler: signed in, but the task is not theirs ----
        var stranger = await site.NewPageAsync();
        await PortalSite.SignInAsync(stranger, other, PortalSite.PasswordOf(other), $"/labeling/tasks/{taskId}"); // back to the task after sign-in
        Assert.EndsWith($"/labeling/tasks/{taskId}", stranger.Url);
        Assert.Equal("error", await stranger.GetAttributeAsync("body", "data-state"));
        Assert.Equal("403", await stranger.GetAttributeAsync("body", "data-http-status")); // it exists, and is not theirs
        Assert.Equal("This task is not yours", await stranger.TextContentAsync("#title"));
        Assert.Equal(0, await stranger.Locator("#boxes li").CountAsync());
        Assert.Equal(403, await stranger.EvaluateAsync<int>("async url => (await fetch(url)).status", $"/labeling/api/tasks/{taskId}/image"));
        Assert.Equal(403, await stranger.EvaluateAsync<int>("""
            async url => (await fetch(url, { method: 'POST', headers: { 'X-EdgeLabel-CSRF': JSON.parse(
              await (await fetch('/labeling/api/session')).text()).csrfToken } })).status
            """, $"/labeling/api/tasks/{taskId}/decline"));
        Assert.Equal(404, await stranger.EvaluateAsync<int>("async url => (await fetch(url)).status", "/labeling/api/tasks/0123456789abcdef01234567"));
        await stranger.ScreenshotAsync(new PageScreenshotOptions { Path = PortalSite.ScreenshotPath("portal-task-other-labeler.png") });

        // ---- Enter submits; the portal goes back to the (now empty) queue ----
        await page.FocusAsync("#canvas");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/labeling/", PortalSite.UrlOnly);
        await page.WaitForSelectorAsync("body[data-state=ready]");
        Assert.Equal("0", await page.TextContentAsync("#open-count"));
        Assert.Equal("1", await page.TextContentAsync("#answered-count"));
        Assert.Null(await page.EvaluateAsync<string?>("key => localStorage.getItem(key)", $"edgelabel.draft.{owner}.{taskId}"));

        // ---- the job completes, and its output holds exactly the edited boxes, in image pixels ----
        var done = await site.WaitForJobAsync(Job, LabelingJobStatus.Completed, ct);
        Assert.Equal((1, 1, 0), (done.LabelCounters.TotalLabeled, done.LabelCounters.HumanLabeled, done.LabelCounters.FailedNonRetryableError));
        var manifest = File.ReadAllLines(Path.Combine(site.BucketDir, "output", Job, "manifests", "output", "output.manifest"));
        output.WriteLine(string.Join("\n", manifest));
        var line = JsonNode.Parse(Assert.Single(manifest))!;
        var classMap = line["faces-metadata"]!["class-map"]!.AsObject().ToDictionary(p => int.Parse(p.Key), p => p.Value!.GetValue<string>());
        Assert.Equal(w, line["faces"]!["image_size"]![0]!["width"]!.GetValue<int>());
        Assert.Equal(h, line["faces"]!["image_size"]![0]!["height"]!.GetValue<int>());
        var written = line["faces"]!["annotations"]!.AsArray().Select(a => new Box(classMap[a!["class_id"]!.GetValue<int>()],
            a["left"]!.GetValue<double>(), a["top"]!.GetValue<double>(), a["width"]!.GetValue<double>(), a["height"]!.GetValue<double>())).ToArray();
        AssertSameBoxes("the output manifest", expected, written, inOrder: false);
        output.WriteLine($"first job done after {clock.Elapsed.TotalSeconds:0.0}s");

        await SecondJobAsync(site, new Dictionary<string, IPage> { [owner] = page, [other] = stranger }, ct);
        output.WriteLine($"done after {clock.Elapsed.TotalSeconds:0.0}s");
    }

    /// <summary>A second job, one photo for each labeler. One resizes the model's box by its corner and undoes it (button),
    /// deletes it and gets it back (Ctrl+Z), is warned when submitting no boxes with Enter, then answers "Nothing to
    /// label"; the other skips (S, confirmed). The job completes with the first object labeled empty and the second
    /// failed, nobody having answered it.</summary>
    private async Task SecondJobAsync(PortalSite site, IReadOnlyDictionary<string, IPage> pages, CancellationToken ct)
    {
        const string job = "portal-faces-2";
        var photos = TestData.DlibPhotos.Skip(1).Take(2).ToArray();
        var objects = photos.Select(photo =>
        {
            var (w, h) = JpegSize(photo);
            return (photo, new JsonArray(Pre("face", Math.Round(0.25 * w), Math.Round(0.25 * h), Math.Round(0.3 * w), Math.Round(0.3 * h), 0.66)));
        }).ToArray();
        await site.CreateJobAsync(job, objects, ct);
        var tasks = await site.OpenTasksAsync(ct);
        Assert.Equal(2, tasks.Count);
        Assert.Equal(2, tasks.Select(t => t.Worker).Distinct().Count()); // the job starts at one labeler and goes round
        var (nothingWorker, nothingTask) = tasks[0];
        var (skipWorker, skipTask) = tasks[1];
        int nothingIndex;
        using (var script = site.ScriptOf(nothingWorker))
            nothingIndex = JsonNode.Parse(await script.GetStringAsync($"/labeling/api/tasks/{nothingTask}", ct))!["dataObjectIndex"]!.GetValue<int>();

        // ---- resize by the bottom-right corner, Undo; Delete, Enter warns, Ctrl+Z; then "Nothing to label" ----
        var page = pages[nothingWorker];
        await page.GotoAsync($"/labeling/tasks/{nothingTask}");
        await page.WaitForSelectorAsync("body[data-state=ready]");
        var model = Assert.Single(await ListedBoxesAsync(page));
        var view = await ViewAsync(page);
        var (cx, cy) = view.ToScreen(model.Box.Left + model.Box.Width, model.Box.Top + model.Box.Height);
        await DragAsync(page, cx, cy, cx + 50, cy + 40);
        var resized = Assert.Single(await ListedBoxesAsync(page));
        AssertSameBoxes("after the resize", [model.Box with { Width = model.Box.Width + 50 / view.Scale, Height = model.Box.Height + 40 / view.Scale }], [resized.Box]);
        Assert.Equal(("model", "true"), (resized.Source, await page.GetAttributeAsync("#boxes li", "data-edited")));
        await page.ClickAsync("#undo");
        Assert.Equal(new[] { model }, await ListedBoxesAsync(page));

        await page.FocusAsync("#canvas");
        await page.Keyboard.PressAsync("Delete");
        Assert.Empty(await ListedBoxesAsync(page));
        await page.Keyboard.PressAsync("Enter"); // no boxes: a warning, nothing is sent yet
        Assert.Contains("No boxes", await page.TextContentAsync("#status"));
        Assert.Equal("ready", await page.GetAttributeAsync("body", "data-state"));
        await page.Keyboard.PressAsync("Control+z");
        Assert.Equal(new[] { model }, await ListedBoxesAsync(page));
        await page.ClickAsync("#nothing"); // the model was wrong: there is nothing to label, whatever boxes are drawn
        await page.WaitForURLAsync("**/labeling/", PortalSite.UrlOnly);
        await page.WaitForSelectorAsync("body[data-state=ready]");

        // ---- the other labeler skips with S and confirms ----
        var skipper = pages[skipWorker];
        skipper.Dialog += (_, dialog) => dialog.AcceptAsync(); // the "Skip this task?" confirmation
        await skipper.GotoAsync($"/labeling/tasks/{skipTask}");
        await skipper.WaitForSelectorAsync("body[data-state=ready]");
        await skipper.FocusAsync("#canvas");
        await skipper.Keyboard.PressAsync("s");
        await skipper.WaitForURLAsync("**/labeling/", PortalSite.UrlOnly);
        await skipper.WaitForSelectorAsync("body[data-state=ready]");
        Assert.Equal(("0", "1"), (await skipper.TextContentAsync("#open-count"), await skipper.TextContentAsync("#declined-count")));
        using (var script = site.ScriptOf(skipWorker))
            Assert.Equal(HttpStatusCode.Conflict, (await script.GetAsync($"/labeling/api/tasks/{skipTask}", ct)).StatusCode); // declined: closed

        // ---- the output: the answered object labeled with no boxes, the skipped one failed ----
        var done = await site.WaitForJobAsync(job, LabelingJobStatus.Completed, ct);
        Assert.Equal((1, 1, 0), (done.LabelCounters.HumanLabeled, done.LabelCounters.FailedNonRetryableError, done.LabelCounters.Unlabeled));
        var lines = File.ReadAllLines(Path.Combine(site.BucketDir, "output", job, "manifests", "output", "output.manifest")).Select(l => JsonNode.Parse(l)!).ToArray();
        var answered = Assert.Single(lines, l => l["source-ref"]!.GetValue<string>().EndsWith("/" + Path.GetFileName(photos[nothingIndex]), StringComparison.Ordinal));
        Assert.Empty(answered["faces"]!["annotations"]!.AsArray());
    }

    private static JsonObject Pre(string label, double left, double top, double width, double height, double score) => new()
    {
        ["label"] = label, ["class_id"] = 0, ["left"] = left, ["top"] = top, ["width"] = width, ["height"] = height, ["score"] = score,
    };

    /// <summary>Creates the job (pre-annotation fractions turned into pixels of the photo's size) and finds who got its task.</summary>
    private async Task<(string Owner, string TaskId, int Width, int Height)> CreateJobAndFindTaskAsync(PortalSite site, string photo, JsonArray pre,
        CancellationToken ct)
    {
        var (w, h) = JpegSize(photo);
        foreach (var p in pre)
        {
            p!["left"] = Math.Round(p["left"]!.GetValue<double>() * w);
            p["top"] = Math.Round(p["top"]!.GetValue<double>() * h);
            p["width"] = Math.Round(p["width"]!.GetValue<double>() * w);
            p["height"] = Math.Round(p["height"]!.GetValue<double>() * h);
        }
        await site.CreateJobAsync(Job, [(photo, (JsonArray)pre.DeepClone())], ct);
        var tasks = await site.OpenTasksAsync(ct);
        var (owner, taskId) = Assert.Single(tasks);
        using var script = site.ScriptOf(owner);
        var detail = JsonNode.Parse(await script.GetStringAsync($"/labeling/api/tasks/{taskId}", ct))!;
        Assert.Equal((w, h), (detail["imageSize"]!["width"]!.GetValue<int>(), detail["imageSize"]!["height"]!.GetValue<int>()));
        output.WriteLine($"task {taskId} went to {owner}");
        return (owner, taskId, w, h);
    }

    /// <summary>The width and height of a baseline or progressive JPEG, from its SOF marker.</summary>
    private static (int Width, int Height) JpegSize(string path)
    {
        var b = File.ReadAllBytes(path);
        for (var i = 2; i + 9 < b.Length;)
        {
            if (b[i] != 0xFF) { i++; continue; }
            var marker = b[i + 1];
            var length = (b[i + 2] << 8) | b[i + 3];
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
                return ((b[i + 7] << 8) | b[i + 8], (b[i + 5] << 8) | b[i + 6]);
            i += 2 + length;
        }
        Assert.Fail($"{path}: no JPEG frame header");
        return default;
    }

    private sealed record Listed(Box Box, string Source, double? Score);

    private static async Task<IReadOnlyList<Listed>> ListedBoxesAsync(IPage page)
    {
        var items = await page.Locator("#boxes li").EvaluateAllAsync<Dictionary<string, string>[]>(
            "lis => lis.map(li => ({ ...li.dataset }))");
        return items.Select(d => new Listed(
            new Box(d["label"], double.Parse(d["left"]), double.Parse(d["top"]), double.Parse(d["width"]), double.Parse(d["height"])),
            d["source"], d["score"] == "" ? null : double.Parse(d["score"]))).ToArray();
    }

    private sealed record View(double Left, double Top, double Scale, double Ox, double Oy)
    {
        public (double X, double Y) ToScreen(double x, double y) => (Left + Ox + x * Scale, Top + Oy + y * Scale);
    }

    /// <summary>Where the image sits on the screen: the canvas's position plus the page's own scale and offset.</summary>
    private static async Task<View> ViewAsync(IPage page)
    {
        var rect = await page.Locator("#canvas").BoundingBoxAsync() ?? throw new InvalidOperationException("the canvas is not visible");
        async Task<double> Attr(string name) => double.Parse(await page.GetAttributeAsync("#canvas", name) ?? throw new InvalidOperationException($"no {name}"));
        return new View(rect.X, rect.Y, await Attr("data-scale"), await Attr("data-offset-x"), await Attr("data-offset-y"));
    }

    private static async Task DragAsync(IPage page, double x1, double y1, double x2, double y2)
    {
        await page.Mouse.MoveAsync((float)x1, (float)y1);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync((float)x2, (float)y2, new MouseMoveOptions { Steps = 8 });
        await page.Mouse.UpAsync();
    }

    /// <summary>The same boxes (the page lists them in order; consolidation may reorder them), each edge within 2 pixels.</summary>
    private static void AssertSameBoxes(string where, IReadOnlyList<Box> expected, IReadOnlyList<Box> actual, bool inOrder = true)
    {
        Assert.True(expected.Count == actual.Count, $"{where}: {actual.Count} box(es) [{string.Join("; ", actual)}], expected {expected.Count} [{string.Join("; ", expected)}]");
        static bool Close(Box e, Box a) => e.Label == a.Label && Math.Abs(e.Left - a.Left) <= 2 && Math.Abs(e.Top - a.Top) <= 2 &&
                                          Math.Abs(e.Left + e.Width - (a.Left + a.Width)) <= 2 && Math.Abs(e.Top + e.Height - (a.Top + a.Height)) <= 2;
        var unmatched = actual.ToList();
        for (var i = 0; i < expected.Count; i++)
        {
            var e = expected[i];
            var match = inOrder ? (Close(e, actual[i]) ? actual[i] : null) : unmatched.FirstOrDefault(a => Close(e, a));
            Assert.True(match is not null, $"{where}: no box matches {e} (±2 px){(inOrder ? $" at position {i}" : "")}; boxes: [{string.Join("; ", actual)}]");
            unmatched.Remove(match);
        }
    }
}
