using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Orders;

/// <summary>A product to pick for an order line, with what the plant knows about making it.</summary>
public sealed record OrderProductChoice(long Id, string Sku, string Name, string Unit, int? LeadTimeDays, decimal? WeeklyCapacity);

/// <summary>A contract line as the call-off picker shows it: what is left of the volume at which price.</summary>
public sealed record ContractLineChoice(long ProductId, string Sku, string Name, string Unit, decimal Quantity, decimal Remaining, decimal UnitPrice);

/// <summary>A contract of the account that scheduled orders may call off.</summary>
public sealed record ContractChoice(long Id, string? Number, DateOnly StartsOn, DateOnly EndsOn, string Currency, IReadOnlyList<ContractLineChoice> Lines);

/// <summary>The order entry page's pickers.</summary>
public sealed record OrderChoices(string AccountName, IReadOnlyList<OrderProductChoice> Products, IReadOnlyList<ContractChoice> Contracts);

/// <summary>
/// What the order entry page offers for an account: the active catalogue (plus products the
/// draft already names) and the account's signed contracts that have not ended, with what each
/// has left per product (the draft being changed, when given, does not count).
/// </summary>
public sealed class ListOrderChoices(BridgeheadDb db)
{
    public async Task<OrderChoices> HandleAsync(long accountId, IReadOnlyCollection<long> keep, long? exceptOrderId, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var accountName = await db.Accounts.AsNoTracking().Where(a => a.Id == accountId).Select(a => a.Name).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("account");
        var products = await db.Products.AsNoTracking().Where(p => p.IsActive || keep.Contains(p.Id))
            .OrderBy(p => p.SearchName).ThenBy(p => p.Id)
            .Select(p => new OrderProductChoice(p.Id, p.Sku, p.Name, p.Unit, p.ProductionLeadTimeDays, p.WeeklyCapacity))
            .ToListAsync(ct);
        var today = FulfilmentData.TodayOf(db);
        var contractIds = await db.Contracts.AsNoTracking()
            .Where(c => c.AccountId == accountId && c.SignedOn != null && c.EndsOn >= today)
            .OrderByDescending(c => c.StartsOn).ThenByDescending(c => c.Id)
            .Select(c => c.Id).ToListAsync(ct);
        var names = products.ToDictionary(p => p.Id);
        var contracts = new List<ContractChoice>();
        foreach (var id in contractIds)
        {
            var terms = await ContractTerms.LoadAsync(db, id, exceptOrderId, ct);
            var number = await db.Contracts.AsNoTracking().Where(c => c.Id == id).Select(c => c.Number).FirstAsync(ct);
            contracts.Add(new ContractChoice(id, number, terms!.StartsOn, terms.EndsOn, terms.Currency,
                [.. terms.Lines.Where(l => names.ContainsKey(l.ProductId)).Select(l =>
                {
                    var p = names[l.ProductId];
                    return new ContractLineChoice(l.ProductId, p.Sku, p.Name, p.Unit, l.Quantity, Math.Max(0m, terms.Remaining(l.ProductId)), l.UnitPrice);
                })]));
        }
        return new OrderChoices(accountName, products, contracts);
    }
}
