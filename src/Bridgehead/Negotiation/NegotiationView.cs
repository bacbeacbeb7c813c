using System.Globalization;
using Bridgehead.Common;
using Bridgehead.Pursuits;
using Bridgehead.Shared;

namespace Bridgehead.Negotiation;

/// <summary>
/// The negotiation section of the opportunity page: the terms with the position of the last
/// offers, the rounds, the concession ledger with its warnings, the summary and, for a manager,
/// the decisions waiting.
/// </summary>
public sealed record NegotiationView(OpportunityDto Opportunity, NegotiationDto Negotiation, bool CanEdit, bool CanDecide)
{
    public bool Writable => CanEdit && !Negotiation.ReadOnly;

    public bool Decidable => CanDecide && !Negotiation.ReadOnly;

    public string EditUrl => $"/opportunities/{Opportunity.Id}/negotiation";

    public TermDto? Term(long? id) => id is { } x ? Negotiation.Terms.FirstOrDefault(t => t.Id == x) : null;

    public string TermName(long? id) => Term(id)?.Name ?? UiText.NotSet;

    public IEnumerable<OfferDto> Waiting => Negotiation.Rounds.SelectMany(r => r.Offers).Where(o => o.Approval.State == ApprovalState.Pending);

    public IEnumerable<TermDto> WaitingExceptions => Negotiation.Terms.Where(t => t.Exception.State == ApprovalState.Pending && t.Agreed is not null);

    public static string Value(decimal? value, string? unit = null) =>
        value is { } v ? NegotiationRules.Format(v, unit) : UiText.NotSet;

    /// <summary>How an offer stands as words: made, waiting for approval, approved, rejected.</summary>
    public static string OfferState(OfferDto o) => o.Approval.State switch
    {
        ApprovalState.NotNeeded => NegotiationPagesText.OfferMade,
        ApprovalState.Pending => NegotiationPagesText.OfferWaiting,
        ApprovalState.Approved => NegotiationPagesText.OfferApproved,
        ApprovalState.Rejected => NegotiationPagesText.OfferRejected,
        _ => throw new ArgumentOutOfRangeException(nameof(o)),
    };

    public static string StateClass(ApprovalState state) => state switch
    {
        ApprovalState.NotNeeded => "ok",
        ApprovalState.Pending => "pending",
        ApprovalState.Approved => "approved",
        ApprovalState.Rejected => "rejected",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    /// <summary>The agreed value's standing as words: within walk-away, or the exception's state.</summary>
    public static string AgreedState(TermDto t) => NegotiationRules.StateText(
        new AgreedTermDto(t.Id, t.Kind, t.Name, t.Unit, t.Agreed, t.WithinWalkAway, t.Exception.State, false));

    public static string AgreedClass(TermDto t) => t switch
    {
        { Agreed: null } => "open",
        { WithinWalkAway: true } => "ok",
        _ => StateClass(t.Exception.State),
    };

    public static string SideName(OfferSide side) => Labels.Of(side);

    /// <summary>The position bar of one term (see <see cref="PositionBar"/>).</summary>
    public static PositionBar Bar(TermDto t) => PositionBar.Of(t);
}

/// <summary>
/// Where the last offers stand between walk-away and opening, drawn left (worse for us) to right
/// (better), whichever way the term runs. Coordinates are in a 0-200 wide, 24 high SVG.
/// </summary>
public sealed record PositionBar(string WalkAwayX, string? TargetX, string? OpeningX, string? OursX, string? TheirsX, string? AgreedX, string Description)
{
    private const decimal Left = 6m;
    private const decimal Width = 188m;

    public static PositionBar Of(TermDto t)
    {
        decimal Good(decimal v) => t.HigherIsBetter ? v : -v;
        var walkAway = t.WalkAway ?? 0m;
        var points = new[] { (decimal?)walkAway, t.Target, t.Opening, t.LastOurs, t.LastTheirs, t.Agreed }.OfType<decimal>().Select(Good).ToList();
        var (lo, hi) = (points.Min(), points.Max());
        if (hi == lo)
        {
            (lo, hi) = (lo - 1, hi + 1);
        }
        string? X(decimal? v) => v is { } x ? (Left + ((Good(x) - lo) / (hi - lo) * Width)).ToString("0.#", CultureInfo.InvariantCulture) : null;
        var parts = new List<string> { Validator.Format(NegotiationPagesText.BarWalkAway, NegotiationView.Value(walkAway, t.Unit)) };
        if (t.Opening is { } opening)
        {
            parts.Add(Validator.Format(NegotiationPagesText.BarOpening, NegotiationView.Value(opening, t.Unit)));
        }
        if (t.LastOurs is { } ours)
        {
            parts.Add(Validator.Format(NegotiationPagesText.BarOurs, NegotiationView.Value(ours, t.Unit)));
        }
        if (t.LastTheirs is { } theirs)
        {
            parts.Add(Validator.Format(NegotiationPagesText.BarTheirs, NegotiationView.Value(theirs, t.Unit)));
        }
        if (t.Agreed is { } agreed)
        {
            parts.Add(Validator.Format(NegotiationPagesText.BarAgreed, NegotiationView.Value(agreed, t.Unit)));
        }
        return new PositionBar(X(walkAway)!, X(t.Target), X(t.Opening), X(t.LastOurs), X(t.LastTheirs), X(t.Agreed), string.Join(", ", parts));
    }

    /// <summary>The width of the zone beyond walk-away (from the left edge to the walk-away mark).</summary>
    public string BeyondWidth => WalkAwayX;

    /// <summary>The zone we may trade in: from walk-away to the right edge.</summary>
    public string RoomWidth => (Left + Width - decimal.Parse(WalkAwayX, CultureInfo.InvariantCulture)).ToString("0.#", CultureInfo.InvariantCulture);
}
