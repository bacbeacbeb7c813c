using System.Globalization;
using Bridgehead.Identity;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Bridgehead.Pursuits;

/// <summary>An admin adds a pipeline: names, and the standard stages or a copy of another pipeline's settings.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class NewPipelineModel(ListPipelines list, CreatePipeline create) : PageModel
{
    [BindProperty]
    public PipelineForm Form { get; set; } = new();

    public IReadOnlyList<SelectListItem> Sources { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        long id = 0;
        var result = await FormSave.TryAsync(ModelState, async () => id = (await create.HandleAsync(Form.ToNewInput(), ct)).Id);
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = PipelinesText.Created;
            return Redirect($"/admin/pipelines/{id}");
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Sources = [.. (await list.HandleAsync(ct)).Select(p => new SelectListItem(p.Name, p.Id.ToString(CultureInfo.InvariantCulture)))];
}
