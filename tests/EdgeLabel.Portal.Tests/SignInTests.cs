using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace EdgeLabel.Portal.Tests;

/// <summary>Portal sign-in against a real cloud node in a real browser: the session cookie's attributes, the CSRF token
/// on sign-out, sign-out itself, and the lockout after five wrong passwords (which the right password does not lift),
/// for labelers and for the admin (name "admin", the admin token as password), whose token never reaches the log.</summary>
public sealed class SignInTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Five_wrong_passwords_lock_a_labeler_or_the_admin_out_even_with_the_right_password_while_another_labeler_signs_in_and_out()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var site = await PortalSite.StartAsync("portal-signin", output, ct);

        // ---- w1: five wrong passwords, then the right one: locked ----
        var page = await site.NewPageAsync();
        await page.GotoAsync("/labeling/");
        await page.WaitForSelectorAsync("#signin-form");
        for (var i = 1; i <= 5; i++)
        {
            var status = await SubmitAsync(page, "w1", $"not the password {i}");
            Assert.True(status == 401, $"wrong password {i} answered {status}, not 401");
            Assert.Equal("wrong labeler name or password", await page.TextContentAsync("#message"));
        }
        var locked = await SubmitAsync(page, "w1", PortalSite.PasswordOf("w1"));
        Assert.True(locked == 429, $"the right password after five wrong ones answered {locked}, not 429 (locked)");
        Assert.Contains("locked for 5 more minute(s)", await page.TextContentAsync("#message"));
        Assert.Contains("/labeling/signin", page.Url); // still on the sign-in page
        Assert.Empty(await page.Context.CookiesAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = PortalSite.ScreenshotPath("portal-signin-locked.png") });

        // ---- w2 is not locked: signs in; the cookie is HttpOnly, SameSite=Strict, scoped to /labeling ----
        var other = await site.NewPageAsync();
        await PortalSite.SignInAsync(other, "w2", PortalSite.PasswordOf("w2"));
        Assert.Equal("w2", await other.TextContentAsync("#who"));
        var cookie = Assert.Single(await other.Context.CookiesAsync());
        Assert.Equal(("edgelabel-session", true, SameSiteAttribute.Strict, "/labeling", false),
            (cookie.Name, cookie.HttpOnly, cookie.SameSite, cookie.Path, cookie.Secure)); // Secure only over HTTPS; this node speaks HTTP
        // w1 stays locked whatever browser asks: the lock answers before any password is checked.
        Assert.Equal(429, await other.EvaluateAsync<int>("async () => (await fetch('/labeling/api/session', { method: 'POST', " +
            "headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ worker: 'w1', password: 'still wrong' }) })).status"));

        // Sign-out with a wrong CSRF token is refused and the session lives on; the button (right token) ends it.
        Assert.Equal(403, await other.EvaluateAsync<int>(
            "async () => (await fetch('/labeling/api/session/end', { method: 'POST', headers: { 'X-EdgeLabel-CSRF': 'wrong' } })).status"));
        Assert.Equal(200, await other.EvaluateAsync<int>("async () => (await fetch('/labeling/api/session')).status"));
        await other.ClickAsync("#signout");
        await other.WaitForSelectorAsync("#signin-form");
        Assert.Equal(401, await other.EvaluateAsync<int>("async () => (await fetch('/labeling/api/session')).status"));
        Assert.Equal(401, await other.EvaluateAsync<int>("async () => (await fetch('/labeling/api/tasks')).status"));

        // ---- outside the browser: only JSON signs in (no form posts from other sites), and the scripts' tokens still work ----
        using var http = new HttpClient { BaseAddress = new Uri(site.Cloud.HttpUrl) };
        var form = await http.PostAsync("/labeling/api/session", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["worker"] = "w2", ["password"] = PortalSite.PasswordOf("w2"),
        }), ct);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
        var huge = await http.PostAsync("/labeling/api/session",
            new StringContent($$"""{"worker":"w2","password":"{{new string('x', 10_000)}}"}""", Encoding.UTF8, "application/json"), ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        using var script = site.ScriptOf("w1");
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/labeling/api/tasks", ct)).StatusCode); // the lockout is the portal's only

        // ---- "admin" with the admin token: an admin session, under the same lockout as a labeler's name ----
        var token = site.Cluster.AdminToken;
        var admin = await SignInJsonAsync(http, "admin", token, ct);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Equal("admin", JsonNode.Parse(await admin.Content.ReadAsStringAsync(ct))!["role"]!.GetValue<string>());
        for (var i = 1; i <= 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInJsonAsync(http, "admin", $"{token}{i}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInJsonAsync(http, "admin", token, ct)).StatusCode);
        // The node's console logger writes asynchronously: under load the lock's line can trail the 429 a little.
        var logs = site.Cloud.FullLogs();
        for (var waited = 0; !logs.Contains("(name admin)", StringComparison.Ordinal) && waited < 50; waited++)
        {
            await Task.Delay(100, ct);
            logs = site.Cloud.FullLogs();
        }
        Assert.DoesNotContain(token, logs); // the lock is logged by name only
        Assert.Contains("(name admin)", logs);
    }

    private static Task<HttpResponseMessage> SignInJsonAsync(HttpClient http, string worker, string password, CancellationToken ct) =>
        http.PostAsync("/labeling/api/session", new StringContent(new JsonObject { ["worker"] = worker, ["password"] = password }.ToJsonString(),
            Encoding.UTF8, "application/json"), ct);

    /// <summary>Fills and submits the sign-in form; returns the HTTP status of the sign-in request.</summary>
    private static async Task<int> SubmitAsync(IPage page, string worker, string password)
    {
        await page.FillAsync("#worker", worker);
        await page.FillAsync("#password", password);
        var response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#signin"),
            r => r.Url.EndsWith("/labeling/api/session", StringComparison.Ordinal) && r.Request.Method == "POST");
        await page.WaitForFunctionAsync("s => document.getElementById('message').dataset.status === s || location.pathname !== '/labeling/signin'",
            response.Status.ToString());
        return response.Status;
    }
}
