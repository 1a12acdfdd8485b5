using EdgeLabel.Actors.GroundTruth;
using EdgeLabel.Actors.Security;

namespace EdgeLabel.CloudNode.Portal;

/// <summary>Who may read the admin API: a script with <c>Authorization: Bearer &lt;admin token&gt;</c>, or a portal session
/// signed in as <see cref="Name"/> with that token as the password. The admin API only reads (GET), so it needs no
/// CSRF token.</summary>
public static class AdminIdentity
{
    /// <summary>The sign-in name that asks for an admin session (the password is the node's admin token).</summary>
    public const string Name = "admin";

    /// <summary>Null for an admin; otherwise the refusal: 401 for nobody or a wrong token, 403 for a labeler.</summary>
    public static IResult? Refusal(HttpContext http)
    {
        var services = http.RequestServices;
        var authorization = http.Request.Headers.Authorization.ToString();
        if (!string.IsNullOrEmpty(authorization))
        {
            if (services.GetRequiredService<AdminToken>().Accepts(authorization)) return null;
            if (services.GetRequiredService<GroundTruthCredentials>().WorkerFor(authorization) is not null)
                return Forbidden("a labeler's token cannot use the admin API; send the admin token (Authorization: Bearer <admin token>)");
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Json(new { error = "the admin token is required (Authorization: Bearer <admin token>)" }, statusCode: 401);
        }
        var session = services.GetRequiredService<PortalSessions>().Find(http.Request.Cookies[PortalSessions.CookieName]);
        if (session is null)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Json(new { error = $"sign in to the portal as '{Name}' with the node's admin token, or send it (Authorization: Bearer <admin token>)" },
                statusCode: 401);
        }
        return session.Role == PortalRole.Admin
            ? null
            : Forbidden($"labelers cannot use the admin API; sign in as '{Name}' with the node's admin token");
    }

    private static IResult Forbidden(string reason) => Results.Json(new { error = reason }, statusCode: 403);
}
