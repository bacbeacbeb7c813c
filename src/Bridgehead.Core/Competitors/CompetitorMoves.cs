using System.Globalization;
using System.Linq.Expressions;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Industries;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Competitors;

/// <summary>A record a move points at: its id and its name (or title).</summary>
public sealed record MoveLink(long Id, string Name);

/// <summary>The pursuit a move threatens.</summary>
public sealed record MoveOpportunity(long Id, string Title);

/// <summary>An industry as a move carries it: the ISIC code and its name in the caller's language.</summary>
public sealed record MoveIndustry(string Code, string Name);

/// <summary>A competitor move as the API returns it.</summary>
/// <param name="Industry">The move's own industry; null when it has none (a move at an account then counts under the account's industry in the feed's filter).</param>
/// <param name="CanEdit">Whether the caller may change or delete it: its recorder, a manager who sees it, an admin.</param>
public sealed record CompetitorMoveDto(
    long Id,
    MoveLink Competitor,
    CompetitorMoveKind Kind,
    MoveImpact Impact,
    DateOnly OccurredOn,
    string Title,
    string? Detail,
    MoveLink? Account,
    MoveOpportunity? Opportunity,
    MoveIndustry? Industry,
    MoveLink? Application,
    MoveLink RecordedBy,
    bool CanEdit,
    long Version,
    DateTime CreatedAt,
    DateTime UpdatedAt);

/// <summary>The body of POST /competitor-moves and, merged, of PATCH.</summary>
public sealed record CompetitorMoveInput
{
    public long? CompetitorId { get; init; }

    public CompetitorMoveKind? Kind { get; init; }

    /// <summary>Medium when left out.</summary>
    public MoveImpact? Impact { get; init; }

    /// <summary>Today when left out; never after today, never before 2000.</summary>
    public DateOnly? OccurredOn { get; init; }

    public string? Title { get; init; }

    public string? Detail { get; init; }

    /// <summary>The account the move targets (one the caller sees); null for a move in the market at large.</summary>
    public long? AccountId { get; init; }

    /// <summary>A pursuit at that account (requires <see cref="AccountId"/>).</summary>
    public long? OpportunityId { get; init; }

    /// <summary>An ISIC section or division; the account's industry when left out and an account is given.</summary>
    public string? Industry { get; init; }

    public long? ApplicationId { get; init; }

    public static readonly DateOnly Earliest = new(2000, 1, 1);

    public static CompetitorMoveInput From(CompetitorMove m) => new()
    {
        CompetitorId = m.CompetitorId,
        Kind = m.Kind,
        Impact = m.Impact,
        OccurredOn = m.OccurredOn,
        Title = m.Title,
        Detail = m.Detail,
        AccountId = m.AccountId,
        OpportunityId = m.OpportunityId,
        Industry = m.Industry,
        ApplicationId = m.ApplicationId,
    };

    /// <summary>Checks every field against the catalogue and the database and throws the errors together; returns the cleaned values.</summary>
    internal async Task<CompetitorMoveInput> ValidateAsync(BridgeheadDb db, CancellationToken ct)
    {
        var v = new Validator();
        if (CompetitorId is not { } competitorId)
        {
            v.Add("competitorId", CommonText.Required);
        }
        else if (!await db.Competitors.AnyAsync(c => c.Id == competitorId, ct))
        {
            v.Add("competitorId", MovesText.UnknownCompetitor);
        }
        if (Kind is null)
        {
            v.Add("kind", CommonText.Required);
        }
        v.Defined("kind", Kind);
        v.Defined("impact", Impact);

        var today = CompetitorMoves.Today(db);
        var occurredOn = OccurredOn ?? today;
        if (occurredOn > today)
        {
            v.Add("occurredOn", MovesText.NotInFuture);
        }
        else if (occurredOn < Earliest)
        {
            v.Add("occurredOn", MovesText.TooOld);
        }

        v.Required("title", Title, CompetitorMove.MaxTitle);
        var detail = Text.Clean(Detail);
        v.MaxLength("detail", detail, CompetitorMove.MaxText);

        // The account filter answers for the caller: an account they do not see is not there, and
        // the error is the same as for one that does not exist.
        string? accountIndustry = null;
        if (AccountId is { } accountId)
        {
            var account = await db.Accounts.AsNoTracking().Where(a => a.Id == accountId).Select(a => new { a.Industry }).FirstOrDefaultAsync(ct);
            if (account is null)
            {
                v.Add("accountId", CommonText.MustBeVisibleAccount);
            }
            else
            {
                accountIndustry = account.Industry;
            }
        }

        if (OpportunityId is { } opportunityId)
        {
            if (AccountId is null)
            {
                v.Add("opportunityId", MovesText.OpportunityNeedsAccount);
            }
            else if (!v.HasError("accountId"))
            {
                var owner = await db.Opportunities.AsNoTracking().Where(o => o.Id == opportunityId).Select(o => (long?)o.AccountId).FirstOrDefaultAsync(ct);
                if (owner is null)
                {
                    v.Add("opportunityId", CommonText.MustBeVisibleOpportunity);
                }
                else if (owner != AccountId)
                {
                    v.Add("opportunityId", CommonText.OpportunityOfOtherAccount);
                }
            }
        }

        var industry = IsicCatalogue.Resolve(Industry, accountIndustry, v);

        if (ApplicationId is { } applicationId && !await db.Applications.AnyAsync(a => a.Id == applicationId, ct))
        {
            v.Add("applicationId", CommonText.UnknownApplication);
        }

        v.ThrowIfInvalid();
        return this with
        {
            Impact = Impact ?? MoveImpact.Medium,
            OccurredOn = occurredOn,
            Title = Title!.Trim(),
            Detail = detail,
            Industry = industry,
        };
    }

    internal void ApplyTo(CompetitorMove m, long recordedById)
    {
        m.CompetitorId = CompetitorId!.Value;
        m.Kind = Kind!.Value;
        m.Impact = Impact!.Value;
        m.OccurredOn = OccurredOn!.Value;
        m.Title = Title!;
        m.Detail = Detail;
        m.AccountId = AccountId;
        m.OpportunityId = OpportunityId;
        m.Industry = Industry;
        m.ApplicationId = ApplicationId;
        if (m.RecordedById == 0)
        {
            m.RecordedById = recordedById;
        }
    }
}

/// <summary>Filters of the market watch feed; they combine with AND.</summary>
public sealed record CompetitorMoveFilter
{
    public long? CompetitorId { get; init; }

    public long? AccountId { get; init; }

    public long? OpportunityId { get; init; }

    public CompetitorMoveKind? Kind { get; init; }

    public MoveImpact? Impact { get; init; }

    /// <summary>
    /// An ISIC code; a section also finds its divisions. A move without an industry of its own at
    /// an account matches by the account's industry.
    /// </summary>
    public string? Industry { get; init; }

    /// <summary>An application; a move without one of its own at an account matches by the account's applications.</summary>
    public long? ApplicationId { get; init; }

    /// <summary>Moves on or after this day.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Moves on or before this day.</summary>
    public DateOnly? To { get; init; }
}

/// <summary>Reads moves with the names they point at, in one query; shared by the use cases.</summary>
public static class CompetitorMoves
{
    internal static DateOnly Today(BridgeheadDb db) => DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);

    internal sealed record Row(
        long Id, long CompetitorId, string CompetitorName, CompetitorMoveKind Kind, MoveImpact Impact, DateOnly OccurredOn, string Title, string? Detail,
        long? AccountId, string? AccountName, long? OpportunityId, string? OpportunityTitle, string? Industry,
        long? ApplicationId, string? ApplicationEn, string? ApplicationKo, long RecordedById, string? RecordedByName,
        long Version, DateTime CreatedAt, DateTime UpdatedAt);

    /// <summary>
    /// The move with the names of what it points at. The account and the pursuit pass the caller's
    /// filters, which the move itself passed (a move at an account is read only with the account).
    /// </summary>
    internal static Expression<Func<CompetitorMove, Row>> Projection(BridgeheadDb db) => m => new Row(
        m.Id, m.CompetitorId, m.Competitor!.Name, m.Kind, m.Impact, m.OccurredOn, m.Title, m.Detail,
        m.AccountId, db.Accounts.Where(a => a.Id == m.AccountId).Select(a => a.Name).FirstOrDefault(),
        m.OpportunityId, db.Opportunities.Where(o => o.Id == m.OpportunityId).Select(o => o.Title).FirstOrDefault(),
        m.Industry,
        m.ApplicationId, db.Applications.Where(a => a.Id == m.ApplicationId).Select(a => a.NameEn).FirstOrDefault(),
        db.Applications.Where(a => a.Id == m.ApplicationId).Select(a => a.NameKo).FirstOrDefault(),
        m.RecordedById, db.Users.Where(u => u.Id == m.RecordedById).Select(u => u.DisplayName).FirstOrDefault(),
        m.Version, m.CreatedAt, m.UpdatedAt);

    /// <summary>Whether the viewer may change a move: its recorder, a manager (who sees it) or an admin.</summary>
    public static bool MayEdit(Viewer? viewer, long recordedById) =>
        viewer is { CanEditSales: true } v && (v.UserId == recordedById || MayEditOthers(v.Role));

    private static bool MayEditOthers(Role role) => role switch
    {
        Role.Admin or Role.Manager => true,
        Role.Rep or Role.Quality or Role.Product or Role.Viewer => false,
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    internal static CompetitorMoveDto ToDto(Row r, Viewer? viewer)
    {
        var korean = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ko";
        var industry = r.Industry is null ? null : new MoveIndustry(r.Industry, IsicCatalogue.Find(r.Industry)?.Name ?? r.Industry);
        return new CompetitorMoveDto(
            r.Id,
            new MoveLink(r.CompetitorId, r.CompetitorName),
            r.Kind,
            r.Impact,
            r.OccurredOn,
            r.Title,
            r.Detail,
            r.AccountId is { } accountId ? new MoveLink(accountId, r.AccountName ?? "") : null,
            r.OpportunityId is { } opportunityId ? new MoveOpportunity(opportunityId, r.OpportunityTitle ?? "") : null,
            industry,
            r.ApplicationId is { } applicationId ? new MoveLink(applicationId, (korean ? r.ApplicationKo : r.ApplicationEn) ?? "") : null,
            new MoveLink(r.RecordedById, r.RecordedByName ?? ""),
            MayEdit(viewer, r.RecordedById),
            r.Version,
            r.CreatedAt,
            r.UpdatedAt);
    }

    internal static async Task<CompetitorMoveDto> ReadAsync(BridgeheadDb db, long id, CancellationToken ct)
    {
        var row = await db.CompetitorMoves.AsNoTracking().Where(m => m.Id == id).Select(Projection(db)).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("competitorMove");
        return ToDto(row, db.Viewer);
    }

    /// <summary>A move the caller may change: 404 when they do not see it, 403 when they see it but may not change it.</summary>
    internal static async Task<CompetitorMove> ForWriteAsync(BridgeheadDb db, long id, CancellationToken ct)
    {
        var viewer = Access.RequireSalesWriter(db.Viewer);
        var move = await db.CompetitorMoves.FirstOrDefaultAsync(m => m.Id == id, ct)
            ?? throw new NotFoundException("competitorMove");
        return MayEdit(viewer, move.RecordedById) ? move : throw new ForbiddenException(MovesText.RecorderOnly);
    }
}

/// <summary>
/// The market watch feed: the moves the caller may read, newest first (occurred on, then id).
/// Market moves (no account) reach every sales reader; moves at an account only those who see it.
/// </summary>
public sealed class ListCompetitorMoves(BridgeheadDb db)
{
    public async Task<Page<CompetitorMoveDto>> HandleAsync(CompetitorMoveFilter filter, PageRequest page, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        var query = db.CompetitorMoves.AsNoTracking();
        if (filter.CompetitorId is { } competitorId)
        {
            query = query.Where(m => m.CompetitorId == competitorId);
        }
        if (filter.AccountId is { } accountId)
        {
            query = query.Where(m => m.AccountId == accountId);
        }
        if (filter.OpportunityId is { } opportunityId)
        {
            query = query.Where(m => m.OpportunityId == opportunityId);
        }
        if (filter.Kind is { } kind)
        {
            query = query.Where(m => m.Kind == kind);
        }
        if (filter.Impact is { } impact)
        {
            query = query.Where(m => m.Impact == impact);
        }
        if (Text.Clean(filter.Industry) is { } industry)
        {
            var codes = IsicCatalogue.Covered(industry);
            query = query.Where(m => m.Industry != null
                ? codes.Contains(m.Industry)
                : m.AccountId != null && db.Accounts.Any(a => a.Id == m.AccountId && a.Industry != null && codes.Contains(a.Industry)));
        }
        if (filter.ApplicationId is { } applicationId)
        {
            query = query.Where(m => m.ApplicationId != null
                ? m.ApplicationId == applicationId
                : m.AccountId != null && db.AccountApplications.Any(x => x.AccountId == m.AccountId && x.ApplicationId == applicationId));
        }
        if (filter.From is { } from)
        {
            query = query.Where(m => m.OccurredOn >= from);
        }
        if (filter.To is { } to)
        {
            query = query.Where(m => m.OccurredOn <= to);
        }
        var rows = await query.ToPageAsync(m => m.OccurredOn, m => m.Id, descending: true, page, CompetitorMoves.Projection(db),
            r => (r.OccurredOn, r.Id), ct);
        return new Page<CompetitorMoveDto>([.. rows.Items.Select(r => CompetitorMoves.ToDto(r, db.Viewer))], rows.NextCursor);
    }
}

/// <summary>One move, when the caller may read it (404 otherwise).</summary>
public sealed class GetCompetitorMove(BridgeheadDb db)
{
    public Task<CompetitorMoveDto> HandleAsync(long id, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        return CompetitorMoves.ReadAsync(db, id, ct);
    }
}

/// <summary>Records a competitor move; the caller is its recorder.</summary>
public sealed class CreateCompetitorMove(BridgeheadDb db)
{
    public async Task<CompetitorMoveDto> HandleAsync(CompetitorMoveInput input, CancellationToken ct)
    {
        var viewer = Access.RequireSalesWriter(db.Viewer);
        var valid = await input.ValidateAsync(db, ct);
        var move = new CompetitorMove { Title = "" };
        valid.ApplyTo(move, viewer.UserId ?? throw new ForbiddenException(CommonText.SystemNeedsOwner));
        db.CompetitorMoves.Add(move);
        await db.SaveAsync(ct);
        return await CompetitorMoves.ReadAsync(db, move.Id, ct);
    }
}

/// <summary>Changes a move; <c>change</c> receives the current values and returns the wanted ones. The same rules as recording it.</summary>
public sealed class UpdateCompetitorMove(BridgeheadDb db)
{
    public async Task<CompetitorMoveDto> HandleAsync(long id, long? expectedVersion, Func<CompetitorMoveInput, CompetitorMoveInput> change, CancellationToken ct)
    {
        var move = await CompetitorMoves.ForWriteAsync(db, id, ct);
        Concurrency.Expect(db, move, expectedVersion);
        var valid = await change(CompetitorMoveInput.From(move)).ValidateAsync(db, ct);
        valid.ApplyTo(move, move.RecordedById);
        await db.SaveAsync(ct);
        return await CompetitorMoves.ReadAsync(db, move.Id, ct);
    }
}

/// <summary>Deletes a move recorded by mistake; the audit trail keeps what it said.</summary>
public sealed class DeleteCompetitorMove(BridgeheadDb db)
{
    public async Task HandleAsync(long id, long? expectedVersion, CancellationToken ct)
    {
        var move = await CompetitorMoves.ForWriteAsync(db, id, ct);
        Concurrency.Expect(db, move, expectedVersion);
        db.CompetitorMoves.Remove(move);
        await db.SaveAsync(ct);
    }
}

/// <summary>A pursuit to pick in the move form, with the account it belongs to.</summary>
public sealed record MoveOpportunityChoice(long Id, string Title, long AccountId, string AccountName);

/// <summary>What the move form offers: every competitor, the accounts the caller sees and the open pursuits at them.</summary>
public sealed record MoveChoices(IReadOnlyList<MoveLink> Competitors, IReadOnlyList<MoveLink> Accounts, IReadOnlyList<MoveOpportunityChoice> Opportunities);

/// <summary>
/// The pickers of the move form. Capped for very large books (the cap keeps the page small; the
/// API takes any id the caller sees); a value the move already has stays on offer.
/// </summary>
public sealed class ListMoveChoices(BridgeheadDb db)
{
    public const int MaxAccounts = 2000;
    public const int MaxOpportunities = 2000;

    public async Task<MoveChoices> HandleAsync(long? keepAccountId, long? keepOpportunityId, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var competitors = await db.Competitors.AsNoTracking().OrderBy(c => c.SearchName).ThenBy(c => c.Id)
            .Select(c => new MoveLink(c.Id, c.Name)).ToListAsync(ct);
        var accounts = await db.Accounts.AsNoTracking()
            .OrderBy(a => a.Id == keepAccountId ? 0 : 1).ThenBy(a => a.SearchName).ThenBy(a => a.Id).Take(MaxAccounts)
            .Select(a => new { a.Id, a.Name, a.SearchName }).ToListAsync(ct);
        var opportunities = await db.Opportunities.AsNoTracking()
            .Where(o => o.Status == Pursuits.OpportunityStatus.Open || o.Id == keepOpportunityId)
            .OrderBy(o => o.Id == keepOpportunityId ? 0 : 1).ThenBy(o => o.AccountId == keepAccountId ? 0 : 1).ThenByDescending(o => o.Id).Take(MaxOpportunities)
            .Select(o => new MoveOpportunityChoice(o.Id, o.Title, o.AccountId, o.Account!.Name)).ToListAsync(ct);
        return new MoveChoices(
            competitors,
            [.. accounts.OrderBy(a => a.SearchName, StringComparer.Ordinal).ThenBy(a => a.Id).Select(a => new MoveLink(a.Id, a.Name))],
            [.. opportunities.OrderBy(o => o.AccountName, StringComparer.CurrentCultureIgnoreCase).ThenBy(o => o.Title, StringComparer.CurrentCultureIgnoreCase).ThenBy(o => o.Id)]);
    }
}
