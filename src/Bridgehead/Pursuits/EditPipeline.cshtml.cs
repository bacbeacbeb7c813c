using Bridgehead.Identity;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Pursuits;

/// <summary>
/// An admin renames a pipeline and sets up its ten stages in one form: own names per language,
/// skipped stages, probabilities, stall thresholds and gate criteria. A stale form saves nothing.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class EditPipelineModel(GetPipeline get, UpdatePipeline update) : PageModel
{
    [BindProperty]
    public PipelineForm Form { get; set; } = new();

    public PipelineDto Pipeline { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Pipeline = await get.HandleAsync(id, ct);
        Form = PipelineForm.From(Pipeline);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        Pipeline = await get.HandleAsync(id, ct);
        var result = await FormSave.TryAsync(ModelState, () => update.HandleAsync(id, Form.Version, Form.ToInput(Pipeline), ct),
            PipelineForm.ErrorFields(Form.Stages.Count));
        switch (result)
        {
            case SaveResult.Saved:
                TempData["Flash"] = PipelinesText.Saved;
                return Redirect($"/admin/pipelines/{id}");
            case SaveResult.Stale:
                // Show what the other admin saved; the message says why nothing was saved.
                Pipeline = await get.HandleAsync(id, ct);
                Form = PipelineForm.From(Pipeline);
                break;
            case SaveResult.Refused:
                // The stage rows keep what was typed; stages the post left out come back as saved.
                if (Form.Stages.Count != Pipeline.Stages.Count)
                {
                    Form.Stages = PipelineForm.From(Pipeline).Stages;
                }
                break;
            default:
                throw new InvalidOperationException("Unknown save result.");
        }
        return Page();
    }

    public IReadOnlyList<string> ErrorsOf(string name) =>
        ModelState.TryGetValue(name, out var entry) ? [.. entry.Errors.Select(e => e.ErrorMessage)] : [];

    /// <summary>The value as posted, so a number that did not parse is shown as typed.</summary>
    public string? Attempted(string name) =>
        ModelState.TryGetValue(name, out var entry) ? entry.AttemptedValue : null;
}
