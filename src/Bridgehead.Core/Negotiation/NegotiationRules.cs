using System.Globalization;
using Bridgehead.Common;

namespace Bridgehead.Negotiation;

/// <summary>
/// The rules of a negotiation in one place: which way each kind of term is better for us, when a
/// value is beyond walk-away, when a term is settled, and the warnings and summary that follow.
/// </summary>
public static class NegotiationRules
{
    /// <summary>Offers, positions and agreed values: at most this (and not negative): the most a decimal(19,4) column holds.</summary>
    public const decimal MaxValue = 999_999_999_999_999.9999m;

    public const int MaxRound = 1000;

    /// <summary>
    /// Which way is better for us when nobody says: a higher price, a larger volume and a longer
    /// lead time (room to plan) are better; fewer payment days and a shorter warranty are better.
    /// </summary>
    public static bool DefaultHigherIsBetter(TermKind kind) => kind switch
    {
        TermKind.Price or TermKind.Volume or TermKind.LeadTime or TermKind.Other => true,
        TermKind.Payment or TermKind.Warranty => false,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Beyond walk-away: worse for us than the walk-away point (equal is still within).</summary>
    public static bool IsBeyond(decimal value, decimal? walkAway, bool higherIsBetter) =>
        walkAway is { } limit && (higherIsBetter ? value < limit : value > limit);

    /// <summary>At least as good for us as <paramref name="other"/>.</summary>
    public static bool AtLeastAsGood(decimal value, decimal other, bool higherIsBetter) =>
        higherIsBetter ? value >= other : value <= other;

    /// <summary>A term counts as settled when agreed within walk-away, or beyond it with an approved exception.</summary>
    public static bool IsSettled(decimal? agreed, decimal? walkAway, bool higherIsBetter, ApprovalState exception) =>
        agreed is { } a && (!IsBeyond(a, walkAway, higherIsBetter) || exception == ApprovalState.Approved);

    /// <summary>An offer counts as made unless it waits for approval or was refused.</summary>
    public static bool IsMade(ApprovalState approval) => approval switch
    {
        ApprovalState.NotNeeded or ApprovalState.Approved => true,
        ApprovalState.Pending or ApprovalState.Rejected => false,
        _ => throw new ArgumentOutOfRangeException(nameof(approval)),
    };

    /// <summary>The term's name as people read it: its label, or its kind.</summary>
    public static string NameOf(TermKind kind, string? label) => label ?? Labels.Of(kind);

    /// <summary>A value as people read it: thousands separated, no trailing zeros.</summary>
    public static string Format(decimal value) => value.ToString("#,0.####", CultureInfo.CurrentCulture);

    public static string Format(decimal value, string? unit) => unit is null ? Format(value) : Format(value) + " " + unit;

    /// <summary>A value of a term, offer or concession: not negative, not absurd, at most four decimals.</summary>
    internal static void CheckValue(Validator v, string field, decimal? value)
    {
        if (value is not { } x)
        {
            return;
        }
        if (x < 0 || x > MaxValue)
        {
            v.Add(field, Validator.Format(CommonText.OutOfRange, 0, Format(MaxValue)));
        }
        else if (decimal.Round(x, 4) != x)
        {
            v.Add(field, CommonText.TooManyDecimals);
        }
    }

    /// <summary>The summary for the contract, with its text lines, from the terms in their order.</summary>
    public static AgreedSummaryDto Summary(IReadOnlyList<TermDto> terms)
    {
        var rows = terms.Select(t => new AgreedTermDto(t.Id, t.Kind, t.Name, t.Unit, t.Agreed, t.WithinWalkAway, t.Exception.State,
            IsSettled(t.Agreed, t.WalkAway, t.HigherIsBetter, t.Exception.State))).ToList();
        var lines = rows.Select(r => r.Agreed is { } a
            ? Validator.Format(NegotiationText.SummaryLine, r.Name, Format(a, r.Unit), StateText(r))
            : Validator.Format(NegotiationText.SummaryLineOpen, r.Name));
        var complete = rows.Count > 0 && rows.All(r => r.Settled);
        var text = string.Join("\n", new[] { complete ? NegotiationText.SummaryComplete : NegotiationText.SummaryIncomplete }.Concat(lines));
        return new AgreedSummaryDto(complete, rows, text);
    }

    /// <summary>How an agreed term stands, in words.</summary>
    public static string StateText(AgreedTermDto r) => (r.Agreed, r.WithinWalkAway, r.Exception) switch
    {
        (null, _, _) => NegotiationText.StateOpen,
        (_, true, _) => NegotiationText.StateWithin,
        (_, _, ApprovalState.Approved) => NegotiationText.StateExceptionApproved,
        (_, _, ApprovalState.Rejected) => NegotiationText.StateExceptionRejected,
        _ => NegotiationText.StateExceptionPending,
    };

    /// <summary>What needs doing, most pressing first: decisions waiting, refusals, then concessions given for nothing.</summary>
    public static IReadOnlyList<NegotiationWarningDto> Warnings(IReadOnlyList<TermDto> terms, IReadOnlyList<OfferDto> offers, IReadOnlyList<ConcessionDto> concessions)
    {
        var names = terms.ToDictionary(t => t.Id, t => t.Name);
        var units = terms.ToDictionary(t => t.Id, t => t.Unit);
        var warnings = new List<NegotiationWarningDto>();
        foreach (var t in terms.Where(t => t.Exception.State == ApprovalState.Pending && t.Agreed is not null))
        {
            warnings.Add(new(NegotiationWarningCode.ExceptionAwaitingApproval,
                Validator.Format(NegotiationText.WarnExceptionPending, t.Name, Format(t.Agreed!.Value, t.Unit)), t.Id, null, null));
        }
        foreach (var o in offers.Where(o => o.Approval.State == ApprovalState.Pending))
        {
            warnings.Add(new(NegotiationWarningCode.OfferAwaitingApproval,
                Validator.Format(NegotiationText.WarnOfferPending, names[o.TermId], Format(o.Value, units[o.TermId]), o.Round), o.TermId, o.Id, null));
        }
        foreach (var t in terms.Where(t => t.Exception.State == ApprovalState.Rejected && t.Agreed is not null))
        {
            warnings.Add(new(NegotiationWarningCode.ExceptionRejected,
                Validator.Format(NegotiationText.WarnExceptionRejected, t.Name, Format(t.Agreed!.Value, t.Unit)), t.Id, null, null));
        }
        foreach (var o in offers.Where(o => o.Approval.State == ApprovalState.Rejected))
        {
            warnings.Add(new(NegotiationWarningCode.OfferRejected,
                Validator.Format(NegotiationText.WarnOfferRejected, names[o.TermId], Format(o.Value, units[o.TermId]), o.Round), o.TermId, o.Id, null));
        }
        foreach (var c in concessions.Where(c => c.Warning is not null))
        {
            warnings.Add(new(NegotiationWarningCode.ConcessionNothingReceived, c.Warning!, c.TermId, null, c.Id));
        }
        return warnings;
    }
}
