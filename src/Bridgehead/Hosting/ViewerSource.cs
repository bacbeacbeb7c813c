using System.Globalization;
using System.Security.Claims;
using Bridgehead.Data;
using Bridgehead.Identity;

namespace Bridgehead.Hosting;

/// <summary>The viewer of a web request, read from the signed-in principal's claims.</summary>
public sealed class ViewerSource(IHttpContextAccessor accessor) : IViewerSource
{
    public const string TeamClaim = "bh:team";
    public const string StampClaim = "bh:stamp";
    public const string MustChangePasswordClaim = "bh:must-change-password";

    private ClaimsPrincipal? _read;
    private Viewer? _viewer;

    /// <summary>
    /// Null before sign-in, which sees no records at all. The visibility filters read it for every
    /// parameter of every query, so it is read from the claims once per principal (a sign-in
    /// within the request replaces the principal, and with it the viewer).
    /// </summary>
    public Viewer? Current
    {
        get
        {
            var user = accessor.HttpContext?.User;
            if (!ReferenceEquals(user, _read))
            {
                _viewer = FromPrincipal(user);
                _read = user;
            }
            return _viewer;
        }
    }

    public static Viewer? FromPrincipal(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true
            || !long.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), CultureInfo.InvariantCulture, out var id)
            || !Enum.TryParse<Role>(user.FindFirstValue(ClaimTypes.Role), out var role))
        {
            return null;
        }
        long? team = long.TryParse(user.FindFirstValue(TeamClaim), CultureInfo.InvariantCulture, out var t) ? t : null;
        return new Viewer(id, role, team, user.Identity.Name ?? "");
    }

    public static ClaimsPrincipal ToPrincipal(User user, string scheme)
    {
        ArgumentNullException.ThrowIfNull(user);
        return ToPrincipal(user.Id, user.Role, user.TeamId, user.DisplayName, user.SecurityStamp,
            user.MustChangePassword && scheme != Identity.Auth.TokenScheme, scheme);
    }

    /// <summary>The principal of a bearer token (a token never carries the must-change-password gate).</summary>
    public static ClaimsPrincipal ToPrincipal(TokenUser user, string scheme)
    {
        ArgumentNullException.ThrowIfNull(user);
        return ToPrincipal(user.Id, user.Role, user.TeamId, user.DisplayName, user.SecurityStamp, mustChangePassword: false, scheme);
    }

    private static ClaimsPrincipal ToPrincipal(long id, Role role, long? teamId, string displayName, string stamp, bool mustChangePassword, string scheme)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, id.ToString(CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, displayName),
            new(ClaimTypes.Role, role.ToString()),
            new(StampClaim, stamp),
        };
        if (teamId is { } team)
        {
            claims.Add(new Claim(TeamClaim, team.ToString(CultureInfo.InvariantCulture)));
        }
        if (mustChangePassword)
        {
            claims.Add(new Claim(MustChangePasswordClaim, "true"));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }
}
