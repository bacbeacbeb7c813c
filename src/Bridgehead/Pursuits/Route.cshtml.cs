using Bridgehead.Common;
using Bridgehead.Identity;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Pursuits;

/// <summary>
/// Decides a pursuit's route (the forms also sit in the opportunity page's route section): direct,
/// through partners, or drop. Refused decisions come back here with the errors next to the fields.
/// </summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class RouteModel(GetOpportunity get, GetRoute getRoute, ListPartnerChoices partners, DecideRoute decide) : PageModel
{
    [BindProperty] public RouteForm Form { get; set; } = new();

    [BindProperty] public DropForm Drop { get; set; } = new();

    public OpportunityDto Opportunity { get; private set; } = null!;

    public RouteFormView View { get; private set; } = null!;

    /// <summary>Why the decision was refused as a whole (a closed pursuit).</summary>
    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var route = await getRoute.HandleAsync(id, ct);
        Form = RouteForm.From(route);
        Drop = new DropForm { Version = route.Version };
        await LoadAsync(id, ct);
        return Page();
    }

    public Task<IActionResult> OnPostAsync(long id, CancellationToken ct) =>
        DecideAsync(id, nameof(Form), Form.Version, Form.ToInput(), Form.ErrorFields(), RoutePagesText.FlashDecided, ct);

    public Task<IActionResult> OnPostDropAsync(long id, CancellationToken ct)
    {
        if (!Drop.Confirm)
        {
            ModelState.AddModelError($"{nameof(Drop)}.{nameof(DropForm.Confirm)}", RoutePagesText.DropConfirmNeeded);
        }
        return DecideAsync(id, nameof(Drop), Drop.Version, new RouteInput(RouteDecisions.Drop, Drop.Rationale, []),
            new Dictionary<string, string>(StringComparer.Ordinal) { ["rationale"] = nameof(DropForm.Rationale) }, RoutePagesText.FlashDropped, ct);
    }

    private async Task<IActionResult> DecideAsync(long id, string prefix, long version, RouteInput input, IReadOnlyDictionary<string, string> fields, string flash, CancellationToken ct)
    {
        SaveResult result;
        try
        {
            result = await FormSave.TryAsync(ModelState, () => decide.HandleAsync(id, version, input, ct), fields, prefix);
        }
        catch (ConflictException e)
        {
            Refusal = string.Join(" ", e.Rules);
            result = SaveResult.Refused;
        }
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = flash;
            return Redirect($"/opportunities/{id}#route");
        }
        var route = await getRoute.HandleAsync(id, ct);
        if (result == SaveResult.Stale)
        {
            Form = RouteForm.From(route);
        }
        Form.Version = route.Version;
        Drop.Version = route.Version;
        await LoadAsync(id, ct);
        return Page();
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        Opportunity = await get.HandleAsync(id, ct);
        View = new RouteFormView(id, Form, Drop, RouteFormView.Choices(await partners.HandleAsync(null, ct)));
    }
}
