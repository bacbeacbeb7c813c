using Bridgehead.Common;

namespace Bridgehead.Orders;

/// <summary>How a customer buys.</summary>
public enum OrderKind
{
    /// <summary>A contract quantity released in call-offs on a rhythm (blanket order).</summary>
    Scheduled,

    /// <summary>A one-off purchase.</summary>
    Spot,

    /// <summary>A custom specification: engineering days come before the production lead time.</summary>
    MadeToOrder,
}

/// <summary>Where an order is. Draft orders book no capacity; confirming books it.</summary>
public enum OrderStatus
{
    Draft,
    Confirmed,
    PartlyDelivered,
    Delivered,
    Cancelled,
}

/// <summary>Where a line is.</summary>
public enum OrderLineStatus
{
    Open,
    PartlyDelivered,
    Delivered,
    Cancelled,
}

/// <summary>How often a scheduled order's call-offs fall due.</summary>
public enum CallOffRhythm
{
    Weekly,
    Biweekly,
    Monthly,
}

/// <summary>
/// Stage 9: a customer's order. Lines carry the date the customer asked for and, once confirmed,
/// the date we promised (capable-to-promise against lead time, booked capacity and the working
/// calendar). Prices are hidden from the quality role, which reads orders of all accounts.
/// </summary>
public sealed class Order : Entity, IAudited, IUnderAccount
{
    public const int MaxReference = 100;
    public const int MaxText = 4000;

    public long AccountId { get; set; }

    public OrderKind Kind { get; set; }

    public OrderStatus Status { get; set; }

    /// <summary>The contract a scheduled order calls off (required for scheduled, optional otherwise).</summary>
    public long? ContractId { get; set; }

    /// <summary>The customer's purchase order number.</summary>
    public string? CustomerReference { get; set; }

    /// <summary>ISO 4217 code of the line prices.</summary>
    public required string Currency { get; set; }

    /// <summary>The day the customer placed it; lead times count from here (or from confirmation, if later).</summary>
    public DateOnly OrderedOn { get; set; }

    /// <summary>Made-to-order: the custom specification.</summary>
    public string? Specification { get; set; }

    /// <summary>Made-to-order: working days of engineering before production can start.</summary>
    public int EngineeringDays { get; set; }

    /// <summary>Scheduled: how often a call-off falls due.</summary>
    public CallOffRhythm? Rhythm { get; set; }

    public string? Notes { get; set; }

    public long CreatedById { get; set; }

    public DateTime? ConfirmedAt { get; set; }

    public long? ConfirmedById { get; set; }

    public List<OrderLine> Lines { get; set; } = [];

    /// <summary>The record's key in the system it was imported from (another CRM, an ERP, a spreadsheet); unique, so importing the same row twice updates instead of creating.</summary>
    public string? ExternalId { get; set; }

    long? IAudited.AuditAccountId => AccountId;
}

/// <summary>One product, quantity and date of an order. A scheduled order has one line per call-off.</summary>
public sealed class OrderLine : Entity, IAudited, IUnderAccount
{
    public long AccountId { get; set; }

    public long OrderId { get; set; }

    public Order? Order { get; set; }

    /// <summary>1, 2, 3... the order on the page.</summary>
    public int Position { get; set; }

    public long ProductId { get; set; }

    public Products.Product? Product { get; set; }

    public decimal Quantity { get; set; }

    /// <summary>Price of one unit in the order's currency; hidden from quality.</summary>
    public decimal? UnitPrice { get; set; }

    /// <summary>When the customer wants it.</summary>
    public DateOnly RequestedDate { get; set; }

    /// <summary>When we promised it; set when the order is confirmed.</summary>
    public DateOnly? PromisedDate { get; set; }

    public OrderLineStatus Status { get; set; }

    /// <summary>Sum of the deliveries so far.</summary>
    public decimal DeliveredQuantity { get; set; }

    /// <summary>The day the line was delivered in full (the last delivery's date).</summary>
    public DateOnly? DeliveredOn { get; set; }

    /// <summary>The line's key in the system it was imported from; unique within its order.</summary>
    public string? ExternalId { get; set; }

    long? IAudited.AuditAccountId => AccountId;
}

/// <summary>Goods that left for the customer against one order line.</summary>
public sealed class Delivery : Entity, IAudited, IUnderAccount
{
    public const int MaxNote = 1000;

    public long AccountId { get; set; }

    public long OrderId { get; set; }

    public long OrderLineId { get; set; }

    public OrderLine? Line { get; set; }

    public decimal Quantity { get; set; }

    public DateOnly DeliveredOn { get; set; }

    public string? Note { get; set; }

    public long RecordedById { get; set; }

    long? IAudited.AuditAccountId => AccountId;
}

/// <summary>
/// Plant capacity taken by a confirmed order line in one week (Monday) of one product. Capacity
/// is plant-wide, so bookings carry quantities only and are read past account visibility: a
/// rep's promise must respect what other teams have booked.
/// </summary>
public sealed class CapacityBooking
{
    public long Id { get; set; }

    public long ProductId { get; set; }

    /// <summary>The Monday of the week the quantity is made in.</summary>
    public DateOnly WeekStart { get; set; }

    public decimal Quantity { get; set; }

    public long OrderLineId { get; set; }
}
