using Bridgehead.Common;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Bridgehead.Negotiation;

/// <summary>
/// The negotiation's edit page: add and change terms, record a round's offers, keep the
/// concession ledger; it also takes managers' decisions posted from the opportunity page and home.
/// Every refusal comes back here with the reasons next to the fields.
/// </summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class EditModel(
    GetOpportunity getOpportunity,
    GetNegotiation getNegotiation,
    AddTerm addTerm,
    UpdateTerm updateTerm,
    RemoveTerm removeTerm,
    RecordRound recordRound,
    RemoveOffer removeOffer,
    AddConcession addConcession,
    UpdateConcession updateConcession,
    RemoveConcession removeConcession,
    DecideOffer decideOffer,
    DecideException decideException) : PageModel
{
    [BindProperty] public TermForm Term { get; set; } = new();

    [BindProperty] public RoundForm Round { get; set; } = new();

    [BindProperty] public ConcessionForm Concession { get; set; } = new();

    [BindProperty] public DecisionForm Decision { get; set; } = new();

    public OpportunityDto Opportunity { get; private set; } = null!;

    public NegotiationDto Negotiation { get; private set; } = null!;

    /// <summary>Why a change was refused as a whole (a closed pursuit, nothing waiting for approval).</summary>
    public IReadOnlyList<string> Refusals { get; private set; } = [];

    public NegotiationView View => new(Opportunity, Negotiation, true, ViewerSource.FromPrincipal(User)?.ApprovesDeals == true);

    public string Base => $"/opportunities/{Opportunity.Id}/negotiation";

    public IReadOnlyList<SelectListItem> TermChoices() =>
        [.. Negotiation.Terms.Select(t => new SelectListItem(t.Name, t.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)))];

    public static IReadOnlyList<SelectListItem> Directions() =>
    [
        new(NegotiationPagesText.HigherBetter, "true"),
        new(NegotiationPagesText.LowerBetter, "false"),
    ];

    public async Task<IActionResult> OnGetAsync(long id, long? term, long? concession, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        if (term is { } termId)
        {
            Term = TermForm.From(Negotiation.Terms.FirstOrDefault(t => t.Id == termId) ?? throw new NotFoundException("negotiationTerm"));
        }
        if (concession is { } concessionId)
        {
            Concession = ConcessionForm.From(Negotiation.Concessions.FirstOrDefault(c => c.Id == concessionId) ?? throw new NotFoundException("concession"));
        }
        return Page();
    }

    public Task<IActionResult> OnPostTermAsync(long id, CancellationToken ct) =>
        SaveAsync(id, nameof(Term), null, async () =>
        {
            if (Term.Id is { } termId)
            {
                await updateTerm.HandleAsync(id, termId, Term.Version, _ => Term.ToInput(), ct);
                return NegotiationPagesText.FlashTermSaved;
            }
            await addTerm.HandleAsync(id, Term.ToInput(), ct);
            return NegotiationPagesText.FlashTermAdded;
        }, ct);

    public Task<IActionResult> OnPostRoundAsync(long id, CancellationToken ct)
    {
        var (offers, fields) = Round.ToInputs();
        return SaveAsync(id, nameof(Round), fields, async () =>
        {
            var number = await recordRound.HandleAsync(id, Round.Number, Round.OfferedOn, offers, ct);
            return Validator.Format(NegotiationPagesText.FlashRoundRecorded, number);
        }, ct);
    }

    public Task<IActionResult> OnPostConcessionAsync(long id, CancellationToken ct) =>
        SaveAsync(id, nameof(Concession), ConcessionForm.Fields, async () =>
        {
            if (Concession.Id is { } concessionId)
            {
                await updateConcession.HandleAsync(id, concessionId, Concession.Version, _ => Concession.ToInput(), ct);
                return NegotiationPagesText.FlashConcessionSaved;
            }
            await addConcession.HandleAsync(id, Concession.ToInput(), ct);
            return NegotiationPagesText.FlashConcessionAdded;
        }, ct);

    public Task<IActionResult> OnPostDeleteTermAsync(long id, long recordId, long version, CancellationToken ct) =>
        SaveAsync(id, "", null, async () =>
        {
            await removeTerm.HandleAsync(id, recordId, version, ct);
            return NegotiationPagesText.FlashTermRemoved;
        }, ct);

    public Task<IActionResult> OnPostDeleteOfferAsync(long id, long recordId, long version, CancellationToken ct) =>
        SaveAsync(id, "", null, async () =>
        {
            await removeOffer.HandleAsync(id, recordId, version, ct);
            return NegotiationPagesText.FlashOfferRemoved;
        }, ct);

    public Task<IActionResult> OnPostDeleteConcessionAsync(long id, long recordId, long version, CancellationToken ct) =>
        SaveAsync(id, "", null, async () =>
        {
            await removeConcession.HandleAsync(id, recordId, version, ct);
            return NegotiationPagesText.FlashConcessionRemoved;
        }, ct);

    /// <summary>A manager's approval or rejection; back to where it was posted from (the opportunity page or home).</summary>
    public async Task<IActionResult> OnPostDecideAsync(long id, CancellationToken ct)
    {
        var input = new DecisionInput { Comment = Decision.Comment };
        var result = await TryAsync(nameof(Decision), null, async () =>
        {
            switch (Decision.Kind)
            {
                case "offer":
                    await decideOffer.HandleAsync(id, Decision.RecordId, Decision.Approve, input, Decision.Version, ct);
                    break;
                case "exception":
                    await decideException.HandleAsync(id, Decision.RecordId, Decision.Approve, input, Decision.Version, ct);
                    break;
                default:
                    throw new BadRequestException("kind", NegotiationPagesText.UnknownDecision);
            }
        });
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = Decision.Approve ? NegotiationPagesText.FlashApproved : NegotiationPagesText.FlashRejected;
            return Redirect(Decision.Back == "home" ? "/" : $"/opportunities/{id}#negotiation");
        }
        await LoadAsync(id, ct);
        return Page();
    }

    private async Task<IActionResult> SaveAsync(long id, string prefix, IReadOnlyDictionary<string, string>? fields, Func<Task<string>> save, CancellationToken ct)
    {
        string? flash = null;
        var result = await TryAsync(prefix, fields, async () => flash = await save());
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = flash;
            return Redirect(PathOf(id) + (prefix.Length == 0 ? "" : "#ng-" + prefix.ToLowerInvariant() + "-form"));
        }
        await LoadAsync(id, ct);
        if (result == SaveResult.Stale)
        {
            // Someone saved first: the form shows what is there now.
            Term = Term.Id is { } termId && Negotiation.Terms.FirstOrDefault(t => t.Id == termId) is { } fresh ? TermForm.From(fresh) : new TermForm();
            Concession = Concession.Id is { } cid && Negotiation.Concessions.FirstOrDefault(c => c.Id == cid) is { } c ? ConcessionForm.From(c) : new ConcessionForm();
        }
        return Page();
    }

    private async Task<SaveResult> TryAsync(string prefix, IReadOnlyDictionary<string, string>? fields, Func<Task> save)
    {
        // Only the posted form's own fields count: the other forms on the page were not sent.
        foreach (var key in ModelState.Keys.Where(k => prefix.Length == 0 || !k.StartsWith(prefix + ".", StringComparison.Ordinal)).ToList())
        {
            ModelState.Remove(key);
        }
        try
        {
            return await FormSave.TryAsync(ModelState, save, fields, prefix);
        }
        catch (ConflictException e)
        {
            Refusals = e.Rules;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return SaveResult.Refused;
        }
    }

    private static string PathOf(long id) => $"/opportunities/{id}/negotiation";

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        Opportunity = await getOpportunity.HandleAsync(id, ct);
        Negotiation = await getNegotiation.HandleAsync(id, ct);
        if (Round.Rows.Count == 0 || Round.Rows.Count != Negotiation.Terms.Count)
        {
            Round.Rows = [.. Negotiation.Terms.Select(t => new RoundRow { TermId = t.Id })];
        }
        Round.Number ??= Negotiation.CurrentRound + 1;
    }
}
