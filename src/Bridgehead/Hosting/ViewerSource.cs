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

    /// <summary>Null before sign-in, which sees no records at all.</summary>
    public Viewer? Current => FromPrincipal(accessor.HttpContext?.User);

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
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, user.DisplayName),
            new(ClaimTypes.Role, user.Role.ToString()),
            new(StampClaim, user.SecurityStamp),
        };
        if (user.TeamId is { } team)
        {
            claims.Add(new Claim(TeamClaim, team.ToString(CultureInfo.InvariantCulture)));
        }
        if (user.MustChangePassword && scheme != Identity.Auth.TokenScheme)
        {
            claims.Add(new Claim(MustChangePasswordClaim, "true"));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }
}
