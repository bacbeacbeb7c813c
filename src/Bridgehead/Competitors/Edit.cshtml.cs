using Bridgehead.Common;
using Bridgehead.Identity;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Competitors;

/// <summary>Adds a competitor with its profile; a name already known opens that competitor instead.</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class NewModel(CreateCompetitor create) : PageModel
{
    [BindProperty]
    public CompetitorForm Form { get; set; } = new();

    public CompetitorFormView View => new(Form, "/competitors");

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        CompetitorDto? competitor = null;
        var created = false;
        var result = await FormSave.TryAsync(ModelState, async () => (competitor, created) = await create.HandleAsync(Form.ToInput(), ct));
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = created ? CompetitorPagesText.Created : Validator.Format(CompetitorPagesText.AlreadyKnown, competitor!.Name);
            return Redirect($"/competitors/{competitor!.Id}");
        }
        return Page();
    }
}

/// <summary>Changes a competitor's profile; refuses another competitor's name and a stale version.</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class EditModel(GetCompetitor get, UpdateCompetitor update) : PageModel
{
    [BindProperty]
    public CompetitorForm Form { get; set; } = new();

    public CompetitorDto Competitor { get; private set; } = null!;

    public CompetitorFormView View => new(Form, $"/competitors/{Competitor.Id}");

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Competitor = await get.HandleAsync(id, ct);
        Form = CompetitorForm.From(Competitor);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        Competitor = await get.HandleAsync(id, ct);
        SaveResult result;
        try
        {
            result = await FormSave.TryAsync(ModelState, () => update.HandleAsync(id, Form.Version, _ => Form.ToInput(), ct));
        }
        catch (ConflictException e)
        {
            // The only rule of a competitor edit: the name is another competitor's.
            ModelState.AddModelError($"{nameof(Form)}.{nameof(CompetitorForm.Name)}", string.Join(" ", e.Rules));
            result = SaveResult.Refused;
        }
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = CompetitorPagesText.Updated;
            return Redirect($"/competitors/{id}");
        }
        if (result == SaveResult.Stale)
        {
            Competitor = await get.HandleAsync(id, ct);
            Form = CompetitorForm.From(Competitor);
        }
        return Page();
    }
}
