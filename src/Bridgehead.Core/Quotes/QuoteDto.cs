using System.Text.Json.Serialization;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Quotes;

/// <summary>A user as a quote names them.</summary>
public sealed record UserRef(long Id, string Name);

/// <summary>One line as the API returns it; <c>unitCost</c> only for managers and admins (absent otherwise).</summary>
public sealed record QuoteLineDto(
    long Id,
    int Position,
    long ProductId,
    string Sku,
    string Description,
    string Unit,
    decimal Quantity,
    Money UnitPrice,
    decimal DiscountPercent,
    Money LineTotal,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Money? UnitCost);

public sealed record ValuePropositionDto(long Id, ValueKind Kind, string Description, Money? Value, string? Basis);

/// <summary>Where the manager's approval stands.</summary>
/// <param name="Required">Whether the quote crosses a limit of the policy (computed on every change of a draft).</param>
/// <param name="Reason">The limits crossed, in words for the reader (a rep never reads the margin figure).</param>
public sealed record QuoteApprovalDto(ApprovalState State, bool Required, string? Reason, string? Comment, UserRef? DecidedBy, DateTime? DecidedAt);

/// <summary>
/// A quote version as the API returns it. <c>version</c> is the version number within the pursuit;
/// <c>revision</c> is the concurrency token (the ETag). Cost total, margin, margin percent,
/// whether the margin covers every line, and each line's unit cost are present for managers and
/// admins only: for everyone else the members are absent, not null. A manager finds them absent
/// too when no line has a cost.
/// </summary>
public sealed record QuoteDto(
    long Id,
    long OpportunityId,
    string OpportunityTitle,
    long AccountId,
    string AccountName,
    int Version,
    string Currency,
    DateOnly ValidUntil,
    string Language,
    QuoteStatus Status,
    string? CustomerNote,
    string? InternalNote,
    IReadOnlyList<QuoteLineDto> Lines,
    Money Subtotal,
    Money Total,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Money? CostTotal,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Money? Margin,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? MarginPercent,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? MarginComplete,
    decimal MaxDiscountPercent,
    QuoteApprovalDto Approval,
    IReadOnlyList<ValuePropositionDto> ValuePropositions,
    DateTime? SentAt,
    DateTime? AnsweredAt,
    UserRef CreatedBy,
    long Revision,
    DateTime CreatedAt,
    DateTime UpdatedAt);

/// <summary>Reads quotes as DTOs for the caller: expiry computed, costs and reasons per role.</summary>
internal static class QuoteReader
{
    internal sealed record Row(
        long Id, long OpportunityId, string OpportunityTitle, long AccountId, string AccountName, int Number, string Currency, DateOnly ValidUntil,
        string Language, QuoteStatus Status, string? CustomerNote, string? InternalNote, decimal Subtotal, decimal Total, decimal CostTotal,
        decimal Margin, decimal? MarginPercent, decimal MaxDiscountPercent, ApprovalState Approval, string? ApprovalReason, string? ApprovalComment,
        long? ApprovedById, string? ApprovedByName, DateTime? ApprovedAt, DateTime? SentAt, DateTime? AnsweredAt, long CreatedById, string CreatedByName,
        long Version, DateTime CreatedAt, DateTime UpdatedAt);

    /// <summary>The row of a quote with the names it shows (the approver's name read by a subquery: the approver has no navigation).</summary>
    internal static System.Linq.Expressions.Expression<Func<Quote, Row>> Projection(BridgeheadDb db) => q => new Row(
        q.Id, q.OpportunityId, q.Opportunity!.Title, q.AccountId, q.Opportunity.Account!.Name, q.Number, q.Currency, q.ValidUntil, q.Language, q.Status,
        q.CustomerNote, q.InternalNote, q.Subtotal, q.Total, q.CostTotal, q.Margin, q.MarginPercent, q.MaxDiscountPercent, q.Approval, q.ApprovalReason,
        q.ApprovalComment, q.ApprovedById, db.Users.Where(u => u.Id == q.ApprovedById).Select(u => u.DisplayName).FirstOrDefault(), q.ApprovedAt,
        q.SentAt, q.AnsweredAt, q.CreatedById, q.CreatedBy!.DisplayName, q.Version, q.CreatedAt, q.UpdatedAt);

    /// <summary>Today (UTC), the day a sent quote's validity is judged against.</summary>
    internal static DateOnly Today(BridgeheadDb db) => DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);

    /// <summary>A sent quote past its validity reads as expired; nothing is written.</summary>
    internal static QuoteStatus Effective(QuoteStatus status, DateOnly validUntil, DateOnly today) =>
        status == QuoteStatus.Sent && validUntil < today ? QuoteStatus.Expired : status;

    internal static async Task<List<QuoteDto>> ToDtosAsync(BridgeheadDb db, IReadOnlyList<Row> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return [];
        }
        var viewer = Access.Require(db.Viewer);
        var seesCosts = viewer.SeesCosts;
        var ids = rows.Select(r => r.Id).ToList();
        var lines = (await db.QuoteLines.AsNoTracking().Where(l => ids.Contains(l.QuoteId)).OrderBy(l => l.Position).ThenBy(l => l.Id).ToListAsync(ct))
            .ToLookup(l => l.QuoteId);
        var values = (await db.ValuePropositions.AsNoTracking().Where(v => ids.Contains(v.QuoteId)).OrderBy(v => v.Id).ToListAsync(ct))
            .ToLookup(v => v.QuoteId);
        var limits = await QuoteLimits.LoadAsync(db, ct);
        var today = Today(db);
        return [.. rows.Select(r =>
        {
            var currency = r.Currency.Trim();
            var quoteLines = lines[r.Id].ToList();
            var anyCost = quoteLines.Any(l => l.UnitCost is not null);
            var causes = QuoteApproval.Read(r.ApprovalReason);
            var showCost = seesCosts && anyCost;
            return new QuoteDto(
                r.Id, r.OpportunityId, r.OpportunityTitle, r.AccountId, r.AccountName, r.Number, currency, r.ValidUntil, r.Language.Trim(),
                Effective(r.Status, r.ValidUntil, today), r.CustomerNote, r.InternalNote,
                [.. quoteLines.Select(l => new QuoteLineDto(l.Id, l.Position, l.ProductId, l.Sku, l.Description, l.Unit, l.Quantity,
                    new Money(l.UnitPrice, currency), l.DiscountPercent, new Money(l.LineTotal, currency),
                    seesCosts && l.UnitCost is { } cost ? new Money(cost, currency) : null))],
                new Money(r.Subtotal, currency),
                new Money(r.Total, currency),
                showCost ? new Money(r.CostTotal, currency) : null,
                showCost ? new Money(r.Margin, currency) : null,
                showCost ? r.MarginPercent : null,
                seesCosts && quoteLines.Count > 0 ? QuoteMath.MarginComplete(quoteLines) : null,
                r.MaxDiscountPercent,
                new QuoteApprovalDto(r.Approval, causes.Count > 0,
                    QuoteApproval.Describe(causes, r.MarginPercent, r.MaxDiscountPercent, limits, seesCosts),
                    r.ApprovalComment,
                    r.ApprovedById is { } by ? new UserRef(by, r.ApprovedByName ?? "") : null,
                    r.ApprovedAt),
                [.. values[r.Id].Select(v => new ValuePropositionDto(v.Id, v.Kind, v.Description, Money.From(v.Value, currency), v.Basis))],
                r.SentAt, r.AnsweredAt, new UserRef(r.CreatedById, r.CreatedByName), r.Version, r.CreatedAt, r.UpdatedAt);
        })];
    }

    internal static async Task<QuoteDto> ReadAsync(BridgeheadDb db, long id, CancellationToken ct)
    {
        var rows = await db.Quotes.AsNoTracking().Where(q => q.Id == id).Select(Projection(db)).ToListAsync(ct);
        return rows.Count == 0 ? throw new NotFoundException("quote") : (await ToDtosAsync(db, rows, ct))[0];
    }

    /// <summary>A quote with its lines and value propositions, tracked, that the caller sees (404 otherwise).</summary>
    internal static async Task<Quote> ForChangeAsync(BridgeheadDb db, long id, CancellationToken ct) =>
        await db.Quotes.Include(q => q.Lines).Include(q => q.ValuePropositions).AsSplitQuery().FirstOrDefaultAsync(q => q.Id == id, ct)
            ?? throw new NotFoundException("quote");
}
