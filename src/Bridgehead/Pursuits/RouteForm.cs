using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Bridgehead.Pursuits;

/// <summary>The route decision form (direct, agent, distributor, consortium) as the browser posts it.</summary>
public sealed class RouteForm
{
    /// <summary>Partner rows the form offers; empty rows are ignored.</summary>
    public const int PartnerRows = 3;

    [Display(Name = nameof(RoutePagesText.Decision), ResourceType = typeof(RoutePagesText))]
    public string? Decision { get; set; }

    [Display(Name = nameof(RoutePagesText.Rationale), ResourceType = typeof(RoutePagesText))]
    public string? Rationale { get; set; }

    public List<RoutePartnerForm> Partners { get; set; } = [];

    /// <summary>The opportunity's version the form was opened on.</summary>
    public long Version { get; set; }

    /// <summary>The rows to show: the posted or current partners, then empty ones up to <see cref="PartnerRows"/>.</summary>
    public List<RoutePartnerForm> Rows() =>
        [.. Partners, .. Enumerable.Range(0, Math.Max(0, PartnerRows - Partners.Count)).Select(_ => new RoutePartnerForm())];

    public RouteInput ToInput() => new(Decision, Rationale,
        [.. Partners.Where(p => !p.IsEmpty).Select(p => new RoutePartnerInput(p.AccountId, p.Role, p.SharePercent))]);

    public static RouteForm From(RouteDto route) => new()
    {
        Decision = route.Decision is RouteDecisions.Drop ? null : route.Decision,
        Rationale = route.Decision is RouteDecisions.Drop ? null : route.Rationale,
        Partners = [.. route.Partners.Select(p => new RoutePartnerForm { AccountId = p.AccountId, Role = p.Role, SharePercent = p.SharePercent })],
        Version = route.Version,
    };

    /// <summary>Core errors on "partners[1].role" belong to the form field "Form.Partners[1].Role" once the empty rows are left out.</summary>
    public Dictionary<string, string> ErrorFields()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal) { ["partners"] = "Partners" };
        var sent = 0;
        for (var row = 0; row < Partners.Count; row++)
        {
            if (Partners[row].IsEmpty)
            {
                continue;
            }
            foreach (var (api, form) in new[] { ("accountId", "AccountId"), ("role", "Role"), ("sharePercent", "SharePercent") })
            {
                map[string.Create(CultureInfo.InvariantCulture, $"partners[{sent}].{api}")] = string.Create(CultureInfo.InvariantCulture, $"Partners[{row}].{form}");
            }
            sent++;
        }
        return map;
    }
}

/// <summary>One partner row of the route form.</summary>
public sealed class RoutePartnerForm
{
    [Display(Name = nameof(RoutePagesText.Partner), ResourceType = typeof(RoutePagesText))]
    public long? AccountId { get; set; }

    [Display(Name = nameof(RoutePagesText.Role), ResourceType = typeof(RoutePagesText))]
    public PartnerRole? Role { get; set; }

    [Display(Name = nameof(RoutePagesText.Share), ResourceType = typeof(RoutePagesText))]
    public decimal? SharePercent { get; set; }

    public bool IsEmpty => AccountId is null && Role is null && SharePercent is null;
}

/// <summary>Dropping the pursuit through the route decision: a rationale and an explicit confirmation.</summary>
public sealed class DropForm
{
    [Display(Name = nameof(RoutePagesText.DropRationale), ResourceType = typeof(RoutePagesText))]
    public string? Rationale { get; set; }

    [Display(Name = nameof(RoutePagesText.DropConfirm), ResourceType = typeof(RoutePagesText))]
    public bool Confirm { get; set; }

    public long Version { get; set; }
}

/// <summary>What the route forms render: the values, the partner accounts and the decisions to choose from.</summary>
public sealed record RouteFormView(long OpportunityId, RouteForm Form, DropForm Drop, IReadOnlyList<SelectListItem> PartnerChoices)
{
    public static IReadOnlyList<SelectListItem> Decisions() =>
        [.. Enum.GetValues<Route>().Select(r => new SelectListItem(Common.Labels.Of(r), RouteDecisions.Key(r)))];

    public static IReadOnlyList<SelectListItem> Choices(IEnumerable<PartnerChoiceDto> partners) =>
        [.. partners.Select(p => new SelectListItem(p.Country is null ? p.Name : $"{p.Name} ({p.Country})", p.Id.ToString(CultureInfo.InvariantCulture)))];
}
