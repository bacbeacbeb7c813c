using Bridgehead.Common;

namespace Bridgehead.Negotiation;

/// <summary>Where a manager's approval stands and who decided it, with the comment they gave.</summary>
public sealed record ApprovalDto(ApprovalState State, string? Comment, long? DecidedById, string? DecidedByName, DateTime? DecidedAt);

/// <summary>
/// One term with our three positions and, once settled, the agreed value. <c>Name</c> is the
/// label, or the kind in the caller's language when there is none. <c>WithinWalkAway</c> is null
/// until the term is agreed. <c>LastOurs</c> / <c>LastTheirs</c> are the latest offers made on it
/// (ours only once made: not waiting for or refused approval).
/// </summary>
public sealed record TermDto(
    long Id,
    TermKind Kind,
    string? Label,
    string Name,
    string? Unit,
    bool HigherIsBetter,
    decimal? Opening,
    decimal? Target,
    decimal? WalkAway,
    decimal? Agreed,
    DateTime? AgreedAt,
    bool? WithinWalkAway,
    ApprovalDto Exception,
    int Position,
    string? Notes,
    decimal? LastOurs,
    decimal? LastTheirs,
    long Version);

/// <summary>
/// One side's offer on one term in a round. <c>BeyondWalkAway</c> judges the value against the
/// term's walk-away now; <c>Made</c> is false while our offer waits for approval or was refused.
/// </summary>
public sealed record OfferDto(
    long Id,
    long TermId,
    int Round,
    OfferSide Side,
    decimal Value,
    DateOnly OfferedOn,
    string? Note,
    bool BeyondWalkAway,
    bool Made,
    ApprovalDto Approval,
    long RecordedById,
    string RecordedByName,
    long Version);

/// <summary>The offers of one round, in the order of the terms, ours before theirs.</summary>
public sealed record RoundDto(int Round, IReadOnlyList<OfferDto> Offers);

/// <summary>
/// An entry of the concession ledger. <c>Warning</c> says, in the caller's language, that
/// nothing was received for it (null when something was).
/// </summary>
public sealed record ConcessionDto(
    long Id,
    long? TermId,
    int? Round,
    string Gave,
    string? Got,
    Money? GaveValue,
    DateOnly ConcededOn,
    long RecordedById,
    string RecordedByName,
    string? Warning,
    long Version);

/// <summary>A term as it goes into the contract: agreed value, unit and whether it is within walk-away or by which exception.</summary>
public sealed record AgreedTermDto(long TermId, TermKind Kind, string Name, string? Unit, decimal? Agreed, bool? WithinWalkAway, ApprovalState Exception, bool Settled);

/// <summary>
/// The agreed terms for the contract. <c>Complete</c> when there is at least one term and every
/// term is agreed within walk-away or with an approved exception. <c>Text</c> is the same as
/// plain lines to copy, in the caller's language.
/// </summary>
public sealed record AgreedSummaryDto(bool Complete, IReadOnlyList<AgreedTermDto> Terms, string Text);

/// <summary>What a negotiation warning is about; the API names the codes in camelCase.</summary>
public enum NegotiationWarningCode
{
    ConcessionNothingReceived,
    OfferAwaitingApproval,
    OfferRejected,
    ExceptionAwaitingApproval,
    ExceptionRejected,
}

/// <summary>Something to act on, in the caller's language, naming the record it is about.</summary>
public sealed record NegotiationWarningDto(NegotiationWarningCode Code, string Message, long? TermId, long? OfferId, long? ConcessionId);

/// <summary>
/// A pursuit's negotiation: terms, rounds of offers, the concession ledger, the agreed summary and
/// the warnings. <c>ReadOnly</c> once the pursuit is closed; <c>CurrentRound</c> is the highest round
/// with an offer (0 before the first).
/// </summary>
public sealed record NegotiationDto(
    long OpportunityId,
    bool ReadOnly,
    int CurrentRound,
    IReadOnlyList<TermDto> Terms,
    IReadOnlyList<RoundDto> Rounds,
    IReadOnlyList<ConcessionDto> Concessions,
    AgreedSummaryDto AgreedSummary,
    IReadOnlyList<NegotiationWarningDto> Warnings);

/// <summary>Something waiting for a manager's decision: our offer beyond walk-away (<c>Kind</c> offer) or a term agreed beyond it (exception).</summary>
public sealed record PendingApprovalDto(
    string Kind,
    long Id,
    long OpportunityId,
    string OpportunityTitle,
    string AccountName,
    string TermName,
    string? Unit,
    decimal Value,
    decimal? WalkAway,
    int? Round,
    DateTime Since);
