using System.Runtime.CompilerServices;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Industries;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Bridgehead.Accounts;

/// <summary>Filters of the account list; each is optional and they combine with AND.</summary>
public sealed record AccountFilter
{
    /// <summary>Part of the name, in any case.</summary>
    public string? Q { get; init; }
    public AccountStatus? Status { get; init; }
    public AccountTier? Tier { get; init; }
    public AccountType? Type { get; init; }

    /// <summary>An ISIC code; a section also matches its divisions.</summary>
    public string? Industry { get; init; }
    public long? ApplicationId { get; init; }
    public string? Country { get; init; }
    public long? OwnerId { get; init; }
    public long? ParentId { get; init; }

    /// <summary>The stored health band (customers only; none for roles that do not read health).</summary>
    public Health.HealthBand? HealthBand { get; init; }

    /// <summary>"name" (the default) or "fit": best fit first.</summary>
    public string? Sort { get; init; }
}

/// <summary>The accounts the caller may see, by name, a page at a time.</summary>
public sealed class ListAccounts(BridgeheadDb db)
{
    public Task<Page<AccountDto>> HandleAsync(AccountFilter filter, PageRequest page, CancellationToken ct)
    {
        var query = Matching(db, filter);
        return Text.Clean(filter.Sort) switch
        {
            null or "name" => query.ToPageAsync(a => a.SearchName, a => a.Id, descending: false, page, AccountDto.Projection,
                dto => (Text.SearchKey(dto.Name), dto.Id), ct),
            "fit" => query.ToPageAsync(a => a.FitScore ?? -1, a => a.Id, descending: true, page, AccountDto.Projection,
                dto => (dto.FitScore ?? -1, dto.Id), ct),
            _ => throw new BadRequestException("sort", CommonText.UnknownSort),
        };
    }

    /// <summary>The accounts the caller sees that pass the filter (the sort aside); exports read the same.</summary>
    public static IQueryable<Account> Matching(BridgeheadDb db, AccountFilter filter)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        var query = db.NearViewer(db.Accounts.AsNoTracking(), a => a.Id);
        if (Text.Clean(filter.Q) is { } q)
        {
            var pattern = Text.ContainsPattern(q);
            query = query.Where(a => EF.Functions.Like(a.SearchName, pattern, Text.LikeEscape));
        }
        if (filter.Status is { } status)
        {
            query = query.Where(a => a.Status == status);
        }
        if (filter.Tier is { } tier)
        {
            query = query.Where(a => a.Tier == tier);
        }
        if (filter.Type is { } type)
        {
            query = query.Where(a => a.Type == type);
        }
        if (Text.Clean(filter.Industry) is { } industry)
        {
            var codes = IsicCatalogue.Find(industry) is { } known ? IsicCatalogue.Covered(known.Code) : [industry];
            query = query.Where(a => a.Industry != null && codes.Contains(a.Industry));
        }
        if (filter.ApplicationId is { } applicationId)
        {
            query = query.Where(a => a.Applications.Any(x => x.ApplicationId == applicationId));
        }
        if (Text.Clean(filter.Country) is { } country)
        {
            var code = country.ToUpperInvariant();
            query = query.Where(a => a.Country == code);
        }
        if (filter.OwnerId is { } ownerId)
        {
            query = query.Where(a => a.OwnerId == ownerId);
        }
        if (filter.ParentId is { } parentId)
        {
            query = query.Where(a => a.ParentId == parentId);
        }
        if (filter.HealthBand is { } band)
        {
            query = query.Where(a => db.AccountHealth.Any(h => h.AccountId == a.Id && h.Band == band));
        }
        return query;
    }
}

/// <summary>One account, if the caller may see it.</summary>
public sealed class GetAccount(BridgeheadDb db)
{
    // The most read record: a compiled query skips EF's per-call expression work (the visibility
    // filters still read the context's viewer on every call). Compiled once per model, as a
    // compiled query keeps the SQL of the first provider it ran on (see ValidateToken).
    private static readonly ConditionalWeakTable<IModel, Func<BridgeheadDb, long, CancellationToken, Task<AccountDto?>>> Compiled = new();

    private static Func<BridgeheadDb, long, CancellationToken, Task<AccountDto?>> Compile() =>
        EF.CompileAsyncQuery((BridgeheadDb db, long id, CancellationToken ct) =>
            db.Accounts.AsNoTracking().Where(a => a.Id == id).Select(AccountDto.Projection).FirstOrDefault());

    public async Task<AccountDto> HandleAsync(long id, CancellationToken ct) =>
        await Compiled.GetValue(db.Model, _ => Compile())(db, id, ct) ?? throw new NotFoundException("account");
}
