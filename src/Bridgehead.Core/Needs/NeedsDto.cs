using Bridgehead.Common;

namespace Bridgehead.Needs;

/// <summary>Where the customer's target price stands against our floor price.</summary>
public enum FloorPosition
{
    /// <summary>The target is at or above our floor: we can meet it.</summary>
    WithinFloor,

    /// <summary>The target is below our floor: a trade or a service must close the gap.</summary>
    BelowFloor,
}

/// <summary>A service the customer requires, as the API returns and takes it.</summary>
public sealed record ServiceRequirementDto(ServiceKind Kind, string? Detail, bool MustHave);

/// <summary>A trade between price and service, as the API returns it.</summary>
public sealed record TradeOffDto(TradeDirection Direction, string Description, decimal? PriceEffectPercent);

/// <summary>An attached reference case: enough to show it and to know whether it may reach the customer.</summary>
public sealed record NeedsReferenceDto(long Id, string Title, string AccountName, bool MayBeNamed);

/// <summary>
/// Target minus floor: negative when the customer wants to pay less than our floor.
/// <c>Percent</c> is the gap in percent of the floor (null when the floor is zero).
/// </summary>
public sealed record PriceGap(decimal Amount, decimal? Percent);

/// <summary>
/// The needs of one pursuit. Before anything is recorded the document is empty with version 0
/// (its ETag is "0"). <c>Gap</c>, <c>Position</c> and <c>MustHaveServices</c> are computed by the
/// server; <c>ReadOnly</c> is true once the pursuit is closed.
/// </summary>
public sealed record NeedsDto(
    long OpportunityId,
    Money? TargetPrice,
    Money? OurFloorPrice,
    string? PriceUnit,
    BuyingPriority? Priority,
    IReadOnlyList<ServiceRequirementDto> ServiceRequirements,
    IReadOnlyList<TradeOffDto> TradeOffs,
    IReadOnlyList<long> ReferenceIds,
    IReadOnlyList<NeedsReferenceDto> References,
    string? NoReferenceReason,
    bool StandardProductFits,
    string? Notes,
    PriceGap? Gap,
    FloorPosition? Position,
    int MustHaveServices,
    bool ReadOnly,
    long Version,
    DateTime? UpdatedAt)
{
    /// <summary>Nothing recorded yet.</summary>
    public bool IsEmpty => Version == 0;

    /// <summary>Target minus floor, when both are known, with the position it gives.</summary>
    public static (PriceGap? Gap, FloorPosition? Position) Compare(decimal? target, decimal? floor)
    {
        if (target is not { } t || floor is not { } f)
        {
            return (null, null);
        }
        var amount = t - f;
        decimal? percent = f == 0 ? null : decimal.Round(amount / f * 100m, 2, MidpointRounding.AwayFromZero);
        return (new PriceGap(amount, percent), amount < 0 ? FloorPosition.BelowFloor : FloorPosition.WithinFloor);
    }
}

/// <summary>One service requirement in the body of PUT.</summary>
public sealed record ServiceRequirementInput(ServiceKind? Kind, string? Detail = null, bool? MustHave = null);

/// <summary>One trade-off in the body of PUT.</summary>
public sealed record TradeOffInput(TradeDirection? Direction, string? Description, decimal? PriceEffectPercent = null);

/// <summary>
/// The body of PUT /opportunities/{id}/needs: the whole document, replacing what was recorded.
/// Both prices share one currency; a field left out is cleared (lists become empty).
/// </summary>
public sealed record NeedsInput
{
    public const int MaxServices = 20;
    public const int MaxTradeOffs = 20;
    public const int MaxReferences = 20;
    public const decimal MaxEffectPercent = 100m;

    public Money? TargetPrice { get; init; }
    public Money? OurFloorPrice { get; init; }
    public string? PriceUnit { get; init; }
    public BuyingPriority? Priority { get; init; }
    public IReadOnlyList<ServiceRequirementInput>? ServiceRequirements { get; init; }
    public IReadOnlyList<TradeOffInput>? TradeOffs { get; init; }
    public IReadOnlyList<long>? ReferenceIds { get; init; }
    public string? NoReferenceReason { get; init; }
    public bool? StandardProductFits { get; init; }
    public string? Notes { get; init; }

    /// <summary>The recorded document as an input, for changes of one part (attach or detach a reference).</summary>
    public static NeedsInput From(NeedsDto n) => new()
    {
        TargetPrice = n.TargetPrice,
        OurFloorPrice = n.OurFloorPrice,
        PriceUnit = n.PriceUnit,
        Priority = n.Priority,
        ServiceRequirements = [.. n.ServiceRequirements.Select(s => new ServiceRequirementInput(s.Kind, s.Detail, s.MustHave))],
        TradeOffs = [.. n.TradeOffs.Select(t => new TradeOffInput(t.Direction, t.Description, t.PriceEffectPercent))],
        ReferenceIds = n.ReferenceIds,
        NoReferenceReason = n.NoReferenceReason,
        StandardProductFits = n.StandardProductFits,
        Notes = n.Notes,
    };
}
