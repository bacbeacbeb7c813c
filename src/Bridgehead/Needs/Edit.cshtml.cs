using Bridgehead.Common;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Bridgehead.References;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Needs;

/// <summary>A reference the needs form offers: attached ones and the best matches.</summary>
public sealed record ReferenceChoiceView(long Id, string Title, string AccountName, bool MayBeNamed, int? Score);

/// <summary>
/// Records a pursuit's needs: prices, priority, service requirements and trade-offs as rows
/// (added and removed with buttons that post the form back, so it works without script), the
/// references to attach. A closed pursuit's needs are read-only (409).
/// </summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class EditModel(GetOpportunity getOpportunity, GetNeeds get, SaveNeeds save, GetReferenceMatches matches) : PageModel
{
    public const int MatchesOffered = 10;

    [BindProperty]
    public NeedsForm Form { get; set; } = new();

    public OpportunityDto Opportunity { get; private set; } = null!;

    public NeedsDto Current { get; private set; } = null!;

    public IReadOnlyList<ReferenceChoiceView> ReferenceChoices { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        Form = NeedsForm.From(Current);
        AddBlankRows();
        return Page();
    }

    /// <summary>Saves, or (with a command) adds or removes a row and shows the form again without saving.</summary>
    public async Task<IActionResult> OnPostAsync(long id, string? command, CancellationToken ct)
    {
        if (command is not null)
        {
            Change(command);
            ModelState.Clear();
            await LoadAsync(id, ct);
            return Page();
        }
        await LoadAsync(id, ct);
        var result = await FormSave.TryOrRefuseAsync(this, () => save.HandleAsync(id, Form.Version, Form.ToInput(), ct), Form.ErrorFields());
        // Both prices share the form's one currency field: its error is said once.
        if (ModelState.TryGetValue("Form.Currency", out var currency) && currency.Errors.Count > 1)
        {
            var messages = currency.Errors.Select(e => e.ErrorMessage).Distinct().ToList();
            currency.Errors.Clear();
            messages.ForEach(m => currency.Errors.Add(m));
        }
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = NeedsPagesText.Saved;
            return Redirect($"/opportunities/{id}#needs");
        }
        if (result == SaveResult.Stale)
        {
            await LoadAsync(id, ct);
            Form = NeedsForm.From(Current);
            AddBlankRows();
            Response.StatusCode = StatusCodes.Status412PreconditionFailed;
        }
        return Page();
    }

    private void Change(string command)
    {
        switch (command)
        {
            case "add-service":
                Form.Services.Add(new ServiceRow());
                break;
            case "add-trade":
                Form.TradeOffs.Add(new TradeRow());
                break;
            default:
                if (command.StartsWith("remove-service-", StringComparison.Ordinal) && int.TryParse(command["remove-service-".Length..], out var s) && s >= 0 && s < Form.Services.Count)
                {
                    Form.Services.RemoveAt(s);
                }
                else if (command.StartsWith("remove-trade-", StringComparison.Ordinal) && int.TryParse(command["remove-trade-".Length..], out var t) && t >= 0 && t < Form.TradeOffs.Count)
                {
                    Form.TradeOffs.RemoveAt(t);
                }
                break;
        }
    }

    private void AddBlankRows()
    {
        if (Form.Services.Count == 0)
        {
            Form.Services.Add(new ServiceRow());
        }
        if (Form.TradeOffs.Count == 0)
        {
            Form.TradeOffs.Add(new TradeRow());
        }
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        Opportunity = await getOpportunity.HandleAsync(id, ct);
        Current = await get.HandleAsync(id, ct);
        var offered = Current.References.Select(r => new ReferenceChoiceView(r.Id, r.Title, r.AccountName, r.MayBeNamed, null)).ToList();
        foreach (var m in await matches.HandleAsync(id, MatchesOffered, ct))
        {
            if (offered.All(o => o.Id != m.Reference.Id))
            {
                offered.Add(new ReferenceChoiceView(m.Reference.Id, m.Reference.Title, m.Reference.AccountName, m.Reference.MayBeNamed, m.Score));
            }
        }
        ReferenceChoices = offered;
    }

    public IReadOnlyList<Microsoft.AspNetCore.Mvc.Rendering.SelectListItem> Currencies()
    {
        var list = Money.CommonCurrencies.ToList();
        if (Text.Clean(Form.Currency)?.ToUpperInvariant() is { } c && !list.Contains(c))
        {
            list.Add(c);
        }
        return [.. list.Select(x => new Microsoft.AspNetCore.Mvc.Rendering.SelectListItem(x, x))];
    }
}
