using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Feedback;
using Bridgehead.Forecasting;
using Bridgehead.Negotiation;
using Bridgehead.Pursuits;
using Bridgehead.Quotes;
using Microsoft.EntityFrameworkCore;
using Texts = Bridgehead.Common.Text;

namespace Bridgehead.Home;

/// <summary>A list panel's first rows and how many there are in all.</summary>
public sealed record HomeList<T>(IReadOnlyList<T> Items, int Total);

/// <summary>Makes <see cref="HomeList{T}"/> values.</summary>
public static class HomeList
{
    public static HomeList<T> Empty<T>() => new([], 0);
}

/// <summary>An open pursuit longer in its stage than its pipeline allows.</summary>
public sealed record StalledDealDto(long Id, string Title, long AccountId, string AccountName, string Stage, int DaysInStage, int StalledAfterDays);

/// <summary>
/// The rep's stalled deals: their own open pursuits past their stage's stall threshold, longest
/// in the stage first. Queries: pipelines (1), count (1), rows (1).
/// </summary>
public sealed class ListMyStalledDeals(BridgeheadDb db)
{
    public const int DefaultLimit = 8;

    public async Task<HomeList<StalledDealDto>> HandleAsync(int limit, CancellationToken ct)
    {
        if (db.Viewer is not { CanReadSales: true, UserId: { } me })
        {
            return HomeList.Empty<StalledDealDto>();
        }
        var pipelines = await GateEngine.LoadPipelinesAsync(db, ct);
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var query = Stall.Filter(db.Opportunities.AsNoTracking().Where(o => o.OwnerId == me), pipelines, now, stalled: true);
        var total = await query.CountAsync(ct);
        if (total == 0)
        {
            return HomeList.Empty<StalledDealDto>();
        }
        var rows = await query.OrderBy(o => o.StageEnteredAt).ThenBy(o => o.Id).Take(limit)
            .Select(o => new { o.Id, o.Title, o.AccountId, AccountName = o.Account!.Name, o.PipelineId, o.Stage, o.StageEnteredAt })
            .ToListAsync(ct);
        return new HomeList<StalledDealDto>([.. rows.Select(r =>
        {
            var threshold = pipelines.FirstOrDefault(p => p.Id == r.PipelineId)?.Stages.FirstOrDefault(s => s.Key == r.Stage)?.StalledAfterDays ?? 0;
            return new StalledDealDto(r.Id, r.Title, r.AccountId, r.AccountName, r.Stage, Math.Max(0, (int)(now - r.StageEnteredAt).TotalDays), threshold);
        })], total);
    }
}

/// <summary>Customer feedback on one of the rep's open deals that has no answer yet.</summary>
/// <param name="DaysWaiting">Whole days since it was received.</param>
public sealed record UnansweredFeedbackDto(
    long Id, long OpportunityId, string OpportunityTitle, string AccountName, FeedbackCategory Category, string Text, DateOnly ReceivedOn, DateOnly? DueOn,
    bool Overdue, int DaysWaiting);

/// <summary>
/// Feedback without a response on the open deals the caller owns (whoever answers it), the ones
/// due soonest first, then the oldest. Queries: count (1), rows (1).
/// </summary>
public sealed class ListUnansweredFeedback(BridgeheadDb db)
{
    public const int DefaultLimit = 8;
    public const int Excerpt = 100;

    public async Task<HomeList<UnansweredFeedbackDto>> HandleAsync(int limit, CancellationToken ct)
    {
        if (db.Viewer is not { CanReadSales: true, UserId: { } me })
        {
            return HomeList.Empty<UnansweredFeedbackDto>();
        }
        var today = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
        var query = db.Feedback.AsNoTracking()
            .Where(f => f.Status == FeedbackStatus.Open && f.Response == null
                && f.Opportunity!.OwnerId == me && f.Opportunity.Status == OpportunityStatus.Open);
        var total = await query.CountAsync(ct);
        if (total == 0)
        {
            return HomeList.Empty<UnansweredFeedbackDto>();
        }
        var rows = await query
            .OrderBy(f => f.DueOn == null ? 1 : 0).ThenBy(f => f.DueOn).ThenBy(f => f.ReceivedOn).ThenBy(f => f.Id)
            .Take(limit)
            .Select(f => new { f.Id, f.OpportunityId, f.Opportunity!.Title, AccountName = f.Opportunity.Account!.Name, f.Category, f.Text, f.ReceivedOn, f.DueOn })
            .ToListAsync(ct);
        return new HomeList<UnansweredFeedbackDto>([.. rows.Select(r => new UnansweredFeedbackDto(
            r.Id, r.OpportunityId, r.Title, r.AccountName, r.Category, Texts.Excerpt(r.Text, Excerpt), r.ReceivedOn, r.DueOn,
            r.DueOn is { } due && due < today, Math.Max(0, today.DayNumber - r.ReceivedOn.DayNumber)))], total);
    }
}

/// <summary>What an approval the rep asked for is about.</summary>
public enum ApprovalAskKind
{
    /// <summary>A quote version below the margin floor or above the discount ceiling.</summary>
    Quote,

    /// <summary>Our offer in a negotiation round beyond the walk-away value.</summary>
    Offer,

    /// <summary>A term agreed beyond the walk-away value.</summary>
    Exception,
}

/// <summary>A pending approval the caller is waiting for (no cost or margin: a rep reads it).</summary>
/// <param name="Number">The quote's version, or the offer's round; null for an agreed term.</param>
/// <param name="What">The term negotiated (offers and exceptions); null for a quote.</param>
/// <param name="Since">When it was last changed, i.e. since when it waits.</param>
public sealed record ApprovalAskDto(ApprovalAskKind Kind, long Id, long OpportunityId, string OpportunityTitle, string AccountName, int? Number, string? What, DateTime Since);

/// <summary>
/// Approvals the caller asked for and that still wait for a manager: draft quotes they wrote,
/// offers they recorded, and terms agreed beyond walk-away on the open deals they own. Oldest
/// first. Queries: one per kind (3).
/// </summary>
public sealed class ListMyApprovalRequests(BridgeheadDb db)
{
    public const int DefaultLimit = 8;

    public async Task<HomeList<ApprovalAskDto>> HandleAsync(int limit, CancellationToken ct)
    {
        if (db.Viewer is not { CanEditSales: true, UserId: { } me })
        {
            return HomeList.Empty<ApprovalAskDto>();
        }
        var quotes = await db.Quotes.AsNoTracking()
            .Where(q => q.Approval == ApprovalState.Pending && q.Status == QuoteStatus.Draft && q.CreatedById == me && q.Opportunity!.Status == OpportunityStatus.Open)
            .OrderBy(q => q.UpdatedAt).ThenBy(q => q.Id).Take(limit)
            .Select(q => new ApprovalAskDto(ApprovalAskKind.Quote, q.Id, q.OpportunityId, q.Opportunity!.Title, q.Opportunity.Account!.Name, q.Number, null, q.UpdatedAt))
            .ToListAsync(ct);
        var offers = await db.NegotiationOffers.AsNoTracking()
            .Where(o => o.Approval == ApprovalState.Pending && o.RecordedById == me)
            .Join(db.Opportunities.Where(p => p.Status == OpportunityStatus.Open), o => o.OpportunityId, p => p.Id, (o, p) => new
            {
                o.Id, o.OpportunityId, p.Title, Account = p.Account!.Name, o.Term!.Kind, o.Term.Label, o.Round, o.UpdatedAt,
            })
            .OrderBy(x => x.UpdatedAt).ThenBy(x => x.Id).Take(limit)
            .ToListAsync(ct);
        var terms = await db.NegotiationTerms.AsNoTracking()
            .Where(t => t.Exception == ApprovalState.Pending && t.Agreed != null)
            .Join(db.Opportunities.Where(p => p.Status == OpportunityStatus.Open && p.OwnerId == me), t => t.OpportunityId, p => p.Id, (t, p) => new
            {
                t.Id, t.OpportunityId, p.Title, Account = p.Account!.Name, t.Kind, t.Label, t.UpdatedAt,
            })
            .OrderBy(x => x.UpdatedAt).ThenBy(x => x.Id).Take(limit)
            .ToListAsync(ct);
        var all = quotes
            .Concat(offers.Select(o => new ApprovalAskDto(ApprovalAskKind.Offer, o.Id, o.OpportunityId, o.Title, o.Account, o.Round, NegotiationRules.NameOf(o.Kind, o.Label), o.UpdatedAt)))
            .Concat(terms.Select(t => new ApprovalAskDto(ApprovalAskKind.Exception, t.Id, t.OpportunityId, t.Title, t.Account, null, NegotiationRules.NameOf(t.Kind, t.Label), t.UpdatedAt)))
            .OrderBy(x => x.Since).ThenBy(x => x.Kind).ThenBy(x => x.Id)
            .ToList();
        return new HomeList<ApprovalAskDto>([.. all.Take(limit)], all.Count);
    }
}

/// <summary>One pursuit stage of the team's pipeline.</summary>
/// <param name="Value">Estimated annual value of the open pursuits with a value and a known rate, in the base currency.</param>
public sealed record PipelineStageDto(string Key, int Number, string Name, int Count, decimal Value);

/// <summary>
/// The open pipeline of a manager's team (everyone the caller sees for admin and viewer) by stage.
/// </summary>
/// <param name="Unconverted">Open pursuits with a value in a currency without an exchange rate: counted, not summed.</param>
/// <param name="Stalled">Open pursuits past their stage's stall threshold.</param>
/// <param name="ForTeam">True when limited to the manager's team; false for all the caller sees.</param>
public sealed record TeamPipelineDto(string BaseCurrency, IReadOnlyList<PipelineStageDto> Stages, int Unconverted, int Stalled, bool ForTeam)
{
    public int Count => Stages.Sum(s => s.Count);

    public decimal Value => Stages.Sum(s => s.Value);
}

/// <summary>
/// Team pipeline for the manager's home: count and value per pursuit stage (the database groups by
/// stage and currency; the few rows are converted here with the admins' rates, as the forecast
/// does) and the number of stalled deals. Queries: groups (1), rates (1), pipelines (1), stalled count (1).
/// </summary>
public sealed class LoadTeamPipeline(BridgeheadDb db, CurrencySettings settings)
{
    public async Task<TeamPipelineDto> HandleAsync(CancellationToken ct)
    {
        var viewer = Identity.Access.RequireSalesReader(db.Viewer);
        var open = db.Opportunities.AsNoTracking().Where(o => o.Status == OpportunityStatus.Open);
        if (viewer.ManagedTeamId is { } teamId)
        {
            open = open.Where(o => o.Owner!.TeamId == teamId);
        }
        var groups = await open
            .GroupBy(o => new { o.Stage, o.Currency })
            .Select(g => new { g.Key.Stage, g.Key.Currency, Count = g.Count(), Sum = g.Sum(o => o.EstimatedAnnualValue) })
            .ToListAsync(ct);
        var rates = await db.ExchangeRates.AsNoTracking().ToDictionaryAsync(r => r.Currency, r => r.Rate, ct);
        rates[settings.BaseCurrency] = 1m;
        var unconverted = 0;
        var stages = Pursuits.Stages.Pursuit.Select(s =>
        {
            var count = 0;
            var value = 0m;
            foreach (var g in groups.Where(g => g.Stage == s.Key))
            {
                count += g.Count;
                if (g.Sum is not { } sum || g.Currency is not { } currency)
                {
                    continue;
                }
                if (rates.TryGetValue(currency.Trim(), out var rate))
                {
                    value += sum * rate;
                }
                else
                {
                    unconverted += g.Count;
                }
            }
            return new PipelineStageDto(s.Key, s.Number, s.Name, count, decimal.Round(value, 2, MidpointRounding.AwayFromZero));
        }).ToList();
        var pipelines = await GateEngine.LoadPipelinesAsync(db, ct);
        var stalled = await Stall.Filter(open, pipelines, db.Clock.GetUtcNow().UtcDateTime, stalled: true).CountAsync(ct);
        return new TeamPipelineDto(settings.BaseCurrency, stages, unconverted, stalled, viewer.ManagedTeamId is not null);
    }
}
