using Bridgehead.Identity;
using Bridgehead.Industries;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Bridgehead.Fit;

/// <summary>
/// Admins describe the ideal customer: rows of criteria with weights, added and removed in the
/// form (without JavaScript: "Add criterion" redraws the form with a new row) and saved at once.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class AdminModel(ListFitCriteria list, ReplaceFitCriteria replace, ListApplications applications) : PageModel
{
    public const int DefaultWeight = 10;

    [BindProperty]
    public FitForm Form { get; set; } = new();

    public IReadOnlyList<SelectListItem> Applications { get; private set; } = [];

    /// <summary>True when the form holds a row not saved yet.</summary>
    public bool Unsaved { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Form = FitForm.From(await list.HandleAsync(ct));
        await LoadChoicesAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await FormSave.TryAsync(ModelState, () => replace.HandleAsync(Form.ToInput(), Form.Version, ct), Form.ErrorFields());
        switch (result)
        {
            case SaveResult.Saved:
                TempData["Flash"] = FitUiText.Saved;
                return Redirect("/admin/fit");
            case SaveResult.Stale:
                Form = FitForm.From(await list.HandleAsync(ct));
                break;
            case SaveResult.Refused:
                ModelState.AddModelError("", FitUiText.FixErrors);
                break;
            default:
                throw new InvalidOperationException("Unknown save result.");
        }
        await LoadChoicesAsync(ct);
        return Page();
    }

    /// <summary>Adds an empty row of the chosen dimension to the form as typed so far; nothing is saved.</summary>
    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        ModelState.Clear();
        if (Form.NewDimension is { } dimension && Enum.IsDefined(dimension))
        {
            Form.Rows.Add(new FitRowForm { Dimension = dimension, Weight = DefaultWeight });
            Unsaved = true;
        }
        Form.NewDimension = null;
        await LoadChoicesAsync(ct);
        return Page();
    }

    public IReadOnlyList<string> ErrorsOf(string name) =>
        ModelState.TryGetValue(name, out var entry) ? [.. entry.Errors.Select(e => e.ErrorMessage)] : [];

    public string? Attempted(string name) =>
        ModelState.TryGetValue(name, out var entry) ? entry.AttemptedValue : null;

    private async Task LoadChoicesAsync(CancellationToken ct) =>
        Applications = await TaxonomyChoices.ApplicationsAsync(applications, ct);
}
