using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Feedback;

/// <summary>Where the feedback pages return to.</summary>
internal static class FeedbackPages
{
    public static string Back(long opportunityId) => $"/opportunities/{opportunityId}#feedback";
}

/// <summary>
/// Records feedback. The form sits on the opportunity page and posts here; this page shows it
/// alone when it was refused (with the reasons) or opened directly.
/// </summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class AddModel(GetOpportunity getOpportunity, ListFeedbackContacts contacts, CreateFeedback create) : PageModel
{
    [BindProperty]
    public FeedbackForm Form { get; set; } = new();

    public OpportunityDto Opportunity { get; private set; } = null!;

    public IReadOnlyList<FeedbackContactChoice> Contacts { get; private set; } = [];

    public async Task OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct);

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        var result = await FormSave.TryOrRefuseAsync(this, () => create.HandleAsync(id, Form.ToInput() with { Status = null }, ct));
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = FeedbackPagesText.Added;
            return Redirect(FeedbackPages.Back(id));
        }
        await LoadAsync(id, ct);
        return Page();
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        Opportunity = await getOpportunity.HandleAsync(id, ct);
        Contacts = await contacts.HandleAsync(id, ct);
    }
}

/// <summary>Answers or changes feedback, or deletes it; refuses to overwrite a newer version saved by someone else.</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class EditModel(GetOpportunity getOpportunity, ListFeedbackContacts contacts, GetFeedback get, UpdateFeedback update, DeleteFeedback delete) : PageModel
{
    [BindProperty]
    public FeedbackForm Form { get; set; } = new();

    public OpportunityDto Opportunity { get; private set; } = null!;

    public FeedbackDto Current { get; private set; } = null!;

    public IReadOnlyList<FeedbackContactChoice> Contacts { get; private set; } = [];

    public async Task OnGetAsync(long id, long feedbackId, CancellationToken ct)
    {
        await LoadAsync(id, feedbackId, ct);
        Form = FeedbackForm.From(Current);
    }

    public async Task<IActionResult> OnPostAsync(long id, long feedbackId, CancellationToken ct)
    {
        await LoadAsync(id, feedbackId, ct);
        var result = await FormSave.TryOrRefuseAsync(this, () =>
            update.HandleAsync(id, feedbackId, Form.Version, current => Form.ToInput(current.OwnerId), ct));
        return await AfterAsync(result, id, feedbackId, FeedbackPagesText.Updated, ct);
    }

    /// <summary>The quick answer of the opportunity page: only the response changes (open feedback becomes answered).</summary>
    public async Task<IActionResult> OnPostAnswerAsync(long id, long feedbackId, CancellationToken ct)
    {
        await LoadAsync(id, feedbackId, ct);
        var response = Form.Response;
        var result = await FormSave.TryOrRefuseAsync(this, () =>
            update.HandleAsync(id, feedbackId, Form.Version, current => current with { Response = response }, ct));
        if (result == SaveResult.Refused)
        {
            // Show the whole form with what was typed, so nothing is lost.
            Form = FeedbackForm.From(Current);
            Form.Response = response;
        }
        return await AfterAsync(result, id, feedbackId, FeedbackPagesText.Answered, ct);
    }

    public async Task<IActionResult> OnPostDeleteAsync(long id, long feedbackId, CancellationToken ct)
    {
        await LoadAsync(id, feedbackId, ct);
        var result = await FormSave.TryOrRefuseAsync(this, () => delete.HandleAsync(id, feedbackId, Form.Version, ct));
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = FeedbackPagesText.Deleted;
            return Redirect(FeedbackPages.Back(id));
        }
        return await AfterAsync(result, id, feedbackId, "", ct);
    }

    private async Task<IActionResult> AfterAsync(SaveResult result, long id, long feedbackId, string flash, CancellationToken ct)
    {
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = flash;
            return Redirect(FeedbackPages.Back(id));
        }
        if (result == SaveResult.Stale)
        {
            await LoadAsync(id, feedbackId, ct);
            Form = FeedbackForm.From(Current);
            Response.StatusCode = StatusCodes.Status412PreconditionFailed;
        }
        return Page();
    }

    private async Task LoadAsync(long id, long feedbackId, CancellationToken ct)
    {
        Opportunity = await getOpportunity.HandleAsync(id, ct);
        Current = await get.HandleAsync(id, feedbackId, ct);
        Contacts = await contacts.HandleAsync(id, ct);
    }
}
