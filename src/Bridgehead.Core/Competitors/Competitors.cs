using System.Linq.Expressions;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Competitors;

/// <summary>A competitor as the API returns it.</summary>
/// <param name="PricePosition">Where they price themselves against us: above, similar or below.</param>
public sealed record CompetitorDto(
    long Id,
    string Name,
    string? Strengths,
    string? Weaknesses,
    PricePosition? PricePosition,
    string? Website,
    string? Notes,
    long Version,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    internal static readonly Expression<Func<Competitor, CompetitorDto>> Projection = c =>
        new CompetitorDto(c.Id, c.Name, c.Strengths, c.Weaknesses, c.PricePosition, c.Website, c.Notes, c.Version, c.CreatedAt, c.UpdatedAt);

    private static readonly Func<Competitor, CompetitorDto> Compiled = Projection.Compile();

    internal static CompetitorDto From(Competitor c) => Compiled(c);
}

/// <summary>The body of POST /competitors and, merged, of PATCH.</summary>
public sealed record CompetitorInput(
    string? Name,
    string? Strengths = null,
    string? Weaknesses = null,
    PricePosition? PricePosition = null,
    string? Website = null,
    string? Notes = null)
{
    public static CompetitorInput From(Competitor c) => new(c.Name, c.Strengths, c.Weaknesses, c.PricePosition, c.Website, c.Notes);

    /// <summary>Checks every field and throws the errors together; returns the cleaned values.</summary>
    internal CompetitorInput Validate()
    {
        var v = new Validator();
        v.Required("name", Name, Competitor.MaxName);
        v.MaxLength("strengths", Text.Clean(Strengths), Competitor.MaxText);
        v.MaxLength("weaknesses", Text.Clean(Weaknesses), Competitor.MaxText);
        v.MaxLength("notes", Text.Clean(Notes), Competitor.MaxText);
        v.Defined("pricePosition", PricePosition);
        var website = Text.Clean(Website);
        if (website is not null)
        {
            if (!website.Contains("://", StringComparison.Ordinal))
            {
                website = "https://" + website;
            }
            v.MaxLength("website", website, Competitor.MaxWebsite);
            if (!Uri.TryCreate(website, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !uri.Host.Contains('.', StringComparison.Ordinal))
            {
                v.Add("website", CommonText.InvalidUrl);
            }
        }
        v.ThrowIfInvalid();
        return new CompetitorInput(Name!.Trim(), Text.Clean(Strengths), Text.Clean(Weaknesses), PricePosition, website, Text.Clean(Notes));
    }

    internal void ApplyTo(Competitor c)
    {
        c.Name = Name!;
        c.SearchName = Text.SearchKey(Name!);
        c.Strengths = Strengths;
        c.Weaknesses = Weaknesses;
        c.PricePosition = PricePosition;
        c.Website = Website;
        c.Notes = Notes;
    }
}

/// <summary>Filters of the competitor list; they combine with AND.</summary>
public sealed record CompetitorFilter
{
    /// <summary>Part of the name, in any case.</summary>
    public string? Q { get; init; }

    public PricePosition? PricePosition { get; init; }
}

/// <summary>Competitors by name; sales roles need them to record who won, who supplies and who slipped.</summary>
public sealed class ListCompetitors(BridgeheadDb db)
{
    /// <summary>Every competitor, by name (for pickers).</summary>
    public async Task<IReadOnlyList<CompetitorDto>> HandleAsync(CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        return await db.Competitors.AsNoTracking().OrderBy(c => c.SearchName).ThenBy(c => c.Id).Select(CompetitorDto.Projection).ToListAsync(ct);
    }
}

/// <summary>A page of the competitors that match the filter, by name (the list API and page).</summary>
public sealed class SearchCompetitors(BridgeheadDb db)
{
    public Task<Page<CompetitorDto>> HandleAsync(CompetitorFilter filter, PageRequest page, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        var query = db.Competitors.AsNoTracking();
        if (Text.Clean(filter.Q) is { } q)
        {
            var pattern = Text.ContainsPattern(q);
            query = query.Where(c => EF.Functions.Like(c.SearchName, pattern, Text.LikeEscape));
        }
        if (filter.PricePosition is { } position)
        {
            query = query.Where(c => c.PricePosition == position);
        }
        return query.ToPageAsync(c => c.SearchName, c => c.Id, descending: false, page, CompetitorDto.Projection,
            dto => (Text.SearchKey(dto.Name), dto.Id), ct);
    }
}

/// <summary>One competitor.</summary>
public sealed class GetCompetitor(BridgeheadDb db)
{
    public async Task<CompetitorDto> HandleAsync(long id, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        return await db.Competitors.AsNoTracking().Where(c => c.Id == id).Select(CompetitorDto.Projection).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("competitor");
    }
}

/// <summary>Adds a competitor, or returns the one already known by that name (names compare without case).</summary>
public sealed class CreateCompetitor(BridgeheadDb db)
{
    /// <summary>The saved record as the database holds it (times at its precision).</summary>
    internal static Task<CompetitorDto> ReadAsync(BridgeheadDb db, long id, CancellationToken ct) =>
        db.Competitors.AsNoTracking().Where(c => c.Id == id).Select(CompetitorDto.Projection).FirstAsync(ct);

    public async Task<(CompetitorDto Competitor, bool Created)> HandleAsync(CompetitorInput input, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var valid = input.Validate();
        var key = Text.SearchKey(valid.Name!);
        if (await db.Competitors.AsNoTracking().FirstOrDefaultAsync(c => c.SearchName == key, ct) is { } known)
        {
            return (CompetitorDto.From(known), false);
        }
        var competitor = new Competitor { Name = "", SearchName = "" };
        valid.ApplyTo(competitor);
        db.Competitors.Add(competitor);
        try
        {
            await db.SaveAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another request added the same rival between the look-up and the save (the name is
            // unique): that record is the one, as if this request had come second.
            db.ChangeTracker.Clear();
            var raced = await db.Competitors.AsNoTracking().FirstOrDefaultAsync(c => c.SearchName == key, ct);
            if (raced is null)
            {
                throw;
            }
            return (CompetitorDto.From(raced), false);
        }
        return (await ReadAsync(db, competitor.Id, ct), true);
    }
}

/// <summary>
/// Changes a competitor's profile; <c>change</c> receives the current values and returns the
/// wanted ones. A new name must not be another competitor's (in any case): 409.
/// </summary>
public sealed class UpdateCompetitor(BridgeheadDb db)
{
    public async Task<CompetitorDto> HandleAsync(long id, long? expectedVersion, Func<CompetitorInput, CompetitorInput> change, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var competitor = await db.Competitors.FirstOrDefaultAsync(c => c.Id == id, ct)
            ?? throw new NotFoundException("competitor");
        Concurrency.Expect(db, competitor, expectedVersion);
        var valid = change(CompetitorInput.From(competitor)).Validate();
        var key = Text.SearchKey(valid.Name!);
        if (key != competitor.SearchName && await db.Competitors.AnyAsync(c => c.SearchName == key && c.Id != id, ct))
        {
            throw NameTaken(valid.Name!);
        }
        valid.ApplyTo(competitor);
        try
        {
            await db.SaveAsync(ct);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            // The unique name: another rename or create took it between the check and the save.
            throw NameTaken(valid.Name!);
        }
        return await CreateCompetitor.ReadAsync(db, competitor.Id, ct);
    }

    private static ConflictException NameTaken(string name) => new([Validator.Format(CompetitorsText.NameTaken, name)]);
}

/// <summary>
/// Deletes a competitor that nothing refers to; managers and admins only. Pursuits lost to it,
/// shares of wallet it holds and slips recorded against it keep it (409 saying how many).
/// </summary>
public sealed class DeleteCompetitor(BridgeheadDb db)
{
    public async Task HandleAsync(long id, long? expectedVersion, CancellationToken ct)
    {
        var viewer = Access.RequireSalesWriter(db.Viewer);
        if (!viewer.CanOverrideGates)
        {
            throw new ForbiddenException(CompetitorsText.DeleteManagersOnly);
        }
        var competitor = await db.Competitors.FirstOrDefaultAsync(c => c.Id == id, ct)
            ?? throw new NotFoundException("competitor");
        Concurrency.Expect(db, competitor, expectedVersion);

        var uses = await CompetitorUses.CountAsync(db, id, ct);
        if (uses.Any)
        {
            throw new ConflictException(uses.Describe());
        }
        db.Competitors.Remove(competitor);
        await db.SaveAsync(ct);
    }
}

/// <summary>
/// What refers to a competitor: the rows that keep it, counted among the records the caller sees;
/// rows at accounts they do not see only say that there are some (how many would tell other
/// teams' business).
/// </summary>
public sealed record CompetitorUses(int Pursuits, int Shares, int Slips, bool Hidden, int Moves = 0)
{
    public bool Any => Pursuits + Shares + Slips + Moves > 0 || Hidden;

    public IReadOnlyList<string> Describe()
    {
        var rules = new List<string>();
        if (Pursuits > 0)
        {
            rules.Add(Validator.Format(CompetitorsText.UsedByPursuits, Pursuits));
        }
        if (Shares > 0)
        {
            rules.Add(Validator.Format(CompetitorsText.UsedByShares, Shares));
        }
        if (Slips > 0)
        {
            rules.Add(Validator.Format(CompetitorsText.UsedBySlips, Slips));
        }
        if (Moves > 0)
        {
            rules.Add(Validator.Format(MovesText.UsedByMoves, Moves));
        }
        if (Hidden)
        {
            rules.Add(CompetitorsText.UsedElsewhere);
        }
        return rules;
    }

    public static async Task<CompetitorUses> CountAsync(BridgeheadDb db, long id, CancellationToken ct)
    {
        var pursuits = await db.Opportunities
            .CountAsync(o => o.WinningCompetitorId == id || db.StageChanges.Any(c => c.OpportunityId == o.Id && c.CompetitorId == id), ct);
        var shares = await db.SupplierShares.CountAsync(s => s.CompetitorId == id, ct);
        var slips = await db.IncumbentEvents.CountAsync(e => e.CompetitorId == id, ct);
        // Moves recorded against the rival keep it too (market moves are read by every sales role).
        var moves = await db.CompetitorMoves.CountAsync(m => m.CompetitorId == id, ct);
        var all = await db.Opportunities.IgnoreQueryFilters()
                .CountAsync(o => o.WinningCompetitorId == id || db.StageChanges.IgnoreQueryFilters().Any(c => c.OpportunityId == o.Id && c.CompetitorId == id), ct)
            + await db.SupplierShares.IgnoreQueryFilters().CountAsync(s => s.CompetitorId == id, ct)
            + await db.IncumbentEvents.IgnoreQueryFilters().CountAsync(e => e.CompetitorId == id, ct)
            + await db.CompetitorMoves.IgnoreQueryFilters().CountAsync(m => m.CompetitorId == id, ct);
        return new CompetitorUses(pursuits, shares, slips, all > pursuits + shares + slips + moves, moves);
    }
}

/// <summary>A rival's current share of a category at an account (the latest entry).</summary>
public sealed record CompetitorShareDto(long Id, long AccountId, string AccountName, string ProductCategory, decimal SharePercent,
    decimal? AnnualValue, string? Currency, DateOnly AsOf);

/// <summary>A slip recorded against the rival at an account.</summary>
public sealed record CompetitorSlipDto(long Id, long AccountId, string AccountName, Wallet.IncumbentEventKind Kind, Wallet.Severity Severity,
    DateOnly OccurredOn, string? Note);

/// <summary>A pursuit the rival won from us.</summary>
public sealed record CompetitorWinDto(long Id, string Title, long AccountId, string AccountName, Pursuits.CloseReason? CloseReason, DateTime? ClosedAt);

/// <summary>Where a rival stands at the accounts the caller sees: shares held, recent slips, pursuits lost to them.</summary>
public sealed record CompetitorFootprint(
    IReadOnlyList<CompetitorShareDto> Shares,
    IReadOnlyList<CompetitorSlipDto> Slips,
    IReadOnlyList<CompetitorWinDto> Wins);

/// <summary>
/// A competitor's footprint for its profile page. Every part passes the visibility filters, so a
/// rep sees the shares, slips and pursuits of their own accounts only.
/// </summary>
public sealed class GetCompetitorFootprint(BridgeheadDb db)
{
    /// <summary>Rows shown per part, newest first.</summary>
    public const int Limit = 50;

    public async Task<CompetitorFootprint> HandleAsync(long id, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        // The latest entry per account and category: a newer one of the same rival replaces it.
        var shares = await db.SupplierShares.AsNoTracking()
            .Where(s => s.CompetitorId == id && !db.SupplierShares.Any(n => n.CompetitorId == id && n.AccountId == s.AccountId
                && n.CategoryKey == s.CategoryKey && (n.AsOf > s.AsOf || (n.AsOf == s.AsOf && n.Id > s.Id))))
            .OrderByDescending(s => s.AsOf).ThenByDescending(s => s.Id).Take(Limit)
            .Select(s => new CompetitorShareDto(s.Id, s.AccountId, s.Account!.Name, s.ProductCategory, s.SharePercent, s.AnnualValue, s.Currency, s.AsOf))
            .ToListAsync(ct);
        var slips = await db.IncumbentEvents.AsNoTracking()
            .Where(e => e.CompetitorId == id)
            .OrderByDescending(e => e.OccurredOn).ThenByDescending(e => e.Id).Take(Limit)
            .Select(e => new CompetitorSlipDto(e.Id, e.AccountId, e.Account!.Name, e.Kind, e.Severity, e.OccurredOn, e.Note))
            .ToListAsync(ct);
        var wins = await db.Opportunities.AsNoTracking()
            .Where(o => o.WinningCompetitorId == id)
            .OrderByDescending(o => o.ClosedAt).ThenByDescending(o => o.Id).Take(Limit)
            .Select(o => new CompetitorWinDto(o.Id, o.Title, o.AccountId, o.Account!.Name, o.CloseReason, o.ClosedAt))
            .ToListAsync(ct);
        return new CompetitorFootprint(shares, slips, wins);
    }
}
