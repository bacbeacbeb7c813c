using System.Globalization;
using System.Text.RegularExpressions;
using Bridgehead.Common;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Bridgehead.Orders;

/// <summary>One line row of the order form; a row with nothing in it is ignored.</summary>
public sealed class OrderLineRow
{
    public long? ProductId { get; set; }
    public decimal? Quantity { get; set; }
    public decimal? UnitPrice { get; set; }
    public DateOnly? RequestedDate { get; set; }

    public bool IsBlank => ProductId is null && Quantity is null && UnitPrice is null && RequestedDate is null;
}

/// <summary>The call-off plan of a scheduled order; left empty, the line rows are used.</summary>
public sealed class CallOffRow
{
    public long? ProductId { get; set; }
    public decimal? QuantityPerCallOff { get; set; }
    public DateOnly? FirstDate { get; set; }
    public CallOffRhythm? Rhythm { get; set; }
    public int? Count { get; set; }

    public bool IsBlank => ProductId is null && QuantityPerCallOff is null && FirstDate is null && Count is null;
}

/// <summary>The order entry form as the browser posts it.</summary>
public sealed partial class OrderForm
{
    /// <summary>Blank line rows offered below the filled ones.</summary>
    public const int BlankLines = 5;

    public long? AccountId { get; set; }
    public OrderKind Kind { get; set; } = OrderKind.Spot;
    public long? ContractId { get; set; }
    public string? CustomerReference { get; set; }
    public string? Currency { get; set; }
    public DateOnly? OrderedOn { get; set; }
    public string? Specification { get; set; }
    public int? EngineeringDays { get; set; }
    public string? Notes { get; set; }
    public long Revision { get; set; }
    public List<OrderLineRow> Lines { get; set; } = [];
    public CallOffRow CallOff { get; set; } = new();

    /// <summary>The promised dates "Check dates" showed, line by line; "Confirm order" confirms only if they still hold.</summary>
    public List<DateOnly?> Shown { get; set; } = [];

    public static OrderForm From(OrderDto o) => new OrderForm
    {
        AccountId = o.AccountId,
        Kind = o.Kind,
        ContractId = o.ContractId,
        CustomerReference = o.CustomerReference,
        Currency = o.Currency,
        OrderedOn = o.OrderedOn,
        Specification = o.Specification,
        EngineeringDays = o.Kind == OrderKind.MadeToOrder ? o.EngineeringDays : null,
        Notes = o.Notes,
        CallOff = new CallOffRow { Rhythm = o.Rhythm },
        Revision = o.Version,
        Lines = [.. o.Lines.Select(l => new OrderLineRow { ProductId = l.ProductId, Quantity = l.Quantity, UnitPrice = l.UnitPrice?.Amount, RequestedDate = l.RequestedDate })],
    }.WithBlankRows();

    /// <summary>The form with its blank rows to fill in.</summary>
    public OrderForm WithBlankRows()
    {
        Lines = [.. Lines.Where(l => !l.IsBlank), .. Enumerable.Range(0, BlankLines).Select(_ => new OrderLineRow())];
        return this;
    }

    /// <summary>The core's input, skipping blank rows; the map says which form row each input line came from.</summary>
    public (OrderInput Input, List<int> LineRows) ToInput()
    {
        var rows = Lines.Select((l, i) => (l, i)).Where(x => !x.l.IsBlank).Select(x => x.i).ToList();
        var plan = Kind == OrderKind.Scheduled && !CallOff.IsBlank
            ? new CallOffPlanInput(CallOff.ProductId, CallOff.QuantityPerCallOff, CallOff.FirstDate, CallOff.Rhythm, CallOff.Count)
            : null;
        var input = new OrderInput
        {
            AccountId = AccountId,
            Kind = Kind,
            ContractId = ContractId,
            CustomerReference = CustomerReference,
            Currency = Currency,
            OrderedOn = OrderedOn,
            Specification = Kind == OrderKind.MadeToOrder ? Specification : null,
            EngineeringDays = Kind == OrderKind.MadeToOrder ? EngineeringDays : null,
            // Without a plan, the plan's rhythm (if chosen) is the rhythm of the lines written by hand.
            Rhythm = Kind == OrderKind.Scheduled && plan is null ? CallOff.Rhythm : null,
            Notes = Notes,
            Lines = [.. rows.Select(i => Lines[i]).Select(l => new OrderLineInput(l.ProductId, l.Quantity, l.RequestedDate,
                l.UnitPrice is { } price ? new Money(price, "") : null))],
            CallOffPlan = plan,
        };
        return (input, rows);
    }

    [GeneratedRegex(@"^lines\[(\d+)\]\.?(\w*)")]
    private static partial Regex LineField();

    private static string Pascal(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];

    /// <summary>Puts the core's field errors ("lines[1].quantity", "callOffPlan.count") on the form ("Form.Lines[3].Quantity", "Form.CallOff.Count").</summary>
    public static void ApplyErrors(ModelStateDictionary state, ValidationException e, List<int> lineRows)
    {
        foreach (var (field, messages) in e.Errors)
        {
            string key;
            var m = LineField().Match(field);
            if (m.Success)
            {
                var index = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                var row = index < lineRows.Count ? lineRows[index] : index;
                key = $"Form.Lines[{row}]" + (m.Groups[2].Value is { Length: > 0 } p ? "." + Pascal(p) : "");
            }
            else if (field.StartsWith("callOffPlan", StringComparison.Ordinal))
            {
                key = "Form.CallOff" + (field.Length > "callOffPlan.".Length ? "." + Pascal(field["callOffPlan.".Length..].Split('.')[0]) : "");
            }
            else
            {
                key = field == "lines" ? "" : "Form." + Pascal(field.Split('.')[0]);
            }
            foreach (var message in messages)
            {
                state.AddModelError(key, message);
            }
        }
    }
}

/// <summary>How the order pages show statuses, numbers, money and promises.</summary>
public static class OrderDisplay
{
    public static string Number(decimal value) => value.ToString("#,0.####", CultureInfo.CurrentCulture);

    public static string Money(Money? money) => money is null ? Shared.UiText.NotSet : Shared.Display.Money(money.Amount, money.Currency);

    public static string StatusClass(OrderStatus status) => "badge order-" + status.ToString().ToLowerInvariant();

    public static string LineStatusClass(OrderLineStatus status) => "badge order-line-" + status.ToString().ToLowerInvariant();

    public static string Percent(decimal? value) => value is { } v ? v.ToString("0.#", CultureInfo.CurrentCulture) + "%" : Shared.UiText.NotSet;

    /// <summary>An OTIF summary in words: "87.5% (7 of 8 lines)", or that no line is due yet.</summary>
    public static string Otif(OtifSummaryDto otif) =>
        otif.Lines == 0 ? OrderPagesText.OtifNone : Validator.Format(OrderPagesText.OtifOf, Percent(otif.OtifPercent), otif.Otif, otif.Lines);

    /// <summary>Delivered against ordered as a whole percentage, for meters.</summary>
    public static int Progress(decimal delivered, decimal quantity) =>
        quantity <= 0 ? 0 : (int)Math.Min(100m, Math.Round(delivered / quantity * 100m));

    public static string Date(DateOnly? date) => Shared.Display.Date(date);

    /// <summary>Why a promise is what it is, in words.</summary>
    public static IEnumerable<string> Why(LinePromise promise)
    {
        foreach (var reason in promise.Reasons)
        {
            yield return reason switch
            {
                PromiseReason.LeadTime => Validator.Format(OrderPagesText.Why_LeadTime, Date(promise.EarliestDate)),
                PromiseReason.Capacity => FullWeeks(promise) is { Count: > 0 } weeks
                    ? Validator.Format(OrderPagesText.Why_CapacityWeeks, string.Join(", ", weeks.Select(w => Date(w))), Number(FreeUpToRequest(promise)), Number(promise.BookedQuantity))
                    : Validator.Format(OrderPagesText.Why_Capacity, Number(FreeUpToRequest(promise)), Number(promise.BookedQuantity)),
                PromiseReason.MinimumBatch => Validator.Format(OrderPagesText.Why_MinimumBatch, Number(promise.BookedQuantity)),
                PromiseReason.NoLeadTime => OrderPagesText.Why_NoLeadTime,
                PromiseReason.BeyondHorizon => OrderPagesText.Why_BeyondHorizon,
                _ => throw new ArgumentOutOfRangeException(nameof(promise)),
            };
        }
    }

    /// <summary>The weeks up to the requested one that had no room left.</summary>
    public static List<DateOnly> FullWeeks(LinePromise promise) =>
        [.. promise.Weeks.Where(w => w.Free <= 0 && w.WeekStart <= Calendar.WorkingCalendar.WeekStart(promise.RequestedDate)).Select(w => w.WeekStart)];

    /// <summary>The capacity that was free, before this line, in the weeks up to the requested one.</summary>
    public static decimal FreeUpToRequest(LinePromise promise) =>
        promise.Weeks.Where(w => w.WeekStart <= Calendar.WorkingCalendar.WeekStart(promise.RequestedDate)).Sum(w => w.Free);

    /// <summary>The split a planner would offer: part by the requested date, the rest later.</summary>
    public static string? Split(LinePromise promise) => promise.Split is { } s
        ? Validator.Format(OrderPagesText.SplitOffer, Number(s.Quantity), Date(s.Date), Number(s.RestQuantity), Date(s.RestDate))
        : null;
}
