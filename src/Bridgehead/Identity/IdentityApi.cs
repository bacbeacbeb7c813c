using Bridgehead.Api;
using Bridgehead.Common;
using Bridgehead.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bridgehead.Identity;

/// <summary>Signing in for an API token, and who's who.</summary>
public static class IdentityApi
{
    public sealed record TokenRequest(string? UserName, string? Password);

    public sealed record TokenResponse(string Token, DateTime ExpiresAt);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/auth/token", CreateTokenAsync)
            .AllowAnonymous()
            .RequireRateLimiting(Policies.SignInLimit)
            .WithTags("Auth")
            .WithSummary("Exchange a user name and password for an API token (valid 30 days).");

        var users = api.MapGroup("/users").WithTags("Users");
        users.MapGet("/me", (HttpContext http, ListUsers list, CancellationToken ct) => MeAsync(http, list, ct))
            .WithSummary("The signed-in user.");
        users.MapGet("/", async (ListUsers list, bool? activeOnly, CancellationToken ct) =>
                new { items = await list.HandleAsync(activeOnly ?? true, ct), nextCursor = (string?)null })
            .WithSummary("Users by name: id, name, role and team (never secrets).");
        api.MapGet("/teams", async (ListUsers list, CancellationToken ct) =>
                new { items = await list.TeamsAsync(ct), nextCursor = (string?)null })
            .WithTags("Users")
            .WithSummary("Sales teams with their manager.");
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> CreateTokenAsync(
        TokenRequest body, SignIn signIn, IssueToken issue, CancellationToken ct)
    {
        var v = new Validator();
        v.Required("userName", body.UserName, User.MaxUserName);
        v.Required("password", body.Password, Passwords.MaxLength);
        v.ThrowIfInvalid();
        var result = await signIn.HandleAsync(body.UserName, body.Password, ct);
        switch (result.Outcome)
        {
            case SignInOutcome.Success when result.User!.MustChangePassword:
                return TypedResults.Problem(title: ApiText.MustChangePassword, statusCode: StatusCodes.Status403Forbidden);
            case SignInOutcome.Success:
                var token = await issue.HandleAsync(result.User.Id, "API sign-in", null, ct);
                return TypedResults.Ok(new TokenResponse(token.Token, token.ExpiresAt));
            case SignInOutcome.LockedOut:
                return TypedResults.Problem(title: Validator.Format(ApiText.LockedOut, result.LockedUntil!.Value), statusCode: StatusCodes.Status401Unauthorized);
            case SignInOutcome.Invalid:
            default:
                return TypedResults.Problem(title: ApiText.BadCredentials, statusCode: StatusCodes.Status401Unauthorized);
        }
    }

    private static async Task<IResult> MeAsync(HttpContext http, ListUsers list, CancellationToken ct)
    {
        var viewer = ViewerSource.FromPrincipal(http.User)!;
        var me = await list.FindAsync(viewer.UserId!.Value, ct);
        return me is null ? Results.NotFound() : Results.Ok(me);
    }
}
