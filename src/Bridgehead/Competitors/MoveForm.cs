using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Bridgehead.Industries;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Bridgehead.Competitors;

/// <summary>The move form as posted by the browser; converted to the core's <see cref="CompetitorMoveInput"/>.</summary>
public sealed class MoveForm
{
    [Display(Name = nameof(MovePagesText.Competitor), ResourceType = typeof(MovePagesText))]
    public long? CompetitorId { get; set; }

    [Display(Name = nameof(MovePagesText.Kind), ResourceType = typeof(MovePagesText))]
    public CompetitorMoveKind? Kind { get; set; }

    [Display(Name = nameof(MovePagesText.Impact), ResourceType = typeof(MovePagesText))]
    public MoveImpact? Impact { get; set; }

    [Display(Name = nameof(MovePagesText.OccurredOn), ResourceType = typeof(MovePagesText))]
    public DateOnly? OccurredOn { get; set; }

    [Display(Name = nameof(MovePagesText.Title), ResourceType = typeof(MovePagesText))]
    public string? Title { get; set; }

    [Display(Name = nameof(MovePagesText.Detail), ResourceType = typeof(MovePagesText))]
    public string? Detail { get; set; }

    [Display(Name = nameof(MovePagesText.Account), ResourceType = typeof(MovePagesText))]
    public long? AccountId { get; set; }

    [Display(Name = nameof(MovePagesText.Opportunity), ResourceType = typeof(MovePagesText))]
    public long? OpportunityId { get; set; }

    [Display(Name = nameof(MovePagesText.Industry), ResourceType = typeof(MovePagesText))]
    public string? Industry { get; set; }

    [Display(Name = nameof(MovePagesText.Application), ResourceType = typeof(MovePagesText))]
    public long? ApplicationId { get; set; }

    /// <summary>The version the form was opened on; a newer one in the database means someone else saved first.</summary>
    public long Version { get; set; }

    public CompetitorMoveInput ToInput() => new()
    {
        CompetitorId = CompetitorId,
        Kind = Kind,
        Impact = Impact,
        OccurredOn = OccurredOn,
        Title = Title,
        Detail = Detail,
        AccountId = AccountId,
        OpportunityId = OpportunityId,
        Industry = Industry,
        ApplicationId = ApplicationId,
    };

    public static MoveForm From(CompetitorMoveDto m) => new()
    {
        CompetitorId = m.Competitor.Id,
        Kind = m.Kind,
        Impact = m.Impact,
        OccurredOn = m.OccurredOn,
        Title = m.Title,
        Detail = m.Detail,
        AccountId = m.Account?.Id,
        OpportunityId = m.Opportunity?.Id,
        Industry = m.Industry?.Code,
        ApplicationId = m.Application?.Id,
        Version = m.Version,
    };
}

/// <summary>The pickers of the move form.</summary>
public sealed record MoveFormChoices(
    IReadOnlyList<SelectListItem> Competitors,
    IReadOnlyList<SelectListItem> Kinds,
    IReadOnlyList<SelectListItem> Impacts,
    IReadOnlyList<SelectListItem> Accounts,
    IReadOnlyList<SelectListItem> Opportunities,
    IReadOnlyList<SelectListItem> Industries,
    IReadOnlyList<SelectListItem> Applications)
{
    public static readonly MoveFormChoices None = new([], [], [], [], [], [], []);

    public static async Task<MoveFormChoices> LoadAsync(ListMoveChoices choices, ListApplications applications, MoveForm form, CancellationToken ct)
    {
        var all = await choices.HandleAsync(form.AccountId, form.OpportunityId, ct);
        static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
        var groups = new Dictionary<long, SelectListGroup>();
        return new MoveFormChoices(
            [.. all.Competitors.Select(c => new SelectListItem(c.Name, Id(c.Id)))],
            Choices.Of<CompetitorMoveKind>(),
            Choices.Of<MoveImpact>(),
            [.. all.Accounts.Select(a => new SelectListItem(a.Name, Id(a.Id)))],
            [.. all.Opportunities.Select(o => new SelectListItem(o.Title, Id(o.Id))
            {
                Group = groups.TryGetValue(o.AccountId, out var g) ? g : groups[o.AccountId] = new SelectListGroup { Name = o.AccountName },
            })],
            TaxonomyChoices.Industries(),
            await TaxonomyChoices.ApplicationsAsync(applications, ct));
    }
}

/// <summary>What the move form partial renders: the values, the pickers and where Cancel goes.</summary>
public sealed record MoveFormView(MoveForm Form, MoveFormChoices Choices, string CancelUrl);

/// <summary>Period presets of the market watch page.</summary>
public static class MovePeriods
{
    public static readonly IReadOnlyList<string> All = ["30d", "90d", "year", "all"];

    /// <summary>The first day a preset covers; null for all time (and for an unknown preset).</summary>
    public static DateOnly? From(string? period, DateOnly today) => period switch
    {
        "30d" => today.AddDays(-30),
        "90d" => today.AddDays(-90),
        "year" => today.AddYears(-1),
        _ => null,
    };

    public static string Label(string period) => period switch
    {
        "30d" => MovePagesText.Last30,
        "90d" => MovePagesText.Last90,
        "year" => MovePagesText.LastYear,
        _ => MovePagesText.AllTime,
    };
}

/// <summary>How the pages show a move's impact.</summary>
public static class MoveDisplay
{
    public static string ImpactClass(MoveImpact impact) => "badge move-impact-" + impact.ToString().ToLowerInvariant();

    public static string Industry(MoveIndustry? industry) => industry is null ? UiText.NotSet : $"{industry.Code} · {industry.Name}";
}
