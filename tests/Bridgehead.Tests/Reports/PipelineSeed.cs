using Bridgehead.Common;
using Bridgehead.Competitors;
using Bridgehead.Forecasting;
using Bridgehead.Pursuits;
using Bridgehead.Quotes;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Reports;

/// <summary>One step of a seeded pursuit's stage history.</summary>
public sealed record Step(StageMove Move, string Stage, DateTime At);

/// <summary>
/// Pursuits with a back-dated stage history for the pipeline reports, written straight through the
/// system database: the API records every step at the present moment, and reports are about the past.
/// </summary>
public static class PipelineSeed
{
    /// <summary>A rate for a made-up currency no other test uses: 1 XTR = 1,200 of the base currency (KRW).</summary>
    public const string RatedCurrency = "XTR";

    public const decimal Rate = 1200m;

    /// <summary>A made-up currency that never has a rate.</summary>
    public const string UnratedCurrency = "XUN";

    public static DateTime Utc(int year, int month, int day, int hour = 0) => new(year, month, day, hour, 0, 0, DateTimeKind.Utc);

    public static async Task<long> DefaultPipelineIdAsync(this TestApp app)
    {
        await using var db = app.OpenDb();
        return await db.Pipelines.Where(p => p.IsDefault).Select(p => p.Id).FirstAsync();
    }

    public static async Task EnsureRateAsync(this TestApp app)
    {
        await using var db = app.OpenDb();
        if (!await db.ExchangeRates.AnyAsync(r => r.Currency == RatedCurrency))
        {
            db.ExchangeRates.Add(new ExchangeRate { Currency = RatedCurrency, Rate = Rate });
            try
            {
                await db.SaveChangesAsync();
            }
            catch (DbUpdateException)
            {
                // The other test of the same run added it first.
            }
        }
    }

    /// <summary>
    /// A pursuit at the account, owned by <paramref name="ownerId"/>, with these steps as its
    /// history; its stage is the last step's, <paramref name="set"/> sets the rest (status, values).
    /// </summary>
    public static async Task<long> DealAsync(this TestApp app, long accountId, long ownerId, long pipelineId, Step[] steps, Action<Opportunity>? set = null)
    {
        await using var db = app.OpenDb();
        var title = Pursuits.PursuitApi.Unique("Report deal");
        var last = steps[^1];
        var entered = steps.LastOrDefault(s => s.Move is not (StageMove.Won or StageMove.Lost or StageMove.Dropped or StageMove.PipelineChanged)) ?? last;
        var o = new Opportunity
        {
            AccountId = accountId, Title = title, SearchName = Text.SearchKey(title), PipelineId = pipelineId, OwnerId = ownerId,
            Stage = last.Stage, StageEnteredAt = entered.At,
            Status = StatusAfter(last.Move),
        };
        if (o.Status != OpportunityStatus.Open)
        {
            o.ClosedAt = last.At;
        }
        set?.Invoke(o);
        db.Opportunities.Add(o);
        await db.SaveChangesAsync();
        string? from = null;
        foreach (var s in steps)
        {
            db.StageChanges.Add(new StageChange
            {
                OpportunityId = o.Id, PipelineId = pipelineId, Move = s.Move, FromStage = from, ToStage = s.Stage, ChangedByName = "test", At = s.At,
                Status = StatusAfter(s.Move),
            });
            from = s.Stage;
        }
        await db.SaveChangesAsync();
        return o.Id;
    }

    private static OpportunityStatus StatusAfter(StageMove move) => move switch
    {
        StageMove.Won => OpportunityStatus.Won,
        StageMove.Lost => OpportunityStatus.Lost,
        StageMove.Dropped => OpportunityStatus.Dropped,
        StageMove.Opened or StageMove.Advanced or StageMove.Overridden or StageMove.MovedBack or StageMove.Reopened or StageMove.PipelineChanged => OpportunityStatus.Open,
        _ => throw new ArgumentOutOfRangeException(nameof(move)),
    };

    /// <summary>A closed pursuit: opened a month before it closed, closed with this outcome.</summary>
    public static Task<long> ClosedAsync(this TestApp app, long accountId, long ownerId, long pipelineId, StageMove outcome, DateTime closedAt, Action<Opportunity>? set = null) =>
        app.DealAsync(accountId, ownerId, pipelineId,
            [new(StageMove.Opened, "quote", closedAt.AddDays(-30)), new(outcome, "quote", closedAt)], set);

    /// <summary>An open pursuit in the quote stage (default probability 40) expected to close on that day.</summary>
    public static Task<long> OpenAsync(this TestApp app, long accountId, long ownerId, long pipelineId, DateOnly expectedClose, Action<Opportunity>? set = null) =>
        app.DealAsync(accountId, ownerId, pipelineId, [new(StageMove.Opened, "quote", DateTime.UtcNow.AddDays(-3))], o =>
        {
            o.ExpectedCloseDate = expectedClose;
            set?.Invoke(o);
        });

    public static async Task<long> CompetitorAsync(this TestApp app, string name = "Rival")
    {
        await using var db = app.OpenDb();
        var unique = Pursuits.PursuitApi.Unique(name);
        var rival = new Competitor { Name = unique, SearchName = Text.SearchKey(unique) };
        db.Competitors.Add(rival);
        await db.SaveChangesAsync();
        return rival.Id;
    }

    public static async Task QuoteAsync(this TestApp app, long opportunityId, int number, QuoteStatus status, string currency, decimal total, decimal margin, long createdById)
    {
        await using var db = app.OpenDb();
        var accountId = await db.Opportunities.Where(o => o.Id == opportunityId).Select(o => o.AccountId).SingleAsync();
        db.Quotes.Add(new Quote
        {
            AccountId = accountId, OpportunityId = opportunityId, Number = number, Status = status, Currency = currency, Language = "en",
            ValidUntil = new DateOnly(2025, 12, 31), Subtotal = total, Total = total, CostTotal = total - margin, Margin = margin,
            MarginPercent = total == 0 ? null : margin * 100m / total, CreatedById = createdById,
        });
        await db.SaveChangesAsync();
    }

    public static async Task SetIndustryAsync(this TestApp app, long accountId, string industry)
    {
        await using var db = app.OpenDb();
        var account = await db.Accounts.SingleAsync(a => a.Id == accountId);
        account.Industry = industry;
        await db.SaveChangesAsync();
    }
}
