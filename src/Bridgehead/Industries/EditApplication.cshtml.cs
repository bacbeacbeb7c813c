using Bridgehead.Identity;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Industries;

/// <summary>Adds an application under an industry (<c>/admin/applications/new?industry=28</c>) or edits one (admin).</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class EditApplicationModel(GetApplication get, CreateApplication create, UpdateApplication update) : PageModel
{
    [BindProperty]
    public ApplicationForm Form { get; set; } = new();

    /// <summary>The application being edited; null while adding one.</summary>
    public ApplicationDto? Application { get; private set; }

    public async Task<IActionResult> OnGetAsync(long? id, string? industry, CancellationToken ct)
    {
        if (id is { } existing)
        {
            Application = await get.HandleAsync(existing, ct);
            Form = ApplicationForm.From(Application);
        }
        else
        {
            Form = new ApplicationForm { IndustryCode = IsicCatalogue.Find(industry)?.Code };
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long? id, CancellationToken ct)
    {
        if (id is { } existing)
        {
            Application = await get.HandleAsync(existing, ct);
        }
        ApplicationDto? saved = null;
        var result = await FormSave.TryAsync(ModelState, async () => saved = id is { } key
            ? await update.HandleAsync(key, Form.Version, _ => Form.ToInput(), ct)
            : await create.HandleAsync(Form.ToInput(), ct));
        switch (result)
        {
            case SaveResult.Saved:
                TempData["Flash"] = id is null ? TaxonomyText.Created : TaxonomyText.Updated;
                return Redirect("/admin/industries?q=" + Uri.EscapeDataString(saved!.IndustryCode));
            case SaveResult.Stale:
                Application = await get.HandleAsync(id!.Value, ct);
                Form = ApplicationForm.From(Application);
                break;
            case SaveResult.Refused:
                break;
            default:
                throw new InvalidOperationException("Unknown save result.");
        }
        return Page();
    }
}
