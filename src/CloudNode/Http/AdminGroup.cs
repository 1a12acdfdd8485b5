using EdgeLabel.Actors.Security;

namespace EdgeLabel.CloudNode.Http;

/// <summary>The route group of the admin endpoints: every route in it answers 401 without
/// <c>Authorization: Bearer &lt;admin token&gt;</c>.</summary>
public static class AdminGroup
{
    public static RouteGroupBuilder MapAdminGroup(this WebApplication app) =>
        app.MapGroup("").AddEndpointFilter(async (context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<AdminToken>().Accepts(context.HttpContext.Request.Headers.Authorization)
                ? await next(context)
                : Results.Json(new { error = "admin token required (Authorization: Bearer <token>)" }, statusCode: 401));
}
