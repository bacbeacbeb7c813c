using Bridgehead.Common;
using Bridgehead.Data;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Orders;

/// <summary>What the OTIF report groups the lines by.</summary>
public enum OtifGrouping
{
    Account,
    Product,
    Order,
}

/// <summary>The OTIF report's question: lines promised in the period, grouped, optionally of one account or product.</summary>
public sealed record OtifQuery(DateOnly? From = null, DateOnly? To = null, OtifGrouping? By = null, long? AccountId = null, long? ProductId = null);

/// <summary>One group: its key (account, product or order id), its name, and on time in full over its judged lines.</summary>
public sealed record OtifRowDto(long Key, string Name, int Lines, int OnTime, int InFull, int Otif, decimal? OtifPercent);

/// <summary>The report: the period, the grouping, one row per group (worst first) and all groups together.</summary>
public sealed record OtifReportDto(DateOnly From, DateOnly To, OtifGrouping By, IReadOnlyList<OtifRowDto> Rows, OtifSummaryDto Overall);

/// <summary>
/// On time in full over the lines promised in a period (default the last twelve months up to
/// today), of the orders the caller sees. A line counts once it is judged: its promised date has
/// passed, or it is delivered in full. Drafts and cancelled lines do not count.
/// </summary>
public sealed class GetOtif(BridgeheadDb db)
{
    public async Task<OtifReportDto> HandleAsync(OtifQuery query, CancellationToken ct)
    {
        OrderAccess.RequireReader(db.Viewer);
        PeriodBounds.Require(query.From, query.To);
        var today = FulfilmentData.TodayOf(db);
        var to = query.To ?? today;
        var from = query.From ?? to.AddMonths(-12).AddDays(1);
        if (from > to)
        {
            throw ValidationException.For("from", OrderText.PeriodBackwards);
        }
        var by = query.By ?? OtifGrouping.Account;
        var lines = db.OrderLines.AsNoTracking()
            .Where(l => l.Order!.Status != OrderStatus.Draft && l.Status != OrderLineStatus.Cancelled
                && l.PromisedDate >= from && l.PromisedDate <= to);
        if (query.AccountId is { } accountId)
        {
            lines = lines.Where(l => l.AccountId == accountId);
        }
        if (query.ProductId is { } productId)
        {
            lines = lines.Where(l => l.ProductId == productId);
        }
        var rows = await lines
            .Select(l => new
            {
                l.OrderId, l.AccountId, l.ProductId, l.Product!.Sku, ProductName = l.Product.Name, l.Order!.CustomerReference,
                AccountName = db.Accounts.Where(a => a.Id == l.AccountId).Select(a => a.Name).FirstOrDefault(),
                l.Order.Kind, l.Order.Status, LineStatus = l.Status, l.Quantity, l.DeliveredQuantity, l.PromisedDate, l.DeliveredOn,
            })
            .ToListAsync(ct);
        var scored = rows.Select(r => (Row: r, Score: Fulfilment.Score(
            new LineState(r.ProductId, r.Kind, 0, r.Status, r.LineStatus, r.Quantity, r.DeliveredQuantity, r.PromisedDate, r.DeliveredOn), today))).ToList();
        var groups = by switch
        {
            OtifGrouping.Account => scored.GroupBy(x => (Id: x.Row.AccountId, Name: x.Row.AccountName ?? "")),
            OtifGrouping.Product => scored.GroupBy(x => (Id: x.Row.ProductId, Name: x.Row.Sku + " · " + x.Row.ProductName)),
            OtifGrouping.Order => scored.GroupBy(x => (Id: x.Row.OrderId, Name: Validator.Format(OrderText.OrderName, x.Row.OrderId, x.Row.AccountName ?? "")
                + (x.Row.CustomerReference is { } reference ? " (" + reference + ")" : ""))),
            _ => throw new BadRequestException("by", CommonText.UnknownValue),
        };
        var result = groups
            .Select(g => (g.Key, Summary: OtifSummaryDto.Of(g.Select(x => x.Score))))
            .Where(g => g.Summary.Lines > 0)
            .Select(g => new OtifRowDto(g.Key.Id, g.Key.Name, g.Summary.Lines, g.Summary.OnTime, g.Summary.InFull, g.Summary.Otif, g.Summary.OtifPercent))
            .OrderBy(r => r.OtifPercent).ThenBy(r => r.Name, StringComparer.CurrentCulture).ThenBy(r => r.Key)
            .ToList();
        return new OtifReportDto(from, to, by, result, OtifSummaryDto.Of(scored.Select(x => x.Score)));
    }
}

/// <summary>A line late or at risk of being late, for the home page and the account's orders.</summary>
public sealed record OrderAlertDto(long OrderId, long LineId, long AccountId, string AccountName, int Position, long ProductId, string Sku, string ProductName,
    decimal Quantity, decimal DeliveredQuantity, DateOnly PromisedDate, bool Late, bool AtRisk, IReadOnlyList<RiskReasonDto> Reasons);

/// <summary>How the open orders stand: how many, how many lines late and at risk, and the first of those lines (late first, then by date).</summary>
public sealed record OrderAlertsDto(int OpenOrders, int LateLines, int AtRiskLines, IReadOnlyList<OrderAlertDto> Lines);

/// <summary>
/// The open orders (confirmed or partly delivered) of the accounts the caller sees, or of one
/// account: their number, and their lines judged late or at risk.
/// </summary>
public sealed class GetOrderAlerts(BridgeheadDb db)
{
    public const int DefaultLimit = 10;

    public async Task<OrderAlertsDto> HandleAsync(long? accountId, int limit, CancellationToken ct)
    {
        OrderAccess.RequireReader(db.Viewer);
        var orders = db.Orders.AsNoTracking().Where(o => o.Status == OrderStatus.Confirmed || o.Status == OrderStatus.PartlyDelivered);
        if (accountId is { } id)
        {
            orders = orders.Where(o => o.AccountId == id);
        }
        var open = await orders.CountAsync(ct);
        var lines = await db.OrderLines.AsNoTracking()
            .Where(l => (l.Status == OrderLineStatus.Open || l.Status == OrderLineStatus.PartlyDelivered) && l.PromisedDate != null
                && orders.Any(o => o.Id == l.OrderId))
            .Select(l => new
            {
                l.Id, l.OrderId, l.AccountId, AccountName = db.Accounts.Where(a => a.Id == l.AccountId).Select(a => a.Name).FirstOrDefault(),
                l.Position, l.ProductId, l.Product!.Sku, ProductName = l.Product.Name, l.Order!.Kind, l.Order.EngineeringDays, OrderStatus = l.Order.Status,
                l.Status, l.Quantity, l.DeliveredQuantity, l.PromisedDate, l.DeliveredOn,
            })
            .ToListAsync(ct);
        var data = await FulfilmentData.LoadAsync(db, [.. lines.Select(l => l.ProductId).Distinct()], ct);
        var flagged = lines
            .Select(l => (Line: l, Judgement: data.Judge(l.Id, new LineState(l.ProductId, l.Kind, l.EngineeringDays, l.OrderStatus, l.Status, l.Quantity,
                l.DeliveredQuantity, l.PromisedDate, l.DeliveredOn))))
            .Where(x => x.Judgement.Late || x.Judgement.AtRisk)
            .ToList();
        var shown = flagged
            .OrderByDescending(x => x.Judgement.Late).ThenBy(x => x.Line.PromisedDate).ThenBy(x => x.Line.OrderId).ThenBy(x => x.Line.Position)
            .Take(limit)
            .Select(x => new OrderAlertDto(x.Line.OrderId, x.Line.Id, x.Line.AccountId, x.Line.AccountName ?? "", x.Line.Position, x.Line.ProductId,
                x.Line.Sku, x.Line.ProductName, x.Line.Quantity, x.Line.DeliveredQuantity, x.Line.PromisedDate!.Value, x.Judgement.Late, x.Judgement.AtRisk,
                [.. x.Judgement.Reasons.Select(OrderReader.Describe)]))
            .ToList();
        return new OrderAlertsDto(open, flagged.Count(x => x.Judgement.Late), flagged.Count(x => x.Judgement.AtRisk), shown);
    }
}
