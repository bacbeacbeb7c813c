using Bridgehead.Auditing;
using Bridgehead.Common;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Quotes;

/// <summary>
/// One quote version: its terms, lines, value propositions and totals (margin for managers and
/// admins), the editor while it is a draft, and the steps of the flow for who may take them.
/// </summary>
[Authorize(Policy = Policies.ReadSales)]
public sealed class DetailModel(GetQuote get, ListQuotes list, UpdateQuote update, ListQuoteProducts products, IServiceProvider services) : PageModel
{
    public QuoteDto Quote { get; private set; } = null!;

    /// <summary>The other versions of the pursuit, for compare links.</summary>
    public IReadOnlyList<QuoteDto> Versions { get; private set; } = [];

    [BindProperty]
    public QuoteForm Form { get; set; } = new();

    public IReadOnlyList<QuoteProductChoice> Products { get; private set; } = [];

    /// <summary>The rules that refused the last step.</summary>
    public IReadOnlyList<string> Refusal { get; private set; } = [];

    public Viewer Viewer => ViewerSource.FromPrincipal(User)!;

    public bool CanEdit => Viewer.CanEditSales && Quote.Status == QuoteStatus.Draft;

    public bool CanDecide => Viewer.ApprovesDeals && Quote.Status == QuoteStatus.Draft && Quote.Approval.State == ApprovalState.Pending;

    public bool CanAnswer => Viewer.CanEditSales && Quote.Status == QuoteStatus.Sent;

    public bool SeesCosts => Viewer.SeesCosts;

    public async Task OnGetAsync(long id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        Form = QuoteForm.From(Quote);
    }

    public async Task<IActionResult> OnPostSaveAsync(long id, CancellationToken ct)
    {
        Quote = await get.HandleAsync(id, ct);
        var (input, lineRows, valueRows) = Form.ToInput(Quote.OpportunityId);
        if (ModelState.IsValid)
        {
            try
            {
                await update.HandleAsync(id, Form.Revision, _ => input, ct);
                TempData["Flash"] = QuotePagesText.Saved;
                return Redirect($"/quotes/{id}");
            }
            catch (ValidationException e)
            {
                QuoteForm.ApplyErrors(ModelState, e, lineRows, valueRows);
            }
            catch (PreconditionFailedException)
            {
                ModelState.Clear();
                ModelState.AddModelError("", Shared.UiText.StaleEdit);
                await LoadAsync(id, ct);
                Form = QuoteForm.From(Quote);
                return Page();
            }
            catch (ConflictException e)
            {
                Refusal = e.Rules;
            }
        }
        // The rows stay as posted, so each error sits on the row it is about.
        await LoadAsync(id, ct);
        return Page();
    }

    public Task<IActionResult> OnPostSubmitAsync(long id, long revision, CancellationToken ct) =>
        StepAsync(id, QuotePagesText.Submitted, () => services.GetRequiredService<SubmitQuote>().HandleAsync(id, revision, ct), ct);

    public Task<IActionResult> OnPostApproveAsync(long id, long revision, string? comment, CancellationToken ct) =>
        StepAsync(id, QuotePagesText.Approved, () => services.GetRequiredService<ApproveQuote>().HandleAsync(id, revision, new ApprovalDecisionInput(comment), ct), ct);

    public Task<IActionResult> OnPostRejectAsync(long id, long revision, string? comment, CancellationToken ct) =>
        StepAsync(id, QuotePagesText.RejectedFlash, () => services.GetRequiredService<RejectQuote>().HandleAsync(id, revision, new ApprovalDecisionInput(comment), ct), ct);

    public Task<IActionResult> OnPostSendAsync(long id, long revision, CancellationToken ct) =>
        StepAsync(id, QuotePagesText.SentFlash, () => services.GetRequiredService<SendQuote>().HandleAsync(id, revision, ct), ct);

    public Task<IActionResult> OnPostAnswerAsync(long id, long revision, CustomerAnswer? outcome, CancellationToken ct) =>
        StepAsync(id, QuotePagesText.Answered, () => services.GetRequiredService<AnswerQuote>().HandleAsync(id, revision, new AnswerInput(outcome), ct), ct);

    public async Task<IActionResult> OnPostDeleteAsync(long id, long revision, CancellationToken ct)
    {
        var quote = await get.HandleAsync(id, ct);
        var result = await StepAsync(id, QuotePagesText.Deleted, async () =>
        {
            await services.GetRequiredService<DeleteQuote>().HandleAsync(id, revision, ct);
            return quote;
        }, ct);
        return result is RedirectResult ? Redirect($"/opportunities/{quote.OpportunityId}") : result;
    }

    public async Task<IActionResult> OnGetHistoryAsync(long id, string? cursor, CancellationToken ct)
    {
        await get.HandleAsync(id, ct);
        return await HistoryFragment.RenderAsync(this, services, "quote", id, cursor, QuotePagesText.ResourceManager,
            new Dictionary<string, Type> { ["status"] = typeof(QuoteStatus), ["approval"] = typeof(ApprovalState) },
            $"/quotes/{id}?handler=history", ct,
            new Dictionary<string, Func<string, string>>
            {
                ["approvalReason"] = value => string.Join(", ", QuoteApproval.Read(value).Select(c => Labels.Of(c))),
            });
    }

    private async Task<IActionResult> StepAsync(long id, string done, Func<Task<QuoteDto>> step, CancellationToken ct)
    {
        try
        {
            await step();
            TempData["Flash"] = done;
            return Redirect($"/quotes/{id}");
        }
        catch (ConflictException e)
        {
            Refusal = e.Rules;
        }
        catch (ValidationException e)
        {
            foreach (var (field, messages) in e.Errors)
            {
                foreach (var message in messages)
                {
                    ModelState.AddModelError(field, message);
                }
            }
        }
        catch (PreconditionFailedException)
        {
            ModelState.AddModelError("", Shared.UiText.StaleEdit);
        }
        await LoadAsync(id, ct);
        Form = QuoteForm.From(Quote);
        return Page();
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        Quote = await get.HandleAsync(id, ct);
        Versions = [.. (await list.HandleAsync(new QuoteFilter { OpportunityId = Quote.OpportunityId }, new PageRequest(PageRequest.MaxLimit), ct)).Items
            .Where(q => q.Id != id)];
        if (CanEdit)
        {
            Products = await products.HandleAsync([.. Quote.Lines.Select(l => l.ProductId)], ct);
        }
    }
}

/// <summary>Writes the next version of a pursuit's quote (from the latest, when there is one) and opens it.</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class NewModel(CreateQuote create) : PageModel
{
    public IActionResult OnGet(long? opportunityId) => Redirect(opportunityId is { } id ? $"/opportunities/{id}" : "/opportunities");

    public async Task<IActionResult> OnPostAsync(long opportunityId, long? copyFrom, CancellationToken ct)
    {
        try
        {
            var quote = await create.HandleAsync(new QuoteInput { OpportunityId = opportunityId, CopyFrom = copyFrom }, ct);
            TempData["Flash"] = QuotePagesText.Created;
            return Redirect($"/quotes/{quote.Id}");
        }
        catch (ValidationException e) when (e.Errors.ContainsKey("opportunityId") || e.Errors.ContainsKey("copyFrom"))
        {
            throw new NotFoundException("opportunity");
        }
        catch (ValidationException e)
        {
            // The version copied names products retired since: start from an empty version instead.
            TempData["Flash"] = string.Join(" ", e.Errors.Values.SelectMany(m => m));
            var quote = await create.HandleAsync(new QuoteInput { OpportunityId = opportunityId }, ct);
            return Redirect($"/quotes/{quote.Id}");
        }
    }
}
