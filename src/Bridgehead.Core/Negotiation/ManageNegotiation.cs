using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Negotiation;

/// <summary>Reads a pursuit's negotiation in four small queries (terms, offers, concessions, the names of the people in them).</summary>
internal static class Negotiations
{
    /// <summary>The pursuit, when the caller sees it: its account and whether it is still open.</summary>
    public static Task<(long AccountId, bool Open)> PursuitAsync(BridgeheadDb db, long opportunityId, CancellationToken ct) =>
        PursuitRecords.FindAsync(db, opportunityId, ct);

    /// <summary>A sales writer on an open pursuit the caller sees; a closed pursuit's negotiation is the record of the deal and stays as it was.</summary>
    public static Task<long> WritableAsync(BridgeheadDb db, long opportunityId, CancellationToken ct) =>
        PursuitRecords.WritableAsync(db, opportunityId, NegotiationText.ClosedReadOnly, ct);

    /// <summary>A manager or admin deciding on an open pursuit they see (a manager, their team's).</summary>
    public static async Task DecidableAsync(BridgeheadDb db, long opportunityId, CancellationToken ct)
    {
        var viewer = Access.Require(db.Viewer);
        if (!viewer.ApprovesDeals)
        {
            throw new ForbiddenException(NegotiationText.OnlyManagersApprove);
        }
        var (_, open) = await PursuitAsync(db, opportunityId, ct);
        if (!open)
        {
            throw new ConflictException([NegotiationText.ClosedReadOnly]);
        }
    }

    public static async Task<NegotiationDto> ReadAsync(BridgeheadDb db, long opportunityId, bool open, CancellationToken ct)
    {
        var terms = await db.NegotiationTerms.AsNoTracking().Where(t => t.OpportunityId == opportunityId)
            .OrderBy(t => t.Position).ThenBy(t => t.Id).ToListAsync(ct);
        var offers = await db.NegotiationOffers.AsNoTracking().Where(o => o.OpportunityId == opportunityId)
            .OrderBy(o => o.Round).ThenBy(o => o.Id).ToListAsync(ct);
        var concessions = await db.Concessions.AsNoTracking().Where(c => c.OpportunityId == opportunityId)
            .OrderBy(c => c.ConcededOn).ThenBy(c => c.Id).ToListAsync(ct);
        var userIds = terms.Select(t => t.ExceptionDecidedById)
            .Concat(offers.SelectMany(o => new[] { o.ApprovedById, (long?)o.RecordedById }))
            .Concat(concessions.Select(c => (long?)c.RecordedById))
            .OfType<long>().Distinct().ToList();
        var names = userIds.Count == 0
            ? []
            : await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        string? Name(long? id) => id is { } x ? names.GetValueOrDefault(x) : null;

        var termById = terms.ToDictionary(t => t.Id);
        var position = terms.Select((t, i) => (t.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var offerDtos = offers.Select(o =>
        {
            var t = termById[o.TermId];
            return new OfferDto(o.Id, o.TermId, o.Round, o.Side, o.Value, o.OfferedOn, o.Note,
                NegotiationRules.IsBeyond(o.Value, t.WalkAway, t.HigherIsBetter), NegotiationRules.IsMade(o.Approval),
                new ApprovalDto(o.Approval, o.ApprovalComment, o.ApprovedById, Name(o.ApprovedById), o.ApprovedAt),
                o.RecordedById, Name(o.RecordedById) ?? "", o.Version);
        }).ToList();

        decimal? Last(long termId, OfferSide side) => offerDtos
            .Where(o => o.TermId == termId && o.Side == side && o.Made)
            .OrderByDescending(o => o.Round).ThenByDescending(o => o.OfferedOn).ThenByDescending(o => o.Id)
            .Select(o => (decimal?)o.Value).FirstOrDefault();

        var termDtos = terms.Select(t => new TermDto(t.Id, t.Kind, t.Label, NegotiationRules.NameOf(t.Kind, t.Label), t.Unit, t.HigherIsBetter,
            t.Opening, t.Target, t.WalkAway, t.Agreed, t.AgreedAt,
            t.Agreed is { } a ? !NegotiationRules.IsBeyond(a, t.WalkAway, t.HigherIsBetter) : null,
            new ApprovalDto(t.Exception, t.ExceptionComment, t.ExceptionDecidedById, Name(t.ExceptionDecidedById), t.ExceptionDecidedAt),
            t.Position, t.Notes, Last(t.Id, OfferSide.Ours), Last(t.Id, OfferSide.Theirs), t.Version)).ToList();

        var rounds = offerDtos.GroupBy(o => o.Round).OrderBy(g => g.Key)
            .Select(g => new RoundDto(g.Key, [.. g.OrderBy(o => position[o.TermId]).ThenBy(o => o.Side).ThenBy(o => o.Id)]))
            .ToList();

        var concessionDtos = concessions.Select(c => new ConcessionDto(c.Id, c.TermId, c.Round, c.Gave, c.Got, Money.From(c.GaveValue, c.Currency),
            c.ConcededOn, c.RecordedById, Name(c.RecordedById) ?? "",
            c.Got is null ? Validator.Format(NegotiationText.WarnNothingReceived, Text.Excerpt(c.Gave, 80)) : null,
            c.Version)).ToList();

        return new NegotiationDto(opportunityId, !open, rounds.Count == 0 ? 0 : rounds[^1].Round, termDtos, rounds, concessionDtos,
            NegotiationRules.Summary(termDtos), NegotiationRules.Warnings(termDtos, offerDtos, concessionDtos));
    }

    /// <summary>The highest round with an offer; 0 before the first.</summary>
    public static async Task<int> CurrentRoundAsync(BridgeheadDb db, long opportunityId, CancellationToken ct) =>
        await db.NegotiationOffers.Where(o => o.OpportunityId == opportunityId).MaxAsync(o => (int?)o.Round, ct) ?? 0;

    /// <summary>A term of this pursuit, or a 422 on <paramref name="field"/>.</summary>
    public static async Task<NegotiationTerm?> TermOfAsync(BridgeheadDb db, long opportunityId, long? termId, Validator v, string field, CancellationToken ct)
    {
        if (termId is not { } id)
        {
            return null;
        }
        var term = await db.NegotiationTerms.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id && t.OpportunityId == opportunityId, ct);
        if (term is null)
        {
            v.Add(field, NegotiationText.TermNotInNegotiation);
        }
        return term;
    }
}

/// <summary>A pursuit's negotiation: terms, rounds, the concession ledger, the agreed summary and the warnings.</summary>
public sealed class GetNegotiation(BridgeheadDb db)
{
    public async Task<NegotiationDto> HandleAsync(long opportunityId, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        var (_, open) = await Negotiations.PursuitAsync(db, opportunityId, ct);
        return await Negotiations.ReadAsync(db, opportunityId, open, ct);
    }
}

/// <summary>One term of a pursuit's negotiation.</summary>
public sealed class GetTerm(GetNegotiation get)
{
    public async Task<TermDto> HandleAsync(long opportunityId, long termId, CancellationToken ct) =>
        (await get.HandleAsync(opportunityId, ct)).Terms.FirstOrDefault(t => t.Id == termId) ?? throw new NotFoundException("negotiationTerm");
}

/// <summary>One offer of a pursuit's negotiation.</summary>
public sealed class GetOffer(GetNegotiation get)
{
    public async Task<OfferDto> HandleAsync(long opportunityId, long offerId, CancellationToken ct) =>
        (await get.HandleAsync(opportunityId, ct)).Rounds.SelectMany(r => r.Offers).FirstOrDefault(o => o.Id == offerId)
        ?? throw new NotFoundException("negotiationOffer");
}

/// <summary>One entry of a pursuit's concession ledger.</summary>
public sealed class GetConcession(GetNegotiation get)
{
    public async Task<ConcessionDto> HandleAsync(long opportunityId, long concessionId, CancellationToken ct) =>
        (await get.HandleAsync(opportunityId, ct)).Concessions.FirstOrDefault(c => c.Id == concessionId)
        ?? throw new NotFoundException("concession");
}

/// <summary>Adds a term with our opening, target and walk-away; agreed beyond walk-away waits for a manager's exception.</summary>
public sealed class AddTerm(BridgeheadDb db, GetTerm get)
{
    public async Task<TermDto> HandleAsync(long opportunityId, TermInput input, CancellationToken ct)
    {
        var accountId = await Negotiations.WritableAsync(db, opportunityId, ct);
        var v = new Validator();
        input.Check(v);
        v.ThrowIfInvalid();
        var last = await db.NegotiationTerms.Where(t => t.OpportunityId == opportunityId).MaxAsync(t => (int?)t.Position, ct) ?? 0;
        var term = new NegotiationTerm { AccountId = accountId, OpportunityId = opportunityId, Position = last + 1 };
        input.ApplyTo(term, db.Clock.GetUtcNow().UtcDateTime);
        db.NegotiationTerms.Add(term);
        await db.SaveAsync(ct);
        return await get.HandleAsync(opportunityId, term.Id, ct);
    }
}

/// <summary>
/// Changes a term; <c>change</c> receives the current values and returns the wanted ones. A new
/// agreed value or walk-away point judges the exception again, and our offers waiting for approval
/// that are now within walk-away need it no longer.
/// </summary>
public sealed class UpdateTerm(BridgeheadDb db, GetTerm get)
{
    public async Task<TermDto> HandleAsync(long opportunityId, long termId, long? expectedVersion, Func<TermInput, TermInput> change, CancellationToken ct)
    {
        await Negotiations.WritableAsync(db, opportunityId, ct);
        var term = await db.NegotiationTerms.FirstOrDefaultAsync(t => t.Id == termId && t.OpportunityId == opportunityId, ct)
            ?? throw new NotFoundException("negotiationTerm");
        Concurrency.Expect(db, term, expectedVersion);
        var values = change(TermInput.From(term));
        var v = new Validator();
        values.Check(v);
        v.ThrowIfInvalid();
        values.ApplyTo(term, db.Clock.GetUtcNow().UtcDateTime);
        var waiting = await db.NegotiationOffers
            .Where(o => o.TermId == termId && o.Side == OfferSide.Ours && o.Approval == ApprovalState.Pending).ToListAsync(ct);
        foreach (var offer in waiting.Where(o => !NegotiationRules.IsBeyond(o.Value, term.WalkAway, term.HigherIsBetter)))
        {
            offer.Approval = ApprovalState.NotNeeded;
        }
        await db.SaveAsync(ct);
        return await get.HandleAsync(opportunityId, termId, ct);
    }
}

/// <summary>Removes a term with its offers; concessions on it stay in the ledger without the term.</summary>
public sealed class RemoveTerm(BridgeheadDb db)
{
    public async Task HandleAsync(long opportunityId, long termId, long? expectedVersion, CancellationToken ct)
    {
        await Negotiations.WritableAsync(db, opportunityId, ct);
        var term = await db.NegotiationTerms.FirstOrDefaultAsync(t => t.Id == termId && t.OpportunityId == opportunityId, ct)
            ?? throw new NotFoundException("negotiationTerm");
        Concurrency.Expect(db, term, expectedVersion);
        // Loaded so each removal is on the record (the database would cascade them silently).
        var offers = await db.NegotiationOffers.Where(o => o.TermId == termId).ToListAsync(ct);
        var concessions = await db.Concessions.Where(c => c.TermId == termId).ToListAsync(ct);
        db.NegotiationOffers.RemoveRange(offers);
        foreach (var c in concessions)
        {
            c.TermId = null;
        }
        db.NegotiationTerms.Remove(term);
        await db.SaveAsync(ct);
    }
}

/// <summary>Records an offer and judges whether it needs approval.</summary>
internal static class OfferRules
{
    /// <summary>
    /// The round an offer goes in when none is given: the current one, or the next when this side
    /// has already offered on the term in the current round (1 before any offer).
    /// </summary>
    public static async Task<int> DefaultRoundAsync(BridgeheadDb db, long opportunityId, long termId, OfferSide side, CancellationToken ct)
    {
        var current = await Negotiations.CurrentRoundAsync(db, opportunityId, ct);
        if (current == 0)
        {
            return 1;
        }
        var taken = await db.NegotiationOffers.AnyAsync(o => o.OpportunityId == opportunityId && o.Round == current && o.TermId == termId && o.Side == side, ct);
        return taken ? current + 1 : current;
    }

    /// <summary>Our offer beyond walk-away waits for a manager; theirs and ours within need nobody.</summary>
    public static ApprovalState Needed(NegotiationTerm term, OfferSide side, decimal value) =>
        side == OfferSide.Ours && NegotiationRules.IsBeyond(value, term.WalkAway, term.HigherIsBetter) ? ApprovalState.Pending : ApprovalState.NotNeeded;
}

/// <summary>
/// Records one side's offer on a term. Our offer beyond walk-away waits for a manager's approval
/// and is not made until approved; their offers need none.
/// </summary>
public sealed class RecordOffer(BridgeheadDb db, GetOffer get)
{
    public async Task<OfferDto> HandleAsync(long opportunityId, OfferInput input, CancellationToken ct)
    {
        var accountId = await Negotiations.WritableAsync(db, opportunityId, ct);
        var viewer = Access.Require(db.Viewer);
        var current = await Negotiations.CurrentRoundAsync(db, opportunityId, ct);
        var v = new Validator();
        input.Check(v, Math.Min(current + 1, NegotiationRules.MaxRound));
        var term = await Negotiations.TermOfAsync(db, opportunityId, input.TermId, v, "termId", ct);
        v.ThrowIfInvalid();
        var side = input.Side!.Value;
        var offer = new NegotiationOffer
        {
            AccountId = accountId,
            OpportunityId = opportunityId,
            TermId = term!.Id,
            Round = input.Round ?? await OfferRules.DefaultRoundAsync(db, opportunityId, term.Id, side, ct),
            Side = side,
            Value = input.Value!.Value,
            OfferedOn = input.OfferedOn ?? DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime),
            Note = Text.Clean(input.Note),
            Approval = OfferRules.Needed(term, side, input.Value!.Value),
            RecordedById = viewer.UserId ?? throw new ForbiddenException(CommonText.SystemNeedsOwner),
        };
        db.NegotiationOffers.Add(offer);
        await db.SaveAsync(ct);
        return await get.HandleAsync(opportunityId, offer.Id, ct);
    }
}

/// <summary>
/// Changes an offer; a new value, side or term judges the approval again (a decision was about
/// the old offer). The round may move to any up to the one after the current.
/// </summary>
public sealed class UpdateOffer(BridgeheadDb db, GetOffer get)
{
    public async Task<OfferDto> HandleAsync(long opportunityId, long offerId, long? expectedVersion, Func<OfferInput, OfferInput> change, CancellationToken ct)
    {
        await Negotiations.WritableAsync(db, opportunityId, ct);
        var offer = await db.NegotiationOffers.FirstOrDefaultAsync(o => o.Id == offerId && o.OpportunityId == opportunityId, ct)
            ?? throw new NotFoundException("negotiationOffer");
        Concurrency.Expect(db, offer, expectedVersion);
        var values = change(OfferInput.From(offer));
        var current = await Negotiations.CurrentRoundAsync(db, opportunityId, ct);
        var v = new Validator();
        values.Check(v, Math.Min(current + 1, NegotiationRules.MaxRound));
        if (values.Round is null)
        {
            v.Add("round", CommonText.Required);
        }
        if (values.OfferedOn is null)
        {
            v.Add("offeredOn", CommonText.Required);
        }
        var term = await Negotiations.TermOfAsync(db, opportunityId, values.TermId, v, "termId", ct);
        v.ThrowIfInvalid();
        var rejudge = offer.TermId != term!.Id || offer.Side != values.Side || offer.Value != values.Value;
        offer.TermId = term.Id;
        offer.Round = values.Round!.Value;
        offer.Side = values.Side!.Value;
        offer.Value = values.Value!.Value;
        offer.OfferedOn = values.OfferedOn!.Value;
        offer.Note = Text.Clean(values.Note);
        if (rejudge)
        {
            offer.Approval = OfferRules.Needed(term, offer.Side, offer.Value);
            offer.ApprovalComment = null;
            offer.ApprovedById = null;
            offer.ApprovedAt = null;
        }
        await db.SaveAsync(ct);
        return await get.HandleAsync(opportunityId, offerId, ct);
    }
}

/// <summary>Removes an offer recorded by mistake.</summary>
public sealed class RemoveOffer(BridgeheadDb db)
{
    public async Task HandleAsync(long opportunityId, long offerId, long? expectedVersion, CancellationToken ct)
    {
        await Negotiations.WritableAsync(db, opportunityId, ct);
        var offer = await db.NegotiationOffers.FirstOrDefaultAsync(o => o.Id == offerId && o.OpportunityId == opportunityId, ct)
            ?? throw new NotFoundException("negotiationOffer");
        Concurrency.Expect(db, offer, expectedVersion);
        db.NegotiationOffers.Remove(offer);
        await db.SaveAsync(ct);
    }
}

/// <summary>Adds an entry to the concession ledger; one with nothing received is kept and flagged.</summary>
public sealed class AddConcession(BridgeheadDb db, GetConcession get)
{
    public async Task<ConcessionDto> HandleAsync(long opportunityId, ConcessionInput input, CancellationToken ct)
    {
        var accountId = await Negotiations.WritableAsync(db, opportunityId, ct);
        var viewer = Access.Require(db.Viewer);
        var v = new Validator();
        input.Check(v);
        await Negotiations.TermOfAsync(db, opportunityId, input.TermId, v, "termId", ct);
        v.ThrowIfInvalid();
        var concession = new Concession
        {
            AccountId = accountId,
            OpportunityId = opportunityId,
            Gave = "",
            RecordedById = viewer.UserId ?? throw new ForbiddenException(CommonText.SystemNeedsOwner),
        };
        input.ApplyTo(concession, DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime));
        db.Concessions.Add(concession);
        await db.SaveAsync(ct);
        return await get.HandleAsync(opportunityId, concession.Id, ct);
    }
}

/// <summary>Changes a concession; <c>change</c> receives the current values and returns the wanted ones.</summary>
public sealed class UpdateConcession(BridgeheadDb db, GetConcession get)
{
    public async Task<ConcessionDto> HandleAsync(long opportunityId, long concessionId, long? expectedVersion, Func<ConcessionInput, ConcessionInput> change, CancellationToken ct)
    {
        await Negotiations.WritableAsync(db, opportunityId, ct);
        var concession = await db.Concessions.FirstOrDefaultAsync(c => c.Id == concessionId && c.OpportunityId == opportunityId, ct)
            ?? throw new NotFoundException("concession");
        Concurrency.Expect(db, concession, expectedVersion);
        var values = change(ConcessionInput.From(concession));
        var v = new Validator();
        values.Check(v);
        if (values.ConcededOn is null)
        {
            v.Add("concededOn", CommonText.Required);
        }
        await Negotiations.TermOfAsync(db, opportunityId, values.TermId, v, "termId", ct);
        v.ThrowIfInvalid();
        values.ApplyTo(concession, concession.ConcededOn);
        await db.SaveAsync(ct);
        return await get.HandleAsync(opportunityId, concessionId, ct);
    }
}

/// <summary>Removes an entry of the concession ledger.</summary>
public sealed class RemoveConcession(BridgeheadDb db)
{
    public async Task HandleAsync(long opportunityId, long concessionId, long? expectedVersion, CancellationToken ct)
    {
        await Negotiations.WritableAsync(db, opportunityId, ct);
        var concession = await db.Concessions.FirstOrDefaultAsync(c => c.Id == concessionId && c.OpportunityId == opportunityId, ct)
            ?? throw new NotFoundException("concession");
        Concurrency.Expect(db, concession, expectedVersion);
        db.Concessions.Remove(concession);
        await db.SaveAsync(ct);
    }
}

/// <summary>A decision (approve or reject) by a manager of the account's team or an admin.</summary>
internal static class Decisions
{
    /// <summary>The comment, checked: required to reject, at most the usual length.</summary>
    public static string? Comment(DecisionInput input, bool approve)
    {
        var comment = Text.Clean(input.Comment);
        var v = new Validator();
        if (!approve && comment is null)
        {
            v.Add("comment", NegotiationText.CommentRequiredToReject);
        }
        v.MaxLength("comment", comment, NegotiationTerm.MaxText);
        v.ThrowIfInvalid();
        return comment;
    }
}

/// <summary>
/// Approves or rejects our offer beyond walk-away. Only a manager who sees the account (their
/// team's) or an admin decides; only an offer waiting for approval can be decided (409 otherwise).
/// </summary>
public sealed class DecideOffer(BridgeheadDb db, GetOffer get)
{
    public async Task<OfferDto> HandleAsync(long opportunityId, long offerId, bool approve, DecisionInput input, long? expectedVersion, CancellationToken ct)
    {
        await Negotiations.DecidableAsync(db, opportunityId, ct);
        var offer = await db.NegotiationOffers.FirstOrDefaultAsync(o => o.Id == offerId && o.OpportunityId == opportunityId, ct)
            ?? throw new NotFoundException("negotiationOffer");
        Concurrency.Expect(db, offer, expectedVersion);
        var comment = Decisions.Comment(input, approve);
        if (offer.Approval != ApprovalState.Pending)
        {
            throw new ConflictException([NegotiationText.NotWaitingForApproval]);
        }
        offer.Approval = approve ? ApprovalState.Approved : ApprovalState.Rejected;
        offer.ApprovalComment = comment;
        offer.ApprovedById = db.Viewer!.UserId;
        offer.ApprovedAt = db.Clock.GetUtcNow().UtcDateTime;
        await db.SaveAsync(ct);
        return await get.HandleAsync(opportunityId, offerId, ct);
    }
}

/// <summary>Approves or rejects a term agreed beyond walk-away (its exception), with the same rules as an offer.</summary>
public sealed class DecideException(BridgeheadDb db, GetTerm get)
{
    public async Task<TermDto> HandleAsync(long opportunityId, long termId, bool approve, DecisionInput input, long? expectedVersion, CancellationToken ct)
    {
        await Negotiations.DecidableAsync(db, opportunityId, ct);
        var term = await db.NegotiationTerms.FirstOrDefaultAsync(t => t.Id == termId && t.OpportunityId == opportunityId, ct)
            ?? throw new NotFoundException("negotiationTerm");
        Concurrency.Expect(db, term, expectedVersion);
        var comment = Decisions.Comment(input, approve);
        if (term.Exception != ApprovalState.Pending)
        {
            throw new ConflictException([NegotiationText.NotWaitingForApproval]);
        }
        term.Exception = approve ? ApprovalState.Approved : ApprovalState.Rejected;
        term.ExceptionComment = comment;
        term.ExceptionDecidedById = db.Viewer!.UserId;
        term.ExceptionDecidedAt = db.Clock.GetUtcNow().UtcDateTime;
        await db.SaveAsync(ct);
        return await get.HandleAsync(opportunityId, termId, ct);
    }
}

/// <summary>
/// What waits for the caller's decision: our offers beyond walk-away and terms agreed beyond it,
/// on open pursuits of accounts the caller sees, oldest first. Empty for those who do not approve.
/// </summary>
public sealed class ListNegotiationApprovals(BridgeheadDb db)
{
    public const int Max = 50;

    public async Task<IReadOnlyList<PendingApprovalDto>> HandleAsync(CancellationToken ct)
    {
        if (db.Viewer is not { ApprovesDeals: true })
        {
            return [];
        }
        var offers = await db.NegotiationOffers.AsNoTracking()
            .Where(o => o.Approval == ApprovalState.Pending)
            .Join(db.Opportunities.Where(p => p.Status == OpportunityStatus.Open), o => o.OpportunityId, p => p.Id, (o, p) => new
            {
                o.Id, o.OpportunityId, p.Title, Account = p.Account!.Name, o.Term!.Kind, o.Term.Label, o.Term.Unit, o.Value, o.Term.WalkAway, o.Round, o.UpdatedAt,
            })
            .OrderBy(x => x.UpdatedAt).ThenBy(x => x.Id).Take(Max).ToListAsync(ct);
        var terms = await db.NegotiationTerms.AsNoTracking()
            .Where(t => t.Exception == ApprovalState.Pending && t.Agreed != null)
            .Join(db.Opportunities.Where(p => p.Status == OpportunityStatus.Open), t => t.OpportunityId, p => p.Id, (t, p) => new
            {
                t.Id, t.OpportunityId, p.Title, Account = p.Account!.Name, t.Kind, t.Label, t.Unit, Value = t.Agreed!.Value, t.WalkAway, t.UpdatedAt,
            })
            .OrderBy(x => x.UpdatedAt).ThenBy(x => x.Id).Take(Max).ToListAsync(ct);
        return [.. offers.Select(o => new PendingApprovalDto("offer", o.Id, o.OpportunityId, o.Title, o.Account, NegotiationRules.NameOf(o.Kind, o.Label), o.Unit, o.Value, o.WalkAway, o.Round, o.UpdatedAt))
            .Concat(terms.Select(t => new PendingApprovalDto("exception", t.Id, t.OpportunityId, t.Title, t.Account, NegotiationRules.NameOf(t.Kind, t.Label), t.Unit, t.Value, t.WalkAway, null, t.UpdatedAt)))
            .OrderBy(x => x.Since).ThenBy(x => x.Id).Take(Max)];
    }
}

/// <summary>
/// Records a round's offers at once (the page's round form): all or none. The round is the one
/// given, else the one after the current; the date the one given, else today. A refused offer is
/// named by its place in the list: <c>offers[2].value</c>.
/// </summary>
public sealed class RecordRound(BridgeheadDb db, RecordOffer record)
{
    public async Task<int> HandleAsync(long opportunityId, int? round, DateOnly? offeredOn, IReadOnlyList<OfferInput> offers, CancellationToken ct)
    {
        await Negotiations.WritableAsync(db, opportunityId, ct);
        if (offers.Count == 0)
        {
            throw ValidationException.For("offers", NegotiationText.NoOffersInRound);
        }
        var number = round ?? await Negotiations.CurrentRoundAsync(db, opportunityId, ct) + 1;
        await db.InTransactionAsync(async () =>
        {
            for (var i = 0; i < offers.Count; i++)
            {
                try
                {
                    await record.HandleAsync(opportunityId, offers[i] with { Round = number, OfferedOn = offeredOn ?? offers[i].OfferedOn }, ct);
                }
                catch (ValidationException e)
                {
                    var index = i;
                    throw new ValidationException(e.Errors.ToDictionary(x => x.Key is "round" or "offeredOn" ? x.Key : $"offers[{index}].{x.Key}", x => x.Value, StringComparer.Ordinal));
                }
            }
        }, ct);
        return number;
    }
}
