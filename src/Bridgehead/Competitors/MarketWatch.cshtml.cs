using System.Globalization;
using Bridgehead.Common;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Competitors;

/// <summary>The market watch: competitor moves newest first, filtered by rival, kind, impact, industry, application and period.</summary>
[Authorize(Policy = Policies.ReadSales)]
public sealed class MarketWatchModel(ListCompetitorMoves list, ListCompetitors competitors, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? CompetitorId { get; set; }
    [BindProperty(SupportsGet = true)] public CompetitorMoveKind? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public MoveImpact? Impact { get; set; }
    [BindProperty(SupportsGet = true)] public string? Industry { get; set; }
    [BindProperty(SupportsGet = true)] public long? ApplicationId { get; set; }
    [BindProperty(SupportsGet = true)] public long? AccountId { get; set; }
    [BindProperty(SupportsGet = true)] public long? OpportunityId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Period { get; set; }
    [BindProperty(SupportsGet = true)] public string? Cursor { get; set; }

    public Page<CompetitorMoveDto> Results { get; private set; } = new([], null);

    public IReadOnlyList<CompetitorDto> Competitors { get; private set; } = [];

    public bool CanRecord { get; private set; }

    /// <summary>The chosen preset; all time when none (or an unknown one) is given.</summary>
    public string PeriodKey => Period is { } p && MovePeriods.All.Contains(p) ? p : "all";

    public bool Filtered => CompetitorId is not null || Kind is not null || Impact is not null || Text.Clean(Industry) is not null
        || ApplicationId is not null || AccountId is not null || OpportunityId is not null || PeriodKey != "all";

    public async Task OnGetAsync(CancellationToken ct)
    {
        CanRecord = ViewerSource.FromPrincipal(User)?.CanEditSales == true;
        Competitors = await competitors.HandleAsync(ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var filter = new CompetitorMoveFilter
        {
            CompetitorId = CompetitorId,
            Kind = Kind,
            Impact = Impact,
            Industry = Industry,
            ApplicationId = ApplicationId,
            AccountId = AccountId,
            OpportunityId = OpportunityId,
            From = MovePeriods.From(PeriodKey, today),
        };
        try
        {
            Results = await list.HandleAsync(filter, new PageRequest(PageRequest.DefaultLimit, Cursor), ct);
        }
        catch (BadRequestException)
        {
            Results = await list.HandleAsync(filter, new PageRequest(), ct);
        }
    }

    /// <summary>The address of the next page, keeping the filters.</summary>
    public string NextUrl() => QueryString.Create(new Dictionary<string, string?>
    {
        ["competitorId"] = CompetitorId?.ToString(CultureInfo.InvariantCulture),
        ["kind"] = Kind?.ToString(),
        ["impact"] = Impact?.ToString(),
        ["industry"] = Text.Clean(Industry),
        ["applicationId"] = ApplicationId?.ToString(CultureInfo.InvariantCulture),
        ["accountId"] = AccountId?.ToString(CultureInfo.InvariantCulture),
        ["opportunityId"] = OpportunityId?.ToString(CultureInfo.InvariantCulture),
        ["period"] = PeriodKey == "all" ? null : PeriodKey,
        ["cursor"] = Results.NextCursor,
    }.Where(p => p.Value is not null)).ToUriComponent();
}
