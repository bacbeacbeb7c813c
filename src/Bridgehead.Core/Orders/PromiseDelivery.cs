using System.Globalization;
using Bridgehead.Calendar;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Products;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Orders;

/// <summary>One line to promise: product, quantity and the date the customer wants it.</summary>
public sealed record PromiseLineInput(long? ProductId, decimal? Quantity, DateOnly? RequestedDate);

/// <summary>The body of POST /orders/promise.</summary>
/// <param name="Kind">spot (default), scheduled or madeToOrder.</param>
/// <param name="EngineeringDays">Made-to-order: working days of engineering before production starts.</param>
/// <param name="OrderedOn">The day the order is placed (default today, not in the past): lead times count from here.</param>
public sealed record PromiseInput(IReadOnlyList<PromiseLineInput?>? Lines, OrderKind? Kind = null, int? EngineeringDays = null, DateOnly? OrderedOn = null);

/// <summary>Why a line's promise is not simply its requested date, in words.</summary>
public sealed record PromiseReasonDto(PromiseReason Code, string Message);

/// <summary>A week's load of one product before the line: capacity (fewer on holiday weeks), booked, free.</summary>
public sealed record PromiseWeekDto(DateOnly WeekStart, decimal Capacity, decimal Booked, decimal Free, bool Full);

/// <summary>The promise for one line. Quantities only: no price.</summary>
public sealed record LinePromiseDto(
    int Index,
    long ProductId,
    string Sku,
    decimal Quantity,
    DateOnly RequestedDate,
    DateOnly? EarliestDate,
    DateOnly? PromisedDate,
    bool MeetsRequest,
    decimal BookedQuantity,
    IReadOnlyList<WeekBooking> Bookings,
    IReadOnlyList<PromiseReasonDto> Reasons,
    IReadOnlyList<PromiseWeekDto> Weeks,
    SplitOffer? Split);

/// <summary>What POST /orders/promise answers: the dates we can keep, computed without booking anything.</summary>
public sealed record PromiseDto(DateOnly OrderedOn, OrderKind Kind, int EngineeringDays, IReadOnlyList<LinePromiseDto> Lines);

/// <summary>
/// Capable-to-promise for lines not yet ordered: the earliest dates lead time, booked capacity and
/// the working calendar allow, with the reasons in words, the weeks that decided and a split when
/// part could be on time. Books nothing: confirming an order does.
/// </summary>
public sealed class PromiseDelivery(BridgeheadDb db)
{
    public const int MaxLines = 200;
    public const int MaxEngineeringDays = 365;

    /// <summary>How far ahead a customer's date may lie: planning looks two years ahead, a date beyond five is a typo.</summary>
    public const int MaxYearsAhead = 5;

    public async Task<PromiseDto> HandleAsync(PromiseInput input, CancellationToken ct)
    {
        // Whoever reads orders may ask (sales roles, viewer, quality); not the product role.
        OrderAccess.RequireReader(db.Viewer);
        var today = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
        var v = new Validator();
        var kind = input.Kind ?? OrderKind.Spot;
        v.Defined("kind", input.Kind);
        var engineering = input.EngineeringDays ?? 0;
        v.Range("engineeringDays", input.EngineeringDays, 0, MaxEngineeringDays);
        if (engineering > 0 && kind != OrderKind.MadeToOrder && !v.HasError("engineeringDays"))
        {
            v.Add("engineeringDays", PromiseText.EngineeringOnlyMadeToOrder);
        }
        var orderedOn = input.OrderedOn ?? today;
        if (orderedOn < today)
        {
            v.Add("orderedOn", PromiseText.OrderedOnPast);
        }
        else if (orderedOn > today.AddYears(1))
        {
            v.Add("orderedOn", PromiseText.OrderedOnFar);
        }

        var lines = input.Lines ?? [];
        if (lines.Count == 0)
        {
            v.Add("lines", CommonText.Required);
        }
        else if (lines.Count > MaxLines)
        {
            v.Add("lines", Validator.Format(CommonText.TooMany, MaxLines));
            lines = [];
        }
        var ids = lines.Where(l => l?.ProductId is not null).Select(l => l!.ProductId!.Value).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.Sku, p.Unit, p.IsActive, Facts = new ProductionFacts(p.Id, p.ProductionLeadTimeDays, p.WeeklyCapacity, p.MinimumBatch) })
            .ToDictionaryAsync(p => p.Id, ct);
        var plan = new List<PlanLine>();
        for (var i = 0; i < lines.Count; i++)
        {
            var field = $"lines[{i}]";
            if (lines[i] is not { } line)
            {
                v.Add(field, CommonText.Required);
                continue;
            }
            if (line.ProductId is not { } productId)
            {
                v.Add(field + ".productId", CommonText.Required);
            }
            else if (!products.TryGetValue(productId, out var product))
            {
                v.Add(field + ".productId", PromiseText.UnknownProduct);
            }
            else if (!product.IsActive)
            {
                v.Add(field + ".productId", Validator.Format(PromiseText.RetiredProduct, product.Sku));
            }
            if (line.Quantity is not { } quantity)
            {
                v.Add(field + ".quantity", CommonText.Required);
            }
            else if (quantity <= 0 || quantity > ProductInput.MaxCapacity)
            {
                v.Add(field + ".quantity", Validator.Format(PromiseText.QuantityRange, ProductInput.MaxCapacity));
            }
            else if (decimal.Round(quantity, 4) != quantity)
            {
                v.Add(field + ".quantity", CommonText.TooManyDecimals);
            }
            if (line.RequestedDate is not { } requested)
            {
                v.Add(field + ".requestedDate", CommonText.Required);
            }
            else if (requested > orderedOn.AddYears(MaxYearsAhead))
            {
                v.Add(field + ".requestedDate", Validator.Format(PromiseText.RequestedFar, MaxYearsAhead));
            }
            if (line is { ProductId: { } id, Quantity: { } q, RequestedDate: { } date })
            {
                plan.Add(new PlanLine(id, q, date, kind == OrderKind.MadeToOrder ? engineering : 0));
            }
        }
        v.ThrowIfInvalid();

        var answers = await CapacityPlanning.PlanAsync(db, orderedOn, plan, ct);
        return new PromiseDto(orderedOn, kind, kind == OrderKind.MadeToOrder ? engineering : 0,
            [.. answers.Select(a => PromiseWords.Describe(a, products[a.ProductId].Sku, products[a.ProductId].Unit, products[a.ProductId].Facts, plan[a.Index].EngineeringDays))]);
    }
}

/// <summary>The planner's answer in the caller's language: reasons as sentences built from the facts, weeks marked full.</summary>
public static class PromiseWords
{
    public static LinePromiseDto Describe(LinePromise answer, string sku, string unit, ProductionFacts facts, int engineeringDays)
    {
        var weeks = answer.Weeks.Select(w => new PromiseWeekDto(w.WeekStart, w.Capacity, w.Booked, w.Free, w.Free <= 0)).ToList();
        var reasons = answer.Reasons.Select(r => new PromiseReasonDto(r, Message(r, answer, unit, facts, engineeringDays, weeks))).ToList();
        return new LinePromiseDto(answer.Index, answer.ProductId, sku, answer.Quantity, answer.RequestedDate, answer.EarliestDate,
            answer.PromisedDate, answer.MeetsRequest, answer.BookedQuantity, answer.Bookings, reasons, weeks, answer.Split);
    }

    /// <summary>One reason as a sentence, e.g. "Lead time is 15 working days: the earliest date is 2026-12-18."</summary>
    public static string Message(PromiseReason reason, LinePromise answer, string unit, ProductionFacts facts, int engineeringDays, IReadOnlyList<PromiseWeekDto> weeks) => reason switch
    {
        PromiseReason.LeadTime => engineeringDays > 0
            ? Validator.Format(PromiseText.LeadTimeWithEngineering, facts.LeadTimeDays ?? 0, engineeringDays, Date(answer.EarliestDate))
            : Validator.Format(PromiseText.LeadTime, facts.LeadTimeDays ?? 0, Date(answer.EarliestDate)),
        PromiseReason.Capacity => CapacityMessage(answer, unit, weeks),
        PromiseReason.MinimumBatch => Validator.Format(PromiseText.MinimumBatch, Quantity(facts.MinimumBatch ?? 0), unit),
        PromiseReason.NoLeadTime => PromiseText.NoLeadTime,
        PromiseReason.BeyondHorizon => Validator.Format(PromiseText.BeyondHorizon, DeliveryPlanner.HorizonWeeks, Quantity(answer.Quantity), unit),
        _ => throw new ArgumentOutOfRangeException(nameof(reason)),
    };

    private static string CapacityMessage(LinePromise answer, string unit, IReadOnlyList<PromiseWeekDto> weeks)
    {
        // The weeks up to the requested date when lead time reached it; otherwise the ones the line waited through.
        var inReach = answer.EarliestDate is { } earliest && answer.RequestedDate >= earliest;
        var until = answer.PromisedDate is { } promised ? WorkingCalendar.WeekStart(promised) : DateOnly.MaxValue;
        var window = inReach
            ? weeks.Where(w => w.WeekStart <= WorkingCalendar.WeekStart(answer.RequestedDate)).ToList()
            : weeks.Where(w => w.WeekStart < until).ToList();
        var full = window.Where(w => w.Full).Select(w => Date(w.WeekStart)).ToList();
        return full.Count switch
        {
            0 when inReach || answer.PromisedDate is null => Validator.Format(PromiseText.CapacityShort, Quantity(window.Sum(w => w.Free)), unit, Date(answer.RequestedDate)),
            0 => Validator.Format(PromiseText.CapacityShortBefore, Quantity(window.Sum(w => w.Free)), unit, Date(until)),
            1 => Validator.Format(PromiseText.WeekFull, full[0]),
            _ => Validator.Format(PromiseText.WeeksFull, string.Join(PromiseText.ListSeparator, full[..^1]) + PromiseText.ListLastSeparator + full[^1]),
        };
    }

    private static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    private static string Quantity(decimal value) => value.ToString("#,0.####", CultureInfo.CurrentCulture);
}
