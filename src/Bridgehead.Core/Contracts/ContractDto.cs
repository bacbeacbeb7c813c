using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Orders;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Contracts;

/// <summary>Where a contract stands on a given day; computed on every read, never stored.</summary>
public enum ContractStatus
{
    /// <summary>Not signed yet.</summary>
    Draft,

    /// <summary>Signed; its period has not started.</summary>
    Upcoming,

    /// <summary>Signed, and today is within its period.</summary>
    Active,

    /// <summary>Signed; its period is over.</summary>
    Ended,
}

/// <summary>
/// One product of a contract as the API returns it. <c>CalledOff</c> sums the quantities of the
/// contract's scheduled order lines for this product that are not cancelled (nor on a cancelled
/// order); <c>Remaining</c> is the volume less that (negative when more was called off).
/// </summary>
public sealed record ContractLineDto(
    long Id,
    int Position,
    long ProductId,
    string Sku,
    string Name,
    string Unit,
    decimal Quantity,
    Money UnitPrice,
    Money LineTotal,
    decimal CalledOff,
    decimal Remaining);

/// <summary>
/// A contract as the API returns it. <c>Version</c> is the ETag. Prices are present for every
/// role that reads contracts at all (sales roles and the viewer); cost and margin never are.
/// </summary>
public sealed record ContractDto(
    long Id,
    long AccountId,
    string AccountName,
    long? OpportunityId,
    string? OpportunityTitle,
    string? Number,
    DateOnly StartsOn,
    DateOnly EndsOn,
    DateOnly? SignedOn,
    string Currency,
    string? Terms,
    string? Notes,
    IReadOnlyList<ContractLineDto> Lines,
    Money Total,
    ContractStatus Status,
    long Version,
    DateTime CreatedAt,
    DateTime UpdatedAt);

/// <summary>Reads contracts as DTOs: lines with what was called off, totals and the status of today.</summary>
internal static class ContractReader
{
    internal sealed record Row(
        long Id, long AccountId, string AccountName, long? OpportunityId, string? OpportunityTitle, string? Number, DateOnly StartsOn, DateOnly EndsOn,
        DateOnly? SignedOn, string Currency, string? Terms, string? Notes, long Version, DateTime CreatedAt, DateTime UpdatedAt);

    /// <summary>The pursuit's title by a subquery: the contract has no navigation to it, and a pursuit the caller does not see has none.</summary>
    internal static System.Linq.Expressions.Expression<Func<Contract, Row>> Projection(BridgeheadDb db) => c => new Row(
        c.Id, c.AccountId, db.Accounts.Where(a => a.Id == c.AccountId).Select(a => a.Name).FirstOrDefault() ?? "", c.OpportunityId,
        db.Opportunities.Where(o => o.Id == c.OpportunityId).Select(o => o.Title).FirstOrDefault(), c.Number, c.StartsOn, c.EndsOn, c.SignedOn,
        c.Currency, c.Terms, c.Notes, c.Version, c.CreatedAt, c.UpdatedAt);

    /// <summary>Today (UTC), the day a contract's status is judged against.</summary>
    internal static DateOnly Today(BridgeheadDb db) => DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);

    public static ContractStatus StatusOf(DateOnly? signedOn, DateOnly startsOn, DateOnly endsOn, DateOnly today) =>
        signedOn is null ? ContractStatus.Draft
        : today < startsOn ? ContractStatus.Upcoming
        : today > endsOn ? ContractStatus.Ended
        : ContractStatus.Active;

    /// <summary>A line's total: quantity x unit price, rounded to the currency's minor unit.</summary>
    public static decimal LineTotal(decimal quantity, decimal unitPrice, string currency) => Quotes.QuoteMath.Round(quantity * unitPrice, currency);

    internal static async Task<List<ContractDto>> ToDtosAsync(BridgeheadDb db, IReadOnlyList<Row> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return [];
        }
        var ids = rows.Select(r => r.Id).ToList();
        var lines = (await db.ContractLines.AsNoTracking().Where(l => ids.Contains(l.ContractId))
                .OrderBy(l => l.Position).ThenBy(l => l.Id)
                .Select(l => new { l.Id, l.ContractId, l.Position, l.ProductId, l.Product!.Sku, l.Product.Name, l.Product.Unit, l.Quantity, l.UnitPrice })
                .ToListAsync(ct))
            .ToLookup(l => l.ContractId);
        // Summed here: SQLite cannot add decimals in SQL. A contract's call-offs are a few hundred lines at most.
        var calls = (await db.OrderLines.AsNoTracking()
                .Where(l => l.Order!.ContractId != null && ids.Contains(l.Order.ContractId.Value) && l.Order.Kind == OrderKind.Scheduled
                    && l.Order.Status != OrderStatus.Cancelled && l.Status != OrderLineStatus.Cancelled)
                .Select(l => new { ContractId = l.Order!.ContractId!.Value, l.ProductId, l.Quantity })
                .ToListAsync(ct))
            .GroupBy(l => (l.ContractId, l.ProductId))
            .ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity));
        var today = Today(db);
        return [.. rows.Select(r =>
        {
            var currency = r.Currency.Trim();
            var mine = lines[r.Id].Select(l =>
            {
                var calledOff = calls.GetValueOrDefault((r.Id, l.ProductId));
                return new ContractLineDto(l.Id, l.Position, l.ProductId, l.Sku, l.Name, l.Unit, l.Quantity, new Money(l.UnitPrice, currency),
                    new Money(LineTotal(l.Quantity, l.UnitPrice, currency), currency), calledOff, l.Quantity - calledOff);
            }).ToList();
            return new ContractDto(r.Id, r.AccountId, r.AccountName, r.OpportunityId, r.OpportunityTitle, r.Number, r.StartsOn, r.EndsOn, r.SignedOn,
                currency, r.Terms, r.Notes, mine, new Money(mine.Sum(l => l.LineTotal.Amount), currency),
                StatusOf(r.SignedOn, r.StartsOn, r.EndsOn, today), r.Version, r.CreatedAt, r.UpdatedAt);
        })];
    }

    internal static async Task<ContractDto> ReadAsync(BridgeheadDb db, long id, CancellationToken ct)
    {
        var rows = await db.Contracts.AsNoTracking().Where(c => c.Id == id).Select(Projection(db)).ToListAsync(ct);
        return rows.Count == 0 ? throw new NotFoundException("contract") : (await ToDtosAsync(db, rows, ct))[0];
    }

    /// <summary>A contract with its lines, tracked, that the caller sees (404 otherwise).</summary>
    internal static async Task<Contract> ForChangeAsync(BridgeheadDb db, long id, CancellationToken ct) =>
        await db.Contracts.Include(c => c.Lines).FirstOrDefaultAsync(c => c.Id == id, ct)
            ?? throw new NotFoundException("contract");
}
