using System.Globalization;
using Bridgehead.Auditing;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Pursuits;

/// <summary>One pursuit: its facts and stage, its timeline and tasks (loaded by htmx) and its history.</summary>
[Authorize(Policy = Policies.ReadSales)]
public sealed class DetailModel(GetOpportunity get, TimeProvider clock) : PageModel
{
    public OpportunityDto Opportunity { get; private set; } = null!;

    public Stage? Stage { get; private set; }

    public int DaysInStage { get; private set; }

    public bool CanEdit { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Opportunity = await get.HandleAsync(id, ct);
        Stage = Stages.Find(Opportunity.Stage);
        DaysInStage = OpportunityView.DaysInStage(Opportunity.StageEnteredAt, clock.GetUtcNow().UtcDateTime);
        CanEdit = ViewerSource.FromPrincipal(User)?.CanEditSales == true;
        return Page();
    }

    /// <summary>The history fragment, loaded when the reader opens it.</summary>
    public async Task<IActionResult> OnGetHistoryAsync(long id, string? cursor, CancellationToken ct)
    {
        var current = await get.HandleAsync(id, ct);
        return await HistoryFragment.RenderAsync(this, HttpContext.RequestServices, "opportunity", id, cursor,
            OpportunitiesText.ResourceManager, EnumFields, $"/opportunities/{id}?handler=history", ct, Formatters(current));
    }

    private static readonly Dictionary<string, Type> EnumFields = new()
    {
        ["route"] = typeof(Route),
        ["status"] = typeof(OpportunityStatus),
    };

    /// <summary>
    /// Stage keys read as their names, amounts, times and dates as the UI writes them, and the
    /// current account by its name (an account it moved from stays a number).
    /// </summary>
    private static Dictionary<string, Func<string, string>> Formatters(OpportunityDto current) => new()
    {
        ["accountId"] = value => value == current.AccountId.ToString(CultureInfo.InvariantCulture) ? current.AccountName : value,
        ["stage"] = OpportunityView.StageName,
        ["stageEnteredAt"] = value => DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
            ? Display.DateTime(at) : value,
        ["expectedCloseDate"] = value => DateOnly.TryParse(value, CultureInfo.InvariantCulture, out var date) ? Display.Date(date) : value,
        ["estimatedAnnualValue"] = value => decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount)
            ? amount.ToString("#,0.##", CultureInfo.CurrentCulture) : value,
        ["probability"] = value => int.TryParse(value, CultureInfo.InvariantCulture, out var p) ? OpportunityView.Probability(p) : value,
    };
}
