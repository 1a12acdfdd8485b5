using System.Text.Json;
using System.Threading.RateLimiting;
using EdgeLabel.Actors.Configuration;
using EdgeLabel.Actors.Security;
using Microsoft.AspNetCore.Http.Features;

namespace EdgeLabel.CloudNode.Portal;

/// <summary>The labeling portal: pages (<c>/labeling/</c> queue, <c>/labeling/tasks/{id}</c> task, <c>/labeling/signin</c>,
/// <c>/labeling/admin</c>), their assets, and the session API (<c>/labeling/api/session</c>: sign in, who am I, sign out).
/// Labelers' pages work on the task API (<c>/labeling/api/tasks</c>) with the session cookie and the CSRF header; the
/// admin page on the admin API (<see cref="AdminEndpoints"/>). Signing in as <see cref="AdminIdentity.Name"/> with the
/// node's admin token makes an admin session, under the same lockout and rate limit as the labelers.</summary>
public static class PortalEndpoints
{
    public const string SignInPolicy = "portal-sign-in";
    private const int MaxSignInBytes = 4 * 1024;

    /// <summary>Sessions, lockout, counts, passwords (from the environment) and the per-address sign-in rate limit.</summary>
    public static IServiceCollection AddLabelingPortal(this IServiceCollection services, CloudSettings settings)
    {
        services.AddSingleton(PortalPasswords.FromEnvironment(settings.GroundTruth));
        services.AddSingleton(sp => new PortalSessions(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new SignInLockout(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<LabelerCounts>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // 20 attempts a minute per client address, whatever the name: the lockout guards one name, this guards spraying.
            o.AddPolicy(SignInPolicy, http => RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 20, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return services;
    }

    public static void MapLabelingPortal(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<CloudSettings>().GroundTruth.Enabled) return;
        app.UseRateLimiter();

        app.MapGet("/labeling/", (HttpContext http) => PortalAssets.Serve(http, "queue.html")); // also /labeling: routing ignores a trailing slash
        app.MapGet("/labeling/signin", (HttpContext http) => PortalAssets.Serve(http, "signin.html"));
        app.MapGet("/labeling/tasks/{taskId}", (HttpContext http, string taskId) => PortalAssets.Serve(http, "task.html"));
        app.MapGet("/labeling/admin", (HttpContext http) => PortalAssets.Serve(http, "admin.html")); // the page asks the admin API, which checks
        app.MapGet("/labeling/assets/{name}", (HttpContext http, string name) => PortalAssets.Serve(http, name));

        var session = app.MapGroup("/labeling/api/session");
        session.MapPost("", SignInAsync).RequireRateLimiting(SignInPolicy);
        session.MapGet("", (HttpContext http, PortalSessions sessions) =>
            sessions.Find(http.Request.Cookies[PortalSessions.CookieName]) is { } s
                ? Results.Ok(new { worker = s.Worker, role = s.RoleName, csrfToken = s.CsrfToken, s.ExpiresAt })
                : Results.Json(new { error = "not signed in" }, statusCode: 401));
        session.MapPost("/end", (HttpContext http, PortalSessions sessions) =>
        {
            var cookie = http.Request.Cookies[PortalSessions.CookieName];
            if (sessions.Find(cookie) is not { } s) return Results.Json(new { error = "not signed in" }, statusCode: 401);
            if (!PortalSessions.CsrfMatches(s, http.Request.Headers[PortalSessions.CsrfHeader]))
                return Results.Json(new { error = $"missing or wrong {PortalSessions.CsrfHeader} header" }, statusCode: 403);
            sessions.End(cookie);
            http.Response.Cookies.Delete(PortalSessions.CookieName, CookieOptions(http));
            return Results.Ok(new { status = "signed out" });
        });
    }

    private sealed record SignIn(string? Worker, string? Password);

    private static async Task<IResult> SignInAsync(HttpContext http, PortalPasswords passwords, AdminToken adminToken, PortalSessions sessions,
        SignInLockout lockout, ILoggerFactory logs, CancellationToken ct)
    {
        // JSON only: a cross-site form cannot send it without a CORS preflight this node never grants (no login CSRF).
        if (!http.Request.HasJsonContentType()) return Results.Json(new { error = "send {\"worker\":..,\"password\":..} as application/json" }, statusCode: 415);
        // A declared oversize body is refused before the limit is lowered: Kestrel then drains it (within its own limit)
        // and the 413 reaches the client. With the lowered limit the drain fails and the connection may be cut first.
        if (http.Request.ContentLength > MaxSignInBytes) return Results.Json(new { error = "request too large" }, statusCode: 413);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxSignInBytes;
        SignIn? form;
        try
        {
            form = await JsonSerializer.DeserializeAsync<SignIn>(http.Request.Body, JsonSerializerOptions.Web, ct);
        }
        catch (Exception e) when (e is JsonException or BadHttpRequestException)
        {
            return Results.Json(new { error = "send {\"worker\":..,\"password\":..} as JSON of at most 4 KiB" }, statusCode: 400);
        }
        if (form is not { Worker: { Length: > 0 and <= 100 } worker, Password: { Length: > 0 and <= 1000 } password })
            return Results.Json(new { error = "worker and password are required" }, statusCode: 400);

        if (lockout.LockedFor(worker) is { } left)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(left.TotalSeconds)).ToString();
            return Results.Json(new { error = $"too many wrong passwords: locked for {Math.Ceiling(left.TotalMinutes)} more minute(s)", locked = true }, statusCode: 429);
        }
        // The admin's password is the admin token itself; neither is ever logged (only the name, below).
        var role = worker == AdminIdentity.Name ? PortalRole.Admin : PortalRole.Labeler;
        if (!(role == PortalRole.Admin ? adminToken.Matches(password) : passwords.Verify(worker, password)))
        {
            if (lockout.Failed(worker))
                logs.CreateLogger("EdgeLabel.Portal").LogWarning("Portal sign-in locked for {Minutes} min after {Failures} wrong passwords (name {Worker})",
                    SignInLockout.LockFor.TotalMinutes, SignInLockout.MaxFailures, worker.Length <= 40 ? worker : worker[..40]);
            return Results.Json(new { error = "wrong labeler name or password" }, statusCode: 401);
        }
        lockout.Succeeded(worker);
        var (cookie, session) = sessions.Start(worker, role);
        http.Response.Cookies.Append(PortalSessions.CookieName, cookie, CookieOptions(http, session.ExpiresAt));
        return Results.Ok(new { worker, role = session.RoleName, csrfToken = session.CsrfToken, session.ExpiresAt });
    }

    private static CookieOptions CookieOptions(HttpContext http, DateTimeOffset? expires = null) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = http.Request.IsHttps,
        Path = "/labeling",
        Expires = expires,
    };
}
