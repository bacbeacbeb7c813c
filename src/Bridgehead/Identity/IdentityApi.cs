using System.Text.Json.Nodes;
using Bridgehead.Api;
using Bridgehead.Auditing;
using Bridgehead.Common;
using Bridgehead.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bridgehead.Identity;

/// <summary>Signing in for an API token, and who's who.</summary>
public static class IdentityApi
{
    public sealed record TokenRequest(string? UserName, string? Password);

    public sealed record TokenResponse(string Token, DateTime ExpiresAt);

    public sealed record NewUserRequest(string? UserName, string? DisplayName, Role? Role, string? Team, string? Email, string? Password);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/auth/token", CreateTokenAsync)
            .AllowAnonymous()
            .RequireRateLimiting(Policies.SignInLimit)
            .WithMetadata(new SecretResponse())
            .WithTags("Auth")
            .WithSummary("Exchange a user name and password for an API token (valid 30 days).");

        var users = api.MapGroup("/users").WithTags("Users");
        users.MapGet("/me", (HttpContext http, ListUsers list, CancellationToken ct) => MeAsync(http, list, ct))
            .WithSummary("The signed-in user.");
        users.MapGet("/", async (ListUsers list, bool? activeOnly, HttpContext http, CancellationToken ct) =>
            {
                var all = await list.HandleAsync(activeOnly ?? true, ct);
                return ViewerSource.FromPrincipal(http.User)!.IsAdmin
                    ? Results.Ok(new { items = all, nextCursor = (string?)null })
                    : Results.Ok(new { items = all.Select(UserSummary.Of), nextCursor = (string?)null });
            })
            .WithSummary("Users by name. Admins get the full record; others get name, role and team. Never secrets.");
        users.MapPost("/", async (NewUserRequest body, CreateUser create, HttpResponse response, CancellationToken ct) =>
            {
                var role = body.Role ?? throw ValidationException.For("role", CommonText.Required);
                var created = await create.HandleAsync(new NewUser(body.UserName ?? "", body.DisplayName, role, body.Team, body.Email, body.Password), ct);
                ETags.Set(response, created.User.Version);
                return TypedResults.Created($"/api/v1/users/{created.User.Id}", created);
            })
            .RequireAuthorization(Policies.Admin)
            .WithMetadata(new SecretResponse())
            .WithSummary("Create a user (admin). Without a password, a one-time password is generated and returned once.");
        users.MapGet("/{id:long}", async (long id, ListUsers list, HttpContext http, CancellationToken ct) =>
            {
                var user = await list.FindAsync(id, ct) ?? throw new NotFoundException("user");
                ETags.Set(http.Response, user.Version);
                var viewer = ViewerSource.FromPrincipal(http.User)!;
                return viewer.IsAdmin || viewer.UserId == id ? Results.Ok(user) : Results.Ok(UserSummary.Of(user));
            })
            .WithSummary("One user. Admins (and the user themselves) get the full record; others get name, role and team.");
        users.MapPatch("/{id:long}", async (long id, JsonObject body, UpdateUser update, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var user = await update.HandleAsync(id, ETags.Expected(request), current => MergePatch.Apply(current, body), ct);
                ETags.Set(response, user.Version);
                return user;
            })
            .Accepts<UserChange>("application/merge-patch+json", "application/json")
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Change a user's display name, email, role, team or activity (admin). 409 when it would leave no active admin.");
        users.MapPost("/{id:long}/reset-password", async (long id, ResetPassword reset, CancellationToken ct) =>
                new { oneTimePassword = await reset.HandleAsync(id, ct) })
            .RequireAuthorization(Policies.Admin)
            .WithMetadata(new SecretResponse())
            .WithSummary("Give a user a new one-time password (admin); their sessions end and their API tokens are revoked.");
        users.MapGet("/{id:long}/history", async (long id, int? limit, string? cursor, GetHistory history, CancellationToken ct) =>
                await history.HandleAsync("user", id, PageRequest.Of(limit, cursor), ct))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Who changed the user and when (admin).");

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
