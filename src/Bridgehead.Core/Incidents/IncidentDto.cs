using System.Linq.Expressions;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Quotes;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Incidents;

/// <summary>The account an incident is at.</summary>
public sealed record IncidentAccountRef(long Id, string Name);

/// <summary>The order the defects came with (never its prices).</summary>
public sealed record IncidentOrderRef(long Id, string? CustomerReference);

/// <summary>The defective product.</summary>
public sealed record IncidentProductRef(long Id, string Sku, string Name);

/// <summary>One 8D discipline as the API returns it; its ETag is <c>version</c>.</summary>
public sealed record IncidentStepDto(long Id, EightDStep Step, long? OwnerId, UserRef? Owner, DateOnly? DueOn, DateOnly? DoneOn, string? Note, long Version);

/// <summary>
/// A quality incident as the API returns it. It carries no order price at all; <c>cost</c> (what
/// it cost us) and <c>claimAmount</c> (what the customer claims) are the incident's own figures,
/// shown to everyone who may read the incident (the product role may not).
/// </summary>
/// <param name="ContainmentOverdue">Still open (not contained) past <c>containmentDueAt</c>.</param>
public sealed record IncidentDto(
    long Id,
    string Title,
    IncidentStatus Status,
    IncidentSeverity Severity,
    long AccountId,
    IncidentAccountRef Account,
    long? OrderId,
    IncidentOrderRef? Order,
    long? ProductId,
    IncidentProductRef? Product,
    string? Description,
    string? Lot,
    decimal DefectQuantity,
    DateTime OpenedAt,
    UserRef OpenedBy,
    long? OwnerId,
    UserRef? Owner,
    DateTime ContainmentDueAt,
    bool ContainmentOverdue,
    DateTime? ContainedAt,
    string? Containment,
    string? RootCause,
    string? CorrectiveAction,
    string? PreventiveAction,
    string? Currency,
    Money? Cost,
    ClaimStatus ClaimStatus,
    Money? ClaimAmount,
    int EscalationLevel,
    DateTime? EscalatedAt,
    string? Verification,
    DateTime? VerifiedAt,
    UserRef? VerifiedBy,
    DateTime? ClosedAt,
    IReadOnlyList<IncidentStepDto> Steps,
    long Version,
    DateTime CreatedAt,
    DateTime UpdatedAt);

/// <summary>Reads incidents in the shape of <see cref="IncidentDto"/>: one query for a page, names included.</summary>
internal static class IncidentReader
{
    internal sealed record StepRow(long Id, EightDStep Step, long? OwnerId, string? OwnerName, DateOnly? DueOn, DateOnly? DoneOn, string? Note, long Version);

    internal sealed record Row(
        Incident I, string? AccountName, string? CustomerReference, bool OrderSeen, IncidentProductRef? Product,
        string? OpenedByName, string? OwnerName, string? VerifiedByName, List<StepRow> Steps);

    internal static Expression<Func<Incident, Row>> Projection(BridgeheadDb db) => i => new Row(
        i,
        db.Accounts.Where(a => a.Id == i.AccountId).Select(a => a.Name).FirstOrDefault(),
        db.Orders.Where(o => o.Id == i.OrderId).Select(o => o.CustomerReference).FirstOrDefault(),
        db.Orders.Any(o => o.Id == i.OrderId),
        db.Products.Where(p => p.Id == i.ProductId).Select(p => new IncidentProductRef(p.Id, p.Sku, p.Name)).FirstOrDefault(),
        db.Users.Where(u => u.Id == i.OpenedById).Select(u => u.DisplayName).FirstOrDefault(),
        db.Users.Where(u => u.Id == i.OwnerId).Select(u => u.DisplayName).FirstOrDefault(),
        db.Users.Where(u => u.Id == i.VerifiedById).Select(u => u.DisplayName).FirstOrDefault(),
        i.Steps.OrderBy(s => s.Step).Select(s => new StepRow(s.Id, s.Step, s.OwnerId,
            db.Users.Where(u => u.Id == s.OwnerId).Select(u => u.DisplayName).FirstOrDefault(), s.DueOn, s.DoneOn, s.Note, s.Version)).ToList());

    internal static DateTime Now(BridgeheadDb db) => db.Clock.GetUtcNow().UtcDateTime;

    internal static IncidentDto ToDto(Row r, DateTime now)
    {
        var i = r.I;
        return new IncidentDto(
            i.Id, i.Title, i.Status, i.Severity, i.AccountId, new IncidentAccountRef(i.AccountId, r.AccountName ?? ""),
            i.OrderId, i.OrderId is { } orderId && r.OrderSeen ? new IncidentOrderRef(orderId, r.CustomerReference) : null,
            i.ProductId, r.Product, i.Description, i.Lot, i.DefectQuantity, i.OpenedAt, new UserRef(i.OpenedById, r.OpenedByName ?? ""),
            i.OwnerId, i.OwnerId is { } ownerId ? new UserRef(ownerId, r.OwnerName ?? "") : null,
            i.ContainmentDueAt, IsContainmentOverdue(i.Status, i.ContainmentDueAt, now), i.ContainedAt, i.Containment,
            i.RootCause, i.CorrectiveAction, i.PreventiveAction, i.Currency, Money.From(i.Cost, i.Currency), i.ClaimStatus,
            Money.From(i.ClaimAmount, i.Currency), i.EscalationLevel, i.EscalatedAt, i.Verification, i.VerifiedAt,
            i.VerifiedById is { } verifiedBy ? new UserRef(verifiedBy, r.VerifiedByName ?? "") : null, i.ClosedAt,
            [.. r.Steps.Select(s => new IncidentStepDto(s.Id, s.Step, s.OwnerId, s.OwnerId is { } o ? new UserRef(o, s.OwnerName ?? "") : null,
                s.DueOn, s.DoneOn, s.Note, s.Version))],
            i.Version, i.CreatedAt, i.UpdatedAt);
    }

    /// <summary>Containment is overdue while the incident is still open past its due time.</summary>
    public static bool IsContainmentOverdue(IncidentStatus status, DateTime dueAt, DateTime now) => status == IncidentStatus.Open && now > dueAt;

    /// <summary>One incident the caller may read (404 otherwise, and 403 for roles that read no incidents).</summary>
    internal static async Task<IncidentDto> ReadAsync(BridgeheadDb db, long id, CancellationToken ct)
    {
        IncidentAccess.RequireReader(db.Viewer);
        var row = await db.Incidents.AsNoTracking().Where(i => i.Id == id).Select(Projection(db)).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("incident");
        return ToDto(row, Now(db));
    }

    /// <summary>The tracked incident with its steps, for a change (404 when the caller may not see it).</summary>
    internal static async Task<Incident> ForChangeAsync(BridgeheadDb db, long id, CancellationToken ct) =>
        await db.Incidents.Include(i => i.Steps).FirstOrDefaultAsync(i => i.Id == id, ct)
            ?? throw new NotFoundException("incident");
}

/// <summary>Who may do what with incidents, beyond which ones they see (the record filters).</summary>
public static class IncidentAccess
{
    /// <summary>Quality, admin and viewer read all incidents; reps and managers those of their accounts; the product role none.</summary>
    public static bool ReadsIncidents(Viewer viewer) => viewer.CanReadSales || viewer.SeesAllOperations;

    /// <summary>The quality role and admins run incidents: the 8D work, containment, verification, closing.</summary>
    public static bool RunsIncidents(Viewer viewer) => viewer.Role is Role.Quality or Role.Admin;

    /// <summary>Quality, admin and sales writers (for the accounts they see) open incidents.</summary>
    public static bool OpensIncidents(Viewer viewer) => RunsIncidents(viewer) || viewer.CanEditSales;

    public static Viewer RequireReader(Viewer? viewer)
    {
        var v = Access.Require(viewer);
        return ReadsIncidents(v) ? v : throw new ForbiddenException(IncidentsText.NoIncidents);
    }

    public static Viewer RequireRunner(Viewer? viewer)
    {
        var v = Access.Require(viewer);
        return RunsIncidents(v) ? v : throw new ForbiddenException(IncidentsText.QualityOnly);
    }
}
