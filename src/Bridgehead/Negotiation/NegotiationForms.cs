using System.ComponentModel.DataAnnotations;
using Bridgehead.Common;

namespace Bridgehead.Negotiation;

/// <summary>The term form (bound as "Term"): a new term when <c>Id</c> is empty, else that term.</summary>
public sealed class TermForm
{
    public long? Id { get; set; }

    public long Version { get; set; }

    [Display(Name = nameof(NegotiationPagesText.Kind), ResourceType = typeof(NegotiationPagesText))]
    public TermKind? Kind { get; set; }

    [Display(Name = nameof(NegotiationPagesText.Label), ResourceType = typeof(NegotiationPagesText))]
    public string? Label { get; set; }

    [Display(Name = nameof(NegotiationPagesText.Unit), ResourceType = typeof(NegotiationPagesText))]
    public string? Unit { get; set; }

    [Display(Name = nameof(NegotiationPagesText.Direction), ResourceType = typeof(NegotiationPagesText))]
    public bool? HigherIsBetter { get; set; }

    [Display(Name = nameof(NegotiationPagesText.Opening), ResourceType = typeof(NegotiationPagesText))]
    public decimal? Opening { get; set; }

    [Display(Name = nameof(NegotiationPagesText.Target), ResourceType = typeof(NegotiationPagesText))]
    public decimal? Target { get; set; }

    [Display(Name = nameof(NegotiationPagesText.WalkAway), ResourceType = typeof(NegotiationPagesText))]
    public decimal? WalkAway { get; set; }

    [Display(Name = nameof(NegotiationPagesText.Agreed), ResourceType = typeof(NegotiationPagesText))]
    public decimal? Agreed { get; set; }

    [Display(Name = nameof(NegotiationPagesText.Notes), ResourceType = typeof(NegotiationPagesText))]
    public string? Notes { get; set; }

    public TermInput ToInput() => new()
    {
        Kind = Kind,
        Label = Label,
        Unit = Unit,
        HigherIsBetter = HigherIsBetter,
        Opening = Opening,
        Target = Target,
        WalkAway = WalkAway,
        Agreed = Agreed,
        Notes = Notes,
    };

    public static TermForm From(TermDto t) => new()
    {
        Id = t.Id,
        Version = t.Version,
        Kind = t.Kind,
        Label = t.Label,
        Unit = t.Unit,
        HigherIsBetter = t.HigherIsBetter,
        Opening = t.Opening,
        Target = t.Target,
        WalkAway = t.WalkAway,
        Agreed = t.Agreed,
        Notes = t.Notes,
    };
}

/// <summary>One term's line of the round form: our offer, theirs, and a note for both.</summary>
public sealed class RoundRow
{
    public long TermId { get; set; }

    public decimal? Ours { get; set; }

    public decimal? Theirs { get; set; }

    public string? Note { get; set; }
}

/// <summary>The round form (bound as "Round"): one line per term; empty values record nothing.</summary>
public sealed class RoundForm
{
    [Display(Name = nameof(NegotiationPagesText.Round), ResourceType = typeof(NegotiationPagesText))]
    public int? Number { get; set; }

    [Display(Name = nameof(NegotiationPagesText.OfferedOn), ResourceType = typeof(NegotiationPagesText))]
    public DateOnly? OfferedOn { get; set; }

    public List<RoundRow> Rows { get; set; } = [];

    /// <summary>The offers to record, with the form field each API field maps to ("offers[1].value" → "Rows[0].Theirs").</summary>
    public (IReadOnlyList<OfferInput> Offers, IReadOnlyDictionary<string, string> Fields) ToInputs()
    {
        var offers = new List<OfferInput>();
        var fields = new Dictionary<string, string>(StringComparer.Ordinal) { ["round"] = nameof(Number), ["offeredOn"] = nameof(OfferedOn), ["offers"] = nameof(Rows) };
        for (var i = 0; i < Rows.Count; i++)
        {
            var row = Rows[i];
            foreach (var (side, value, name) in new[] { (OfferSide.Ours, row.Ours, nameof(RoundRow.Ours)), (OfferSide.Theirs, row.Theirs, nameof(RoundRow.Theirs)) })
            {
                if (value is null)
                {
                    continue;
                }
                var at = $"offers[{offers.Count}]";
                fields[at + ".value"] = $"Rows[{i}].{name}";
                fields[at + ".side"] = $"Rows[{i}].{name}";
                fields[at + ".termId"] = $"Rows[{i}].{name}";
                fields[at + ".note"] = $"Rows[{i}].Note";
                offers.Add(new OfferInput { TermId = row.TermId, Side = side, Value = value, Note = row.Note });
            }
        }
        return (offers, fields);
    }
}

/// <summary>The concession form (bound as "Concession"): a new entry when <c>Id</c> is empty, else that entry.</summary>
public sealed class ConcessionForm
{
    public long? Id { get; set; }

    public long Version { get; set; }

    [Display(Name = nameof(NegotiationPagesText.Gave), ResourceType = typeof(NegotiationPagesText))]
    public string? Gave { get; set; }

    [Display(Name = nameof(NegotiationPagesText.Got), ResourceType = typeof(NegotiationPagesText))]
    public string? Got { get; set; }

    [Display(Name = nameof(NegotiationPagesText.GaveValue), ResourceType = typeof(NegotiationPagesText))]
    public decimal? GaveAmount { get; set; }

    [Display(Name = nameof(NegotiationPagesText.Currency), ResourceType = typeof(NegotiationPagesText))]
    public string? GaveCurrency { get; set; }

    [Display(Name = nameof(NegotiationPagesText.Term), ResourceType = typeof(NegotiationPagesText))]
    public long? TermId { get; set; }

    [Display(Name = nameof(NegotiationPagesText.Round), ResourceType = typeof(NegotiationPagesText))]
    public int? Round { get; set; }

    [Display(Name = nameof(NegotiationPagesText.ConcededOn), ResourceType = typeof(NegotiationPagesText))]
    public DateOnly? ConcededOn { get; set; }

    public static readonly IReadOnlyDictionary<string, string> Fields = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["gaveValue.amount"] = nameof(GaveAmount),
        ["gaveValue.currency"] = nameof(GaveCurrency),
        ["gaveValue"] = nameof(GaveAmount),
    };

    public ConcessionInput ToInput() => new()
    {
        Gave = Gave,
        Got = Got,
        GaveValue = GaveAmount is { } amount ? new Money(amount, Text.Clean(GaveCurrency)?.ToUpperInvariant() ?? "") : null,
        TermId = TermId,
        Round = Round,
        ConcededOn = ConcededOn,
    };

    public static ConcessionForm From(ConcessionDto c) => new()
    {
        Id = c.Id,
        Version = c.Version,
        Gave = c.Gave,
        Got = c.Got,
        GaveAmount = c.GaveValue?.Amount,
        GaveCurrency = c.GaveValue?.Currency,
        TermId = c.TermId,
        Round = c.Round,
        ConcededOn = c.ConcededOn,
    };
}

/// <summary>A manager's decision posted from the opportunity page or the home panel (bound as "Decision").</summary>
public sealed class DecisionForm
{
    /// <summary>"offer" or "exception".</summary>
    public string? Kind { get; set; }

    public long RecordId { get; set; }

    public long Version { get; set; }

    public bool Approve { get; set; }

    public string? Comment { get; set; }

    /// <summary>Where to go back to: the home page when decided from there.</summary>
    public string? Back { get; set; }
}
