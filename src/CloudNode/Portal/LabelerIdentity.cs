using EdgeLabel.Actors.GroundTruth;

namespace EdgeLabel.CloudNode.Portal;

/// <summary>Who is calling the task API: a labeler's script with <c>Authorization: Bearer &lt;token&gt;</c>, or the portal
/// with a labeler's session cookie, which on a state-changing request must also carry the session's CSRF token in
/// <see cref="PortalSessions.CsrfHeader"/> (SameSite=Strict alone leaves same-site and old-browser gaps). An admin
/// session holds no tasks and is refused.</summary>
public static class LabelerIdentity
{
    /// <summary>The labeler, or the refusal to answer with (401 nobody, 403 an admin session or a missing or wrong CSRF token).</summary>
    public static (string? Worker, IResult? Refusal) Resolve(HttpContext http)
    {
        var services = http.RequestServices;
        var authorization = http.Request.Headers.Authorization.ToString();
        if (!string.IsNullOrEmpty(authorization))
        {
            // A script's token: checked exactly as before the portal existed, never mixed with a cookie.
            if (services.GetRequiredService<GroundTruthCredentials>().WorkerFor(authorization) is { } worker) return (worker, null);
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return (null, Results.Json(new { error = "a labeler token is required (Authorization: Bearer <token>)" }, statusCode: 401));
        }
        var session = services.GetRequiredService<PortalSessions>().Find(http.Request.Cookies[PortalSessions.CookieName]);
        if (session is null)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return (null, Results.Json(new { error = "sign in to the portal, or send a labeler token (Authorization: Bearer <token>)" }, statusCode: 401));
        }
        if (session.Role != PortalRole.Labeler)
            return (null, Results.Json(new { error = "an admin session has no labeling tasks; sign in as a labeler to label" }, statusCode: 403));
        if (ChangesState(http.Request.Method) && !PortalSessions.CsrfMatches(session, http.Request.Headers[PortalSessions.CsrfHeader]))
            return (null, Results.Json(new { error = $"missing or wrong {PortalSessions.CsrfHeader} header" }, statusCode: 403));
        return (session.Worker, null);
    }

    public static bool ChangesState(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));
}
