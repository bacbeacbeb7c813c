using Bridgehead.Api;

namespace Bridgehead.Hosting;

/// <summary>After signing in with a one-time password, the only page a user can open is the one to choose their own.</summary>
public sealed class PasswordChangeGate(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http)
    {
        var mustChange = http.User.HasClaim(ViewerSource.MustChangePasswordClaim, "true");
        var path = http.Request.Path;
        if (!mustChange || path.StartsWithSegments("/account/password") || path.StartsWithSegments("/logout")
            || path.StartsWithSegments("/culture") || path.StartsWithSegments("/lib") || path.StartsWithSegments("/css")
            || path.StartsWithSegments("/js") || path.StartsWithSegments("/error") || path.StartsWithSegments("/health"))
        {
            return next(http);
        }
        if (ApiProblems.IsApi(http.Request))
        {
            return Results.Problem(title: ApiText.MustChangePassword, statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(http);
        }
        http.Response.Redirect("/account/password");
        return Task.CompletedTask;
    }
}
