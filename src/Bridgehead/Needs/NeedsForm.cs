using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Bridgehead.Common;

namespace Bridgehead.Needs;

/// <summary>One row of the service requirements on the needs form.</summary>
public sealed class ServiceRow
{
    [Display(Name = nameof(NeedsPagesText.ServiceKind), ResourceType = typeof(NeedsPagesText))]
    public ServiceKind? Kind { get; set; }

    [Display(Name = nameof(NeedsPagesText.ServiceDetail), ResourceType = typeof(NeedsPagesText))]
    public string? Detail { get; set; }

    [Display(Name = nameof(NeedsPagesText.MustHave), ResourceType = typeof(NeedsPagesText))]
    public bool MustHave { get; set; }

    public bool IsBlank => Kind is null && string.IsNullOrWhiteSpace(Detail);
}

/// <summary>One row of the trade-offs on the needs form.</summary>
public sealed class TradeRow
{
    [Display(Name = nameof(NeedsPagesText.TradeDirection), ResourceType = typeof(NeedsPagesText))]
    public TradeDirection? Direction { get; set; }

    [Display(Name = nameof(NeedsPagesText.TradeDescription), ResourceType = typeof(NeedsPagesText))]
    public string? Description { get; set; }

    [Display(Name = nameof(NeedsPagesText.TradeEffect), ResourceType = typeof(NeedsPagesText))]
    public decimal? PriceEffectPercent { get; set; }

    public bool IsBlank => Direction is null && string.IsNullOrWhiteSpace(Description) && PriceEffectPercent is null;
}

/// <summary>The needs form as posted by the browser (bound as "Form"); converted to the core's <see cref="NeedsInput"/>.</summary>
public sealed class NeedsForm
{
    [Display(Name = nameof(NeedsPagesText.Target), ResourceType = typeof(NeedsPagesText))]
    public decimal? TargetPrice { get; set; }

    [Display(Name = nameof(NeedsPagesText.Floor), ResourceType = typeof(NeedsPagesText))]
    public decimal? FloorPrice { get; set; }

    [Display(Name = nameof(NeedsPagesText.Currency), ResourceType = typeof(NeedsPagesText))]
    public string? Currency { get; set; }

    [Display(Name = nameof(NeedsPagesText.PriceUnit), ResourceType = typeof(NeedsPagesText))]
    public string? PriceUnit { get; set; }

    [Display(Name = nameof(NeedsPagesText.Priority), ResourceType = typeof(NeedsPagesText))]
    public BuyingPriority? Priority { get; set; }

    [Display(Name = nameof(NeedsPagesText.StandardFitsLabel), ResourceType = typeof(NeedsPagesText))]
    public bool StandardProductFits { get; set; }

    [Display(Name = nameof(NeedsPagesText.NoReferenceReason), ResourceType = typeof(NeedsPagesText))]
    public string? NoReferenceReason { get; set; }

    [Display(Name = nameof(NeedsPagesText.Notes), ResourceType = typeof(NeedsPagesText))]
    public string? Notes { get; set; }

    public List<ServiceRow> Services { get; set; } = [];

    public List<TradeRow> TradeOffs { get; set; } = [];

    [Display(Name = nameof(NeedsPagesText.ReferencesHeading), ResourceType = typeof(NeedsPagesText))]
    public List<long> ReferenceIds { get; set; } = [];

    /// <summary>The version the form was opened on (0: nothing recorded yet).</summary>
    public long Version { get; set; }

    public static NeedsForm From(NeedsDto n) => new()
    {
        TargetPrice = n.TargetPrice?.Amount,
        FloorPrice = n.OurFloorPrice?.Amount,
        Currency = n.TargetPrice?.Currency ?? n.OurFloorPrice?.Currency,
        PriceUnit = n.PriceUnit,
        Priority = n.Priority,
        StandardProductFits = n.StandardProductFits,
        NoReferenceReason = n.NoReferenceReason,
        Notes = n.Notes,
        Services = [.. n.ServiceRequirements.Select(s => new ServiceRow { Kind = s.Kind, Detail = s.Detail, MustHave = s.MustHave })],
        TradeOffs = [.. n.TradeOffs.Select(t => new TradeRow { Direction = t.Direction, Description = t.Description, PriceEffectPercent = t.PriceEffectPercent })],
        ReferenceIds = [.. n.ReferenceIds],
        Version = n.Version,
    };

    /// <summary>The rows that say something (blank rows are left out), with their places on the form.</summary>
    private IReadOnlyList<(ServiceRow Row, int Index)> FilledServices =>
        [.. Services.Select((r, i) => (r, i)).Where(x => !x.r.IsBlank)];

    private IReadOnlyList<(TradeRow Row, int Index)> FilledTrades =>
        [.. TradeOffs.Select((r, i) => (r, i)).Where(x => !x.r.IsBlank)];

    public NeedsInput ToInput()
    {
        var currency = Text.Clean(Currency) ?? "";
        return new NeedsInput
        {
            TargetPrice = TargetPrice is { } t ? new Money(t, currency) : null,
            OurFloorPrice = FloorPrice is { } f ? new Money(f, currency) : null,
            PriceUnit = PriceUnit,
            Priority = Priority,
            StandardProductFits = StandardProductFits,
            NoReferenceReason = NoReferenceReason,
            Notes = Notes,
            ServiceRequirements = [.. FilledServices.Select(x => new ServiceRequirementInput(x.Row.Kind, x.Row.Detail, x.Row.MustHave))],
            TradeOffs = [.. FilledTrades.Select(x => new TradeOffInput(x.Row.Direction, x.Row.Description, x.Row.PriceEffectPercent))],
            ReferenceIds = [.. ReferenceIds.Distinct()],
        };
    }

    /// <summary>The core's field names (e.g. serviceRequirements[0].kind) as this form's fields (Services[2].Kind).</summary>
    public IReadOnlyDictionary<string, string> ErrorFields()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["targetPrice.amount"] = nameof(TargetPrice),
            ["targetPrice.currency"] = nameof(Currency),
            ["ourFloorPrice.amount"] = nameof(FloorPrice),
            ["ourFloorPrice.currency"] = nameof(Currency),
            ["serviceRequirements"] = nameof(Services),
            ["tradeOffs"] = nameof(TradeOffs),
            ["referenceIds"] = nameof(ReferenceIds),
        };
        var services = FilledServices;
        for (var i = 0; i < services.Count; i++)
        {
            var at = services[i].Index.ToString(CultureInfo.InvariantCulture);
            map[$"serviceRequirements[{i}].kind"] = $"Services[{at}].Kind";
            map[$"serviceRequirements[{i}].detail"] = $"Services[{at}].Detail";
        }
        var trades = FilledTrades;
        for (var i = 0; i < trades.Count; i++)
        {
            var at = trades[i].Index.ToString(CultureInfo.InvariantCulture);
            map[$"tradeOffs[{i}].direction"] = $"TradeOffs[{at}].Direction";
            map[$"tradeOffs[{i}].description"] = $"TradeOffs[{at}].Description";
            map[$"tradeOffs[{i}].priceEffectPercent"] = $"TradeOffs[{at}].PriceEffectPercent";
        }
        for (var i = 0; i < ReferenceIds.Count; i++)
        {
            map[$"referenceIds[{i}]"] = nameof(ReferenceIds);
        }
        return map;
    }
}
