using Bridgehead.Common;

namespace Bridgehead.Negotiation;

/// <summary>
/// The fields of a term that people edit; the body of POST and, merged, of PATCH.
/// <c>HigherIsBetter</c> left out takes the kind's default (<see cref="NegotiationRules.DefaultHigherIsBetter"/>).
/// </summary>
public sealed record TermInput
{
    public TermKind? Kind { get; init; }
    public string? Label { get; init; }
    public string? Unit { get; init; }
    public bool? HigherIsBetter { get; init; }
    public decimal? Opening { get; init; }
    public decimal? Target { get; init; }
    public decimal? WalkAway { get; init; }
    public decimal? Agreed { get; init; }
    public string? Notes { get; init; }

    public static TermInput From(NegotiationTerm t) => new()
    {
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

    /// <summary>
    /// Checks the fields and the order of the positions: aiming high means the opening is at least
    /// as good for us as the target, and the target at least as good as the walk-away point.
    /// </summary>
    internal void Check(Validator v)
    {
        if (Kind is not { } kind)
        {
            v.Add("kind", CommonText.Required);
        }
        else
        {
            v.Defined("kind", Kind);
            if (kind == TermKind.Other && Text.Clean(Label) is null)
            {
                v.Add("label", NegotiationText.LabelRequiredForOther);
            }
        }
        v.MaxLength("label", Text.Clean(Label), NegotiationTerm.MaxLabel);
        v.MaxLength("unit", Text.Clean(Unit), NegotiationTerm.MaxUnit);
        v.MaxLength("notes", Text.Clean(Notes), NegotiationTerm.MaxText);
        NegotiationRules.CheckValue(v, "opening", Opening);
        NegotiationRules.CheckValue(v, "target", Target);
        NegotiationRules.CheckValue(v, "walkAway", WalkAway);
        NegotiationRules.CheckValue(v, "agreed", Agreed);
        if (WalkAway is null)
        {
            v.Add("walkAway", NegotiationText.WalkAwayRequired);
        }
        if (Kind is not { } k || !Enum.IsDefined(k))
        {
            return;
        }
        var higher = HigherIsBetter ?? NegotiationRules.DefaultHigherIsBetter(k);
        if (Opening is { } opening && Target is { } target && !v.HasError("target") && !NegotiationRules.AtLeastAsGood(opening, target, higher))
        {
            v.Add("target", Validator.Format(higher ? NegotiationText.NotAboveOpening : NegotiationText.NotBelowOpening, NegotiationRules.Format(opening)));
        }
        if (WalkAway is { } walkAway && !v.HasError("walkAway"))
        {
            if (Target is { } t && !NegotiationRules.AtLeastAsGood(t, walkAway, higher))
            {
                v.Add("walkAway", Validator.Format(higher ? NegotiationText.NotAboveTarget : NegotiationText.NotBelowTarget, NegotiationRules.Format(t)));
            }
            else if (Target is null && Opening is { } o && !NegotiationRules.AtLeastAsGood(o, walkAway, higher))
            {
                v.Add("walkAway", Validator.Format(higher ? NegotiationText.NotAboveOpening : NegotiationText.NotBelowOpening, NegotiationRules.Format(o)));
            }
        }
    }

    /// <summary>
    /// Copies checked values onto the term. When what decides the exception changed (the agreed
    /// value, the walk-away point or the direction), the exception is judged again: beyond
    /// walk-away waits for a new decision, within needs none.
    /// </summary>
    internal void ApplyTo(NegotiationTerm t, DateTime now)
    {
        var kind = Kind!.Value;
        var higher = HigherIsBetter ?? NegotiationRules.DefaultHigherIsBetter(kind);
        var judged = t.Agreed != Agreed || t.WalkAway != WalkAway || t.HigherIsBetter != higher || t.Id == 0;
        if (t.Agreed != Agreed)
        {
            t.AgreedAt = Agreed is null ? null : now;
        }
        t.Kind = kind;
        t.Label = Text.Clean(Label);
        t.Unit = Text.Clean(Unit);
        t.HigherIsBetter = higher;
        t.Opening = Opening;
        t.Target = Target;
        t.WalkAway = WalkAway;
        t.Agreed = Agreed;
        t.Notes = Text.Clean(Notes);
        if (judged)
        {
            t.Exception = Agreed is { } a && NegotiationRules.IsBeyond(a, WalkAway, higher) ? ApprovalState.Pending : ApprovalState.NotNeeded;
            t.ExceptionComment = null;
            t.ExceptionDecidedById = null;
            t.ExceptionDecidedAt = null;
        }
    }
}

/// <summary>
/// One side's offer on a term; the body of POST and, merged, of PATCH. <c>Round</c> left out is
/// the current round, or the next one when this side already offered on the term in it;
/// <c>OfferedOn</c> left out is today.
/// </summary>
public sealed record OfferInput
{
    public long? TermId { get; init; }
    public int? Round { get; init; }
    public OfferSide? Side { get; init; }
    public decimal? Value { get; init; }
    public DateOnly? OfferedOn { get; init; }
    public string? Note { get; init; }

    public static OfferInput From(NegotiationOffer o) => new()
    {
        TermId = o.TermId,
        Round = o.Round,
        Side = o.Side,
        Value = o.Value,
        OfferedOn = o.OfferedOn,
        Note = o.Note,
    };

    internal void Check(Validator v, int maxRound)
    {
        if (TermId is null)
        {
            v.Add("termId", CommonText.Required);
        }
        if (Side is null)
        {
            v.Add("side", CommonText.Required);
        }
        v.Defined("side", Side);
        if (Value is null)
        {
            v.Add("value", CommonText.Required);
        }
        NegotiationRules.CheckValue(v, "value", Value);
        if (Round is { } round && (round < 1 || round > maxRound))
        {
            v.Add("round", Validator.Format(CommonText.OutOfRange, 1, maxRound));
        }
        v.MaxLength("note", Text.Clean(Note), NegotiationTerm.MaxText);
    }
}

/// <summary>An entry of the concession ledger; the body of POST and, merged, of PATCH. <c>ConcededOn</c> left out is today.</summary>
public sealed record ConcessionInput
{
    public string? Gave { get; init; }
    public string? Got { get; init; }
    public Money? GaveValue { get; init; }
    public long? TermId { get; init; }
    public int? Round { get; init; }
    public DateOnly? ConcededOn { get; init; }

    public static ConcessionInput From(Concession c) => new()
    {
        Gave = c.Gave,
        Got = c.Got,
        GaveValue = Money.From(c.GaveValue, c.Currency),
        TermId = c.TermId,
        Round = c.Round,
        ConcededOn = c.ConcededOn,
    };

    internal void Check(Validator v)
    {
        v.Required("gave", Text.Clean(Gave), Concession.MaxText);
        v.MaxLength("got", Text.Clean(Got), Concession.MaxText);
        Money.Validate(v, "gaveValue", GaveValue);
        v.Range("round", Round, 1, NegotiationRules.MaxRound);
    }

    internal void ApplyTo(Concession c, DateOnly today)
    {
        c.Gave = Text.Clean(Gave)!;
        c.Got = Text.Clean(Got);
        c.GaveValue = GaveValue?.Amount;
        c.Currency = GaveValue?.Currency;
        c.TermId = TermId;
        c.Round = Round;
        c.ConcededOn = ConcededOn ?? today;
    }
}

/// <summary>A manager's decision on an offer or an exception: the comment (required to reject).</summary>
public sealed record DecisionInput
{
    public string? Comment { get; init; }
}
