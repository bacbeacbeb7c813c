using System.Globalization;
using System.Text.Json.Serialization;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Quotes;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Orders;

/// <summary>A reason a line is at risk: a stable code and the words for the reader.</summary>
public sealed record RiskReasonDto(RiskKind Code, string Message);

/// <summary>
/// One line as the API returns it. <c>unitPrice</c> and <c>lineTotal</c> are absent for those who
/// may not see prices (quality, product) and for a line without a price. <c>onTime</c>,
/// <c>inFull</c> and <c>otif</c> are null until the line is due or delivered in full.
/// </summary>
public sealed record OrderLineDto(
    long Id,
    int Position,
    long ProductId,
    string Sku,
    string Name,
    string Unit,
    decimal Quantity,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Money? UnitPrice,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Money? LineTotal,
    DateOnly RequestedDate,
    DateOnly? PromisedDate,
    OrderLineStatus Status,
    decimal DeliveredQuantity,
    DateOnly? DeliveredOn,
    bool? OnTime,
    bool? InFull,
    bool? Otif,
    bool AtRisk,
    bool Late,
    IReadOnlyList<RiskReasonDto> RiskReasons);

/// <summary>Goods that left against one line.</summary>
public sealed record DeliveryDto(long Id, long OrderId, long OrderLineId, int Position, long ProductId, string Sku, decimal Quantity,
    DateOnly DeliveredOn, string? Note, UserRef RecordedBy, long Version, DateTime CreatedAt);

/// <summary>On time in full over the lines judged so far (due, or delivered in full).</summary>
/// <param name="OtifPercent">Share of the judged lines delivered on time in full, 0-100 with one decimal; null when none is judged.</param>
public sealed record OtifSummaryDto(int Lines, int OnTime, int InFull, int Otif, decimal? OtifPercent)
{
    public static OtifSummaryDto Of(IEnumerable<(bool? OnTime, bool? InFull, bool? Otif)> lines)
    {
        int judged = 0, onTime = 0, inFull = 0, otif = 0;
        foreach (var l in lines.Where(l => l.Otif is not null))
        {
            judged++;
            onTime += l.OnTime == true ? 1 : 0;
            inFull += l.InFull == true ? 1 : 0;
            otif += l.Otif == true ? 1 : 0;
        }
        return new OtifSummaryDto(judged, onTime, inFull, otif, judged == 0 ? null : decimal.Round(100m * otif / judged, 1, MidpointRounding.AwayFromZero));
    }
}

/// <summary>
/// An order as the API returns it. <c>total</c> and each line's prices are absent for quality and
/// product (and when no line has a price); the currency stays. <c>version</c> is the ETag.
/// </summary>
public sealed record OrderDto(
    long Id,
    long AccountId,
    string AccountName,
    OrderKind Kind,
    OrderStatus Status,
    long? ContractId,
    string? CustomerReference,
    string Currency,
    DateOnly OrderedOn,
    string? Specification,
    int EngineeringDays,
    CallOffRhythm? Rhythm,
    string? Notes,
    DateTime? ConfirmedAt,
    UserRef? ConfirmedBy,
    IReadOnlyList<OrderLineDto> Lines,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Money? Total,
    IReadOnlyList<DeliveryDto> Deliveries,
    OtifSummaryDto Otif,
    bool AtRisk,
    bool Late,
    DateOnly? NextDue,
    UserRef CreatedBy,
    long Version,
    DateTime CreatedAt,
    DateTime UpdatedAt);

/// <summary>Reads orders as DTOs for the caller: lines judged (OTIF, late, at risk), prices per role.</summary>
internal static class OrderReader
{
    internal sealed record Row(long Id, long AccountId, string AccountName, OrderKind Kind, OrderStatus Status, long? ContractId, string? CustomerReference,
        string Currency, DateOnly OrderedOn, string? Specification, int EngineeringDays, CallOffRhythm? Rhythm, string? Notes, DateTime? ConfirmedAt,
        long? ConfirmedById, string? ConfirmedByName, long CreatedById, string CreatedByName, long Version, DateTime CreatedAt, DateTime UpdatedAt);

    /// <summary>The row with the names it shows (users by subquery: the order has no navigations to them).</summary>
    internal static System.Linq.Expressions.Expression<Func<Order, Row>> Projection(BridgeheadDb db) => o => new Row(
        o.Id, o.AccountId, db.Accounts.Where(a => a.Id == o.AccountId).Select(a => a.Name).FirstOrDefault() ?? "", o.Kind, o.Status, o.ContractId,
        o.CustomerReference, o.Currency, o.OrderedOn, o.Specification, o.EngineeringDays, o.Rhythm, o.Notes, o.ConfirmedAt, o.ConfirmedById,
        db.Users.Where(u => u.Id == o.ConfirmedById).Select(u => u.DisplayName).FirstOrDefault(), o.CreatedById,
        db.Users.Where(u => u.Id == o.CreatedById).Select(u => u.DisplayName).FirstOrDefault() ?? "", o.Version, o.CreatedAt, o.UpdatedAt);

    internal sealed record LineRow(long Id, long OrderId, int Position, long ProductId, string Sku, string Name, string Unit, decimal Quantity,
        decimal? UnitPrice, DateOnly RequestedDate, DateOnly? PromisedDate, OrderLineStatus Status, decimal DeliveredQuantity, DateOnly? DeliveredOn);

    internal static async Task<List<OrderDto>> ToDtosAsync(BridgeheadDb db, IReadOnlyList<Row> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return [];
        }
        var viewer = Access.Require(db.Viewer);
        var seesPrices = viewer.SeesPrices;
        var ids = rows.Select(r => r.Id).ToList();
        var lines = (await db.OrderLines.AsNoTracking().Where(l => ids.Contains(l.OrderId))
            .OrderBy(l => l.Position).ThenBy(l => l.Id)
            .Select(l => new LineRow(l.Id, l.OrderId, l.Position, l.ProductId, l.Product!.Sku, l.Product.Name, l.Product.Unit, l.Quantity, l.UnitPrice,
                l.RequestedDate, l.PromisedDate, l.Status, l.DeliveredQuantity, l.DeliveredOn))
            .ToListAsync(ct)).ToLookup(l => l.OrderId);
        var deliveries = (await db.Deliveries.AsNoTracking().Where(d => ids.Contains(d.OrderId))
            .OrderBy(d => d.DeliveredOn).ThenBy(d => d.Id)
            .Select(d => new
            {
                d.Id, d.OrderId, d.OrderLineId, d.Line!.Position, d.Line.ProductId, d.Line.Product!.Sku, d.Quantity, d.DeliveredOn, d.Note,
                d.RecordedById, RecordedBy = db.Users.Where(u => u.Id == d.RecordedById).Select(u => u.DisplayName).FirstOrDefault(), d.Version, d.CreatedAt,
            })
            .ToListAsync(ct)).ToLookup(d => d.OrderId);
        var data = await FulfilmentData.LoadAsync(db, [.. lines.SelectMany(g => g).Select(l => l.ProductId).Distinct()], ct);

        return [.. rows.Select(r =>
        {
            var currency = r.Currency.Trim();
            var judged = lines[r.Id].Select(l => (Line: l, Judgement: data.Judge(l.Id, StateOf(r, l)))).ToList();
            var lineDtos = judged.Select(x => ToDto(x.Line, x.Judgement, currency, seesPrices)).ToList();
            var priced = judged.Where(x => x.Line.UnitPrice is not null && x.Line.Status != OrderLineStatus.Cancelled).ToList();
            var total = seesPrices && priced.Count > 0 ? new Money(priced.Sum(x => QuoteMath.Round(x.Line.Quantity * x.Line.UnitPrice!.Value, currency)), currency) : null;
            var open = lineDtos.Where(l => l.Status is OrderLineStatus.Open or OrderLineStatus.PartlyDelivered && l.PromisedDate is not null).ToList();
            return new OrderDto(
                r.Id, r.AccountId, r.AccountName, r.Kind, r.Status, r.ContractId, r.CustomerReference, currency, r.OrderedOn,
                r.Specification, r.EngineeringDays, r.Rhythm, r.Notes, r.ConfirmedAt,
                r.ConfirmedById is { } by ? new UserRef(by, r.ConfirmedByName ?? "") : null,
                lineDtos, total,
                [.. deliveries[r.Id].Select(d => new DeliveryDto(d.Id, d.OrderId, d.OrderLineId, d.Position, d.ProductId, d.Sku, d.Quantity, d.DeliveredOn,
                    d.Note, new UserRef(d.RecordedById, d.RecordedBy ?? ""), d.Version, d.CreatedAt))],
                OtifSummaryDto.Of(lineDtos.Select(l => (l.OnTime, l.InFull, l.Otif))),
                lineDtos.Any(l => l.AtRisk), lineDtos.Any(l => l.Late),
                open.Count == 0 ? null : open.Min(l => l.PromisedDate),
                new UserRef(r.CreatedById, r.CreatedByName), r.Version, r.CreatedAt, r.UpdatedAt);
        })];
    }

    internal static LineState StateOf(Row order, LineRow line) =>
        new(line.ProductId, order.Kind, order.EngineeringDays, order.Status, line.Status, line.Quantity, line.DeliveredQuantity, line.PromisedDate, line.DeliveredOn);

    private static OrderLineDto ToDto(LineRow l, LineJudgement j, string currency, bool seesPrices) => new(
        l.Id, l.Position, l.ProductId, l.Sku, l.Name, l.Unit, l.Quantity,
        seesPrices && l.UnitPrice is { } price ? new Money(price, currency) : null,
        seesPrices && l.UnitPrice is { } p ? new Money(QuoteMath.Round(l.Quantity * p, currency), currency) : null,
        l.RequestedDate, l.PromisedDate, l.Status, l.DeliveredQuantity, l.DeliveredOn,
        j.OnTime, j.InFull, j.Otif, j.AtRisk, j.Late, [.. j.Reasons.Select(Describe)]);

    /// <summary>A risk reason in the reader's language, with its figures.</summary>
    internal static RiskReasonDto Describe(RiskReason reason)
    {
        var culture = CultureInfo.CurrentCulture;
        var message = reason.Kind switch
        {
            RiskKind.DueSoon => Validator.Format(OrderText.Risk_DueSoon, reason.Date.ToString("d", culture)),
            RiskKind.WeekOverbooked => Validator.Format(OrderText.Risk_WeekOverbooked, reason.Date.ToString("d", culture),
                (reason.Booked ?? 0).ToString("#,0.####", culture), (reason.Capacity ?? 0).ToString("#,0.####", culture)),
            RiskKind.LeadTime => Validator.Format(OrderText.Risk_LeadTime, reason.Days ?? 0, reason.Date.ToString("d", culture)),
            _ => throw new ArgumentOutOfRangeException(nameof(reason)),
        };
        return new RiskReasonDto(reason.Kind, message);
    }

    internal static async Task<OrderDto> ReadAsync(BridgeheadDb db, long id, CancellationToken ct)
    {
        var rows = await db.Orders.AsNoTracking().Where(o => o.Id == id).Select(Projection(db)).ToListAsync(ct);
        return rows.Count == 0 ? throw new NotFoundException("order") : (await ToDtosAsync(db, rows, ct))[0];
    }

    /// <summary>An order with its lines, tracked, that the caller sees (404 otherwise).</summary>
    internal static async Task<Order> ForChangeAsync(BridgeheadDb db, long id, CancellationToken ct) =>
        await db.Orders.Include(o => o.Lines).FirstOrDefaultAsync(o => o.Id == id, ct)
            ?? throw new NotFoundException("order");
}
