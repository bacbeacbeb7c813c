using Bridgehead.Accounts;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Industries;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.References;

/// <summary>A product a reference case is about.</summary>
public sealed record ReferenceProductDto(long Id, string Sku, string Name, string? Category);

/// <summary>A reference case as the API returns it.</summary>
/// <param name="CanEdit">Whether the caller may change it: a sales writer who sees the customer.</param>
public sealed record ReferenceCaseDto(
    long Id,
    long AccountId,
    string AccountName,
    string Title,
    string? Industry,
    long? ApplicationId,
    string? Outcome,
    bool MayBeNamed,
    IReadOnlyList<ReferenceProductDto> Products,
    bool CanEdit,
    long Version,
    DateTime CreatedAt,
    DateTime UpdatedAt);

/// <summary>The body of POST /references and, merged, of PATCH.</summary>
public sealed record ReferenceInput(
    long? AccountId,
    string? Title,
    string? Industry = null,
    long? ApplicationId = null,
    string? Outcome = null,
    bool? MayBeNamed = null,
    IReadOnlyList<long>? ProductIds = null)
{
    public const int MaxProducts = 50;

    public static ReferenceInput From(ReferenceCase r) =>
        new(r.AccountId, r.Title, r.Industry, r.ApplicationId, r.Outcome, r.MayBeNamed, [.. r.Products.Select(p => p.ProductId).Order()]);

    /// <summary>Checks every field against the catalogue and the database and throws the errors together; returns the cleaned values.</summary>
    internal async Task<ReferenceInput> ValidateAsync(BridgeheadDb db, CancellationToken ct)
    {
        var v = new Validator();
        v.Required("title", Title, ReferenceCase.MaxTitle);
        var outcome = Text.Clean(Outcome);
        v.MaxLength("outcome", outcome, ReferenceCase.MaxText);

        string? accountIndustry = null;
        if (AccountId is not { } accountId)
        {
            v.Add("accountId", CommonText.Required);
        }
        else
        {
            // The account filter answers for the caller: a customer they do not see is not there.
            var account = await db.Accounts.AsNoTracking().Where(a => a.Id == accountId)
                .Select(a => new { a.Status, a.Industry }).FirstOrDefaultAsync(ct);
            if (account is null)
            {
                v.Add("accountId", CommonText.MustBeVisibleAccount);
            }
            else if (account.Status != AccountStatus.Customer)
            {
                v.Add("accountId", ReferencesText.MustBeCustomer);
            }
            else
            {
                accountIndustry = account.Industry;
            }
        }

        var industry = IsicCatalogue.Resolve(Industry, accountIndustry, v);

        if (ApplicationId is { } applicationId && !await db.Applications.AnyAsync(a => a.Id == applicationId, ct))
        {
            v.Add("applicationId", CommonText.UnknownApplication);
        }

        var products = (ProductIds ?? []).Distinct().Order().ToList();
        if (products.Count > MaxProducts)
        {
            v.Add("productIds", Validator.Format(CommonText.TooMany, MaxProducts));
        }
        else if (products.Count > 0 && await db.Products.CountAsync(p => products.Contains(p.Id), ct) != products.Count)
        {
            v.Add("productIds", ReferencesText.UnknownProduct);
        }

        v.ThrowIfInvalid();
        return new ReferenceInput(AccountId, Title!.Trim(), industry, ApplicationId, outcome, MayBeNamed ?? false, products);
    }

    internal void ApplyTo(ReferenceCase r)
    {
        r.AccountId = AccountId!.Value;
        r.Title = Title!;
        r.SearchName = Text.SearchKey(Title!);
        r.Industry = Industry;
        r.ApplicationId = ApplicationId;
        r.Outcome = Outcome;
        r.MayBeNamed = MayBeNamed ?? false;
        var wanted = (ProductIds ?? []).ToHashSet();
        r.Products.RemoveAll(p => !wanted.Contains(p.ProductId));
        foreach (var id in wanted.Where(id => r.Products.All(p => p.ProductId != id)).Order())
        {
            r.Products.Add(new ReferenceProduct { ReferenceCaseId = r.Id, ProductId = id });
        }
    }
}

/// <summary>Filters of the reference library; they combine with AND.</summary>
public sealed record ReferenceFilter
{
    /// <summary>Part of the title, in any case.</summary>
    public string? Q { get; init; }

    /// <summary>An ISIC code; a section also finds its divisions.</summary>
    public string? Industry { get; init; }

    public long? ApplicationId { get; init; }

    public long? ProductId { get; init; }

    public long? AccountId { get; init; }

    public bool? MayBeNamed { get; init; }
}

/// <summary>Reads reference cases with their customer's name and products; shared by the use cases.</summary>
internal static class ReferenceReader
{
    internal sealed record Row(long Id, long AccountId, string Title, string SearchName, string? Industry, long? ApplicationId, string? Outcome,
        bool MayBeNamed, long Version, DateTime CreatedAt, DateTime UpdatedAt);

    internal static readonly System.Linq.Expressions.Expression<Func<ReferenceCase, Row>> Projection = r =>
        new Row(r.Id, r.AccountId, r.Title, r.SearchName, r.Industry, r.ApplicationId, r.Outcome, r.MayBeNamed, r.Version, r.CreatedAt, r.UpdatedAt);

    /// <summary>
    /// The cases as DTOs. The customer's name is part of the library (every sales role reads it,
    /// whoever owns the account), so it is read past the account filter; whether the caller may
    /// edit follows the account filter.
    /// </summary>
    internal static async Task<List<ReferenceCaseDto>> ToDtosAsync(BridgeheadDb db, IReadOnlyList<Row> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return [];
        }
        var ids = rows.Select(r => r.Id).ToList();
        var accountIds = rows.Select(r => r.AccountId).Distinct().ToList();
        var names = await db.Accounts.IgnoreQueryFilters().AsNoTracking().Where(a => accountIds.Contains(a.Id))
            .Select(a => new { a.Id, a.Name }).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        var writer = db.Viewer?.CanEditSales ?? false;
        var visible = writer
            ? (await db.Accounts.AsNoTracking().Where(a => accountIds.Contains(a.Id)).Select(a => a.Id).ToListAsync(ct)).ToHashSet()
            : [];
        var products = (await db.ReferenceProducts.AsNoTracking().Where(p => ids.Contains(p.ReferenceCaseId))
                .Join(db.Products, p => p.ProductId, p => p.Id, (rp, p) => new { rp.ReferenceCaseId, p.Id, p.Sku, p.Name, p.Category })
                .ToListAsync(ct))
            .GroupBy(p => p.ReferenceCaseId)
            .ToDictionary(g => g.Key, g => g.OrderBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(p => p.Id)
                .Select(p => new ReferenceProductDto(p.Id, p.Sku, p.Name, p.Category)).ToList());
        return [.. rows.Select(r => new ReferenceCaseDto(r.Id, r.AccountId, names.GetValueOrDefault(r.AccountId) ?? "", r.Title, r.Industry,
            r.ApplicationId, r.Outcome, r.MayBeNamed, products.GetValueOrDefault(r.Id) ?? [], writer && visible.Contains(r.AccountId),
            r.Version, r.CreatedAt, r.UpdatedAt))];
    }

    internal static async Task<ReferenceCaseDto> ReadAsync(BridgeheadDb db, long id, CancellationToken ct)
    {
        var rows = await db.ReferenceCases.AsNoTracking().Where(r => r.Id == id).Select(Projection).ToListAsync(ct);
        return rows.Count == 0 ? throw new NotFoundException("referenceCase") : (await ToDtosAsync(db, rows, ct))[0];
    }

    /// <summary>
    /// A case the caller may change: a sales writer who sees the customer. Anyone else in sales
    /// reads the case but gets 403 (the case itself is no secret in the library).
    /// </summary>
    internal static async Task<ReferenceCase> ForWriteAsync(BridgeheadDb db, long id, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var rc = await db.ReferenceCases.Include(r => r.Products).FirstOrDefaultAsync(r => r.Id == id, ct)
            ?? throw new NotFoundException("referenceCase");
        if (!await db.Accounts.AnyAsync(a => a.Id == rc.AccountId, ct))
        {
            throw new ForbiddenException(ReferencesText.OnlyOwnCustomers);
        }
        return rc;
    }
}

/// <summary>A page of the library, by title. Every sales role reads every case, whoever owns the customer.</summary>
public sealed class ListReferenceCases(BridgeheadDb db)
{
    public async Task<Page<ReferenceCaseDto>> HandleAsync(ReferenceFilter filter, PageRequest page, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        var query = db.ReferenceCases.AsNoTracking();
        if (Text.Clean(filter.Q) is { } q)
        {
            var pattern = Text.ContainsPattern(q);
            query = query.Where(r => EF.Functions.Like(r.SearchName, pattern, Text.LikeEscape));
        }
        if (Text.Clean(filter.Industry) is { } industry)
        {
            var codes = IsicCatalogue.Covered(industry);
            query = query.Where(r => r.Industry != null && codes.Contains(r.Industry));
        }
        if (filter.ApplicationId is { } applicationId)
        {
            query = query.Where(r => r.ApplicationId == applicationId);
        }
        if (filter.ProductId is { } productId)
        {
            query = query.Where(r => r.Products.Any(p => p.ProductId == productId));
        }
        if (filter.AccountId is { } accountId)
        {
            query = query.Where(r => r.AccountId == accountId);
        }
        if (filter.MayBeNamed is { } named)
        {
            query = query.Where(r => r.MayBeNamed == named);
        }
        var rows = await query.ToPageAsync(r => r.SearchName, r => r.Id, descending: false, page, ReferenceReader.Projection,
            r => (r.SearchName, r.Id), ct);
        return new Page<ReferenceCaseDto>(await ReferenceReader.ToDtosAsync(db, rows.Items, ct), rows.NextCursor);
    }
}

/// <summary>One reference case.</summary>
public sealed class GetReferenceCase(BridgeheadDb db)
{
    public Task<ReferenceCaseDto> HandleAsync(long id, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        return ReferenceReader.ReadAsync(db, id, ct);
    }
}

/// <summary>Adds a case about a customer the caller sees.</summary>
public sealed class CreateReferenceCase(BridgeheadDb db)
{
    public async Task<ReferenceCaseDto> HandleAsync(ReferenceInput input, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var valid = await input.ValidateAsync(db, ct);
        var rc = new ReferenceCase { Title = "", SearchName = "" };
        valid.ApplyTo(rc);
        db.ReferenceCases.Add(rc);
        await db.SaveAsync(ct);
        return await ReferenceReader.ReadAsync(db, rc.Id, ct);
    }
}

/// <summary>Changes a case; <c>change</c> receives the current values and returns the wanted ones.</summary>
public sealed class UpdateReferenceCase(BridgeheadDb db)
{
    public async Task<ReferenceCaseDto> HandleAsync(long id, long? expectedVersion, Func<ReferenceInput, ReferenceInput> change, CancellationToken ct)
    {
        var rc = await ReferenceReader.ForWriteAsync(db, id, ct);
        Concurrency.Expect(db, rc, expectedVersion);
        var valid = await change(ReferenceInput.From(rc)).ValidateAsync(db, ct);
        valid.ApplyTo(rc);
        await db.SaveAsync(ct);
        return await ReferenceReader.ReadAsync(db, rc.Id, ct);
    }
}

/// <summary>Deletes a case (its products go with it); 409 while pursuits have it attached to their needs.</summary>
public sealed class DeleteReferenceCase(BridgeheadDb db)
{
    public async Task HandleAsync(long id, long? expectedVersion, CancellationToken ct)
    {
        var rc = await ReferenceReader.ForWriteAsync(db, id, ct);
        Concurrency.Expect(db, rc, expectedVersion);
        // A case chosen for pursuits stays until it is detached there; counted across every account,
        // since a pursuit the caller cannot see would lose its reference just the same.
        var pursuits = await db.NeedsReferences.IgnoreQueryFilters().CountAsync(n => n.ReferenceCaseId == id, ct);
        if (pursuits > 0)
        {
            throw new ConflictException([Validator.Format(ReferencesText.InUseByNeeds, pursuits)]);
        }
        db.ReferenceCases.Remove(rc);
        await db.SaveAsync(ct);
    }
}

/// <summary>A customer or product to pick in the reference form.</summary>
public sealed record ReferenceChoice(long Id, string Name);

/// <summary>
/// What the reference form offers: the customers the caller sees (status customer) and the active
/// catalogue products (a product the case already names stays on offer even if retired since).
/// </summary>
public sealed class ListReferenceChoices(BridgeheadDb db)
{
    public const int MaxCustomers = 2000;

    public async Task<(IReadOnlyList<ReferenceChoice> Customers, IReadOnlyList<ReferenceChoice> Products)> HandleAsync(IReadOnlyCollection<long> keepProductIds, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var customers = await db.Accounts.AsNoTracking().Where(a => a.Status == AccountStatus.Customer)
            .OrderBy(a => a.SearchName).ThenBy(a => a.Id).Take(MaxCustomers)
            .Select(a => new ReferenceChoice(a.Id, a.Name)).ToListAsync(ct);
        var products = await db.Products.AsNoTracking().Where(p => p.IsActive || keepProductIds.Contains(p.Id))
            .OrderBy(p => p.SearchName).ThenBy(p => p.Id)
            .Select(p => new ReferenceChoice(p.Id, p.Sku + " · " + p.Name)).ToListAsync(ct);
        return (customers, products);
    }
}
