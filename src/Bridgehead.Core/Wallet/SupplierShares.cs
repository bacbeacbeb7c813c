using System.Linq.Expressions;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Wallet;

internal static class ShareQueries
{
    public static readonly Expression<Func<SupplierShare, SupplierShareDto>> Projection = s => new SupplierShareDto(
        s.Id,
        s.AccountId,
        s.ProductCategory,
        s.CompetitorId == null ? SupplierKind.Us : SupplierKind.Competitor,
        s.CompetitorId,
        s.Competitor == null ? null : s.Competitor.Name,
        s.SharePercent,
        s.AnnualVolume,
        s.VolumeUnit,
        s.AnnualValue == null || s.Currency == null ? null : new Money(s.AnnualValue.Value, s.Currency.Trim()),
        s.AsOf,
        s.Note,
        s.Version,
        s.CreatedAt,
        s.UpdatedAt);

    /// <summary>Every entry of one category at one account, as the picture rules read them.</summary>
    public static async Task<List<ShareEntry>> CategoryAsync(BridgeheadDb db, long accountId, string categoryKey, long? except, CancellationToken ct) =>
        await db.SupplierShares.AsNoTracking()
            .Where(s => s.AccountId == accountId && s.CategoryKey == categoryKey && s.Id != (except ?? 0))
            .Select(s => new ShareEntry(s.Id, s.CompetitorId, s.SharePercent, s.AsOf))
            .ToListAsync(ct);

    /// <summary>
    /// Refuses an entry that repeats a supplier on a date, or that would push the picture of its
    /// category over 100% at its own date or any later one (a backdated entry can break a later picture).
    /// </summary>
    public static async Task CheckAsync(BridgeheadDb db, long accountId, SupplierShareInput valid, long? except, CancellationToken ct)
    {
        var key = Text.SearchKey(valid.ProductCategory!);
        var others = await CategoryAsync(db, accountId, key, except, ct);
        var competitorId = valid.Supplier == SupplierKind.Us ? null : valid.CompetitorId;
        var asOf = valid.AsOf!.Value;
        if (others.Any(o => o.CompetitorId == competitorId && o.AsOf == asOf))
        {
            throw ValidationException.For("asOf", Validator.Format(WalletText.SupplierTwice, valid.ProductCategory!, ShareRules.Date(asOf)));
        }
        var entries = others.Append(new ShareEntry(except ?? long.MaxValue, competitorId, valid.SharePercent!.Value, asOf)).ToList();
        if (ShareRules.FirstOverflow(entries, asOf) is { } overflow)
        {
            throw ValidationException.For("sharePercent", ShareRules.OverflowMessage(WalletText.SharesOverHundred, valid.ProductCategory!, overflow));
        }
    }
}

/// <summary>Filters of an account's share-of-wallet entries.</summary>
public sealed record SupplierShareFilter
{
    /// <summary>The product category, compared without case and extra spaces.</summary>
    public string? ProductCategory { get; init; }
}

/// <summary>Every share-of-wallet entry of an account (the whole history), newest date first.</summary>
public sealed class ListSupplierShares(BridgeheadDb db)
{
    public async Task<Page<SupplierShareDto>> HandleAsync(long accountId, SupplierShareFilter filter, PageRequest page, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        await Wallets.RequireAccountAsync(db, accountId, ct);
        var query = db.SupplierShares.AsNoTracking().Where(s => s.AccountId == accountId);
        if (Text.Clean(filter.ProductCategory) is { } category)
        {
            var key = Text.SearchKey(category);
            query = query.Where(s => s.CategoryKey == key);
        }
        return await query.ToPageAsync(s => s.AsOf, s => s.Id, descending: true, page, ShareQueries.Projection, dto => (dto.AsOf, dto.Id), ct);
    }
}

/// <summary>One entry, when the caller sees its account.</summary>
public sealed class GetSupplierShare(BridgeheadDb db)
{
    public async Task<SupplierShareDto> HandleAsync(long accountId, long id, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        return await db.SupplierShares.AsNoTracking().Where(s => s.Id == id && s.AccountId == accountId)
                   .Select(ShareQueries.Projection).FirstOrDefaultAsync(ct)
               ?? throw new NotFoundException("supplierShare");
    }
}

/// <summary>Records who supplied what share of a category at an account, as of a date.</summary>
public sealed class CreateSupplierShare(BridgeheadDb db, GetSupplierShare get)
{
    public async Task<SupplierShareDto> HandleAsync(long accountId, SupplierShareInput input, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        await Wallets.RequireAccountAsync(db, accountId, ct);
        var valid = await input.ValidateAsync(db, ct);
        var share = new SupplierShare { AccountId = accountId, ProductCategory = "", CategoryKey = "" };
        await Wallets.SerializedAsync(db, accountId, async () =>
        {
            await ShareQueries.CheckAsync(db, accountId, valid, null, ct);
            valid.ApplyTo(share);
            db.SupplierShares.Add(share);
            await db.SaveAsync(ct);
        }, ct);
        return await get.HandleAsync(accountId, share.Id, ct);
    }
}

/// <summary>Corrects an entry; <c>change</c> receives the current values and returns the wanted ones.</summary>
public sealed class UpdateSupplierShare(BridgeheadDb db, GetSupplierShare get)
{
    public async Task<SupplierShareDto> HandleAsync(long accountId, long id, long? expectedVersion, Func<SupplierShareInput, SupplierShareInput> change, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var share = await db.SupplierShares.FirstOrDefaultAsync(s => s.Id == id && s.AccountId == accountId, ct)
            ?? throw new NotFoundException("supplierShare");
        Concurrency.Expect(db, share, expectedVersion);
        var before = new ShareEntry(share.Id, share.CompetitorId, share.SharePercent, share.AsOf);
        var oldKey = share.CategoryKey;
        var oldCategory = share.ProductCategory;
        var valid = await change(SupplierShareInput.From(share)).ValidateAsync(db, ct);
        await Wallets.SerializedAsync(db, accountId, async () =>
        {
            await ShareQueries.CheckAsync(db, accountId, valid, id, ct);
            // Moving the entry away from its old date, supplier or category brings back the supplier's
            // earlier share there: that picture must still fit too.
            var moved = Text.SearchKey(valid.ProductCategory!) != oldKey
                        || (valid.Supplier == SupplierKind.Us ? null : valid.CompetitorId) != before.CompetitorId
                        || valid.AsOf != before.AsOf;
            if (moved)
            {
                var remaining = await ShareQueries.CategoryAsync(db, accountId, oldKey, id, ct);
                if (Text.SearchKey(valid.ProductCategory!) == oldKey)
                {
                    remaining.Add(new ShareEntry(id, valid.Supplier == SupplierKind.Us ? null : valid.CompetitorId, valid.SharePercent!.Value, valid.AsOf!.Value));
                }
                if (ShareRules.FirstOverflow(remaining, before.AsOf) is { } overflow)
                {
                    throw ValidationException.For("sharePercent", ShareRules.OverflowMessage(WalletText.SharesOverHundred, oldCategory, overflow));
                }
            }
            valid.ApplyTo(share);
            await db.SaveAsync(ct);
        }, ct);
        return await get.HandleAsync(accountId, id, ct);
    }
}

/// <summary>Removes an entry (a mistake); refused when the supplier's earlier share would then push a picture over 100%.</summary>
public sealed class DeleteSupplierShare(BridgeheadDb db)
{
    public async Task HandleAsync(long accountId, long id, long? expectedVersion, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var share = await db.SupplierShares.FirstOrDefaultAsync(s => s.Id == id && s.AccountId == accountId, ct)
            ?? throw new NotFoundException("supplierShare");
        Concurrency.Expect(db, share, expectedVersion);
        await Wallets.SerializedAsync(db, accountId, async () =>
        {
            var remaining = await ShareQueries.CategoryAsync(db, accountId, share.CategoryKey, id, ct);
            if (ShareRules.FirstOverflow(remaining, share.AsOf) is { } overflow)
            {
                throw new ConflictException([ShareRules.OverflowMessage(WalletText.DeleteOverHundred, share.ProductCategory, overflow)]);
            }
            db.SupplierShares.Remove(share);
            await db.SaveAsync(ct);
        }, ct);
    }
}
