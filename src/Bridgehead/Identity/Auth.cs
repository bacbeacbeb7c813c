using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Threading.RateLimiting;
using Bridgehead.Api;
using Bridgehead.Data;
using Bridgehead.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bridgehead.Identity;

/// <summary>Names of the authorization policies; each endpoint and page names the one it needs.</summary>
public static class Policies
{
    /// <summary>Accounts and contacts: every role reads (records filtered by visibility).</summary>
    public const string ReadAccounts = "read-accounts";

    /// <summary>Opportunities and the timeline: sales roles and the viewer.</summary>
    public const string ReadSales = "read-sales";

    /// <summary>Creating and changing sales records: admin, manager, rep.</summary>
    public const string EditSales = "edit-sales";

    /// <summary>Tasks: everyone but the read-only viewer may keep them.</summary>
    public const string KeepTasks = "keep-tasks";

    public const string Admin = "admin";

    public const string SignInLimit = "sign-in";

    public static void Add(AuthorizationOptions o)
    {
        o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        o.AddPolicy(ReadAccounts, p => p.RequireAuthenticatedUser());
        o.AddPolicy(ReadSales, p => p.RequireRole(nameof(Role.Admin), nameof(Role.Manager), nameof(Role.Rep), nameof(Role.Viewer)));
        o.AddPolicy(EditSales, p => p.RequireRole(nameof(Role.Admin), nameof(Role.Manager), nameof(Role.Rep)));
        o.AddPolicy(KeepTasks, p => p.RequireRole(nameof(Role.Admin), nameof(Role.Manager), nameof(Role.Rep), nameof(Role.Quality), nameof(Role.Product)));
        o.AddPolicy(Admin, p => p.RequireRole(nameof(Role.Admin)));
    }
}

/// <summary>Cookies for the web UI, bearer tokens for the API, and the sign-in rate limit.</summary>
public static class Auth
{
    public const string TokenScheme = "token";
    private const string SmartScheme = "cookie-or-token";

    public static void AddBridgeheadAuth(this IServiceCollection services, IConfiguration config)
    {
        services.AddAuthentication(SmartScheme)
            .AddPolicyScheme(SmartScheme, null, o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? TokenScheme
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = "bridgehead.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/login";
                o.LogoutPath = "/logout";
                o.AccessDeniedPath = "/error/403";
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.SlidingExpiration = true;
                o.Events.OnValidatePrincipal = RefreshFromDatabaseAsync;
                // The API answers 401/403 itself; only pages redirect.
                o.Events.OnRedirectToLogin = c => ApiOr(c, StatusCodes.Status401Unauthorized);
                // A page the role may not open answers 403 in place (the status page explains), not a redirect.
                o.Events.OnRedirectToAccessDenied = c =>
                {
                    c.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            })
            .AddScheme<AuthenticationSchemeOptions, TokenHandler>(TokenScheme, null);

        services.AddAuthorization(Policies.Add);
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ApiAuthorizationResults>();

        var permitPerMinute = config.GetValue("Bridgehead:SignInAttemptsPerMinute", 20);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(Policies.SignInLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permitPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                if (ApiProblems.IsApi(context.HttpContext.Request))
                {
                    await Results.Problem(title: ApiText.TooManyRequests, statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context.HttpContext);
                }
                else
                {
                    context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                    await context.HttpContext.Response.WriteAsync(ApiText.TooManyRequests, ct);
                }
            };
        });
    }

    private static Task ApiOr(RedirectContext<CookieAuthenticationOptions> c, int status)
    {
        if (ApiProblems.IsApi(c.Request) || c.Request.Headers.ContainsKey("HX-Request"))
        {
            c.Response.StatusCode = status;
            if (c.Request.Headers.ContainsKey("HX-Request") && status == StatusCodes.Status401Unauthorized)
            {
                c.Response.Headers["HX-Redirect"] = c.RedirectUri;
            }
            return Task.CompletedTask;
        }
        c.Response.Redirect(c.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Each request re-reads the user: a deactivated user or a changed password (new security
    /// stamp) ends the session at once, and a new role or team applies at once.
    /// </summary>
    private static async Task RefreshFromDatabaseAsync(CookieValidatePrincipalContext context)
    {
        var id = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = context.Principal?.FindFirstValue(ViewerSource.StampClaim);
        var db = context.HttpContext.RequestServices.GetRequiredService<BridgeheadDb>();
        var user = long.TryParse(id, System.Globalization.CultureInfo.InvariantCulture, out var userId)
            ? await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId && u.IsActive, context.HttpContext.RequestAborted)
            : null;
        if (user is null || user.SecurityStamp != stamp)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        context.ReplacePrincipal(ViewerSource.ToPrincipal(user, CookieAuthenticationDefaults.AuthenticationScheme));
    }
}

/// <summary>Authenticates <c>Authorization: Bearer bh_...</c> against the stored token hashes.</summary>
public sealed class TokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ValidateToken validate)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var user = await validate.HandleAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        return user is null
            ? AuthenticateResult.Fail("Invalid or expired token.")
            : AuthenticateResult.Success(new AuthenticationTicket(ViewerSource.ToPrincipal(user, Auth.TokenScheme), Auth.TokenScheme));
    }
}

/// <summary>401 and 403 on the API as problem details instead of redirects or empty bodies.</summary>
public sealed class ApiAuthorizationResults : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var result = authorizeResult;
        if (ApiProblems.IsApi(context.Request) && (result.Challenged || result.Forbidden))
        {
            var status = result.Challenged ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden;
            if (result.Challenged)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
            }
            await Results.Problem(title: result.Challenged ? ApiText.Unauthorized : ApiText.Forbidden, statusCode: status).ExecuteAsync(context);
            return;
        }
        await _default.HandleAsync(next, context, policy, result);
    }
}
