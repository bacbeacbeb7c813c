using Bridgehead.Auditing;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Forecasting;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.ProductRequests;

/// <summary>Reads requests as DTOs and checks who may do what; shared by the use cases.</summary>
internal static class RequestReader
{
    public const int MaxLinks = 50;

    internal sealed record Row(long Id, string Title, string? Detail, string? Category, ProductRequestStatus Status, string? StatusNote,
        DateTime? StatusChangedAt, long? ProductId, string? ProductName, long RaisedById, string RaisedByName, long? MergedIntoId,
        long Version, DateTime CreatedAt, DateTime UpdatedAt);

    internal static readonly System.Linq.Expressions.Expression<Func<ProductRequest, Row>> Projection = r =>
        new Row(r.Id, r.Title, r.Detail, r.Category, r.Status, r.StatusNote, r.StatusChangedAt, r.ProductId,
            r.Product == null ? null : r.Product.Name, r.RaisedById, r.RaisedBy!.DisplayName, r.MergedIntoId, r.Version, r.CreatedAt, r.UpdatedAt);

    /// <summary>Product requests are read by sales roles, the viewer and the product role; quality gets 403.</summary>
    public static Viewer RequireReader(Viewer? viewer)
    {
        var v = Access.Require(viewer);
        return v.SeesAllProductRequests || v.CanReadSales ? v : throw new ForbiddenException(ProductRequestsText.NoAccess);
    }

    /// <summary>Changing the wording: sales writers who see the request, and the product role.</summary>
    public static bool MayEdit(Viewer v) => v.CanEditSales || v.RunsProductRequests;

    internal static async Task<List<ProductRequestDto>> ToDtosAsync(BridgeheadDb db, CurrencySettings settings, IReadOnlyList<Row> rows,
        CancellationToken ct, IReadOnlyDictionary<long, Revenue>? revenue = null)
    {
        if (rows.Count == 0)
        {
            return [];
        }
        var viewer = Access.Require(db.Viewer);
        var ids = rows.Select(r => r.Id).ToList();
        // Links through the filters: accounts the caller sees, pursuits the caller reads.
        var accounts = (await db.ProductRequestAccounts.AsNoTracking().Where(l => ids.Contains(l.ProductRequestId))
                .Join(db.Accounts, l => l.AccountId, a => a.Id, (l, a) => new { l.ProductRequestId, a.Id, a.Name })
                .ToListAsync(ct))
            .GroupBy(x => x.ProductRequestId)
            .ToDictionary(g => g.Key, g => g.OrderBy(a => a.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(a => a.Id)
                .Select(a => new ProductRequestAccountDto(a.Id, a.Name)).ToList());
        var opportunities = (await db.ProductRequestOpportunities.AsNoTracking().Where(l => ids.Contains(l.ProductRequestId))
                .Join(db.Opportunities, l => l.OpportunityId, o => o.Id, (l, o) => new { l.ProductRequestId, l.Blocking, o.Id, o.Title, o.AccountId, o.Stage, o.Status })
                .ToListAsync(ct))
            .GroupBy(x => x.ProductRequestId)
            .ToDictionary(g => g.Key, g => g.OrderBy(o => o.Title, StringComparer.CurrentCultureIgnoreCase).ThenBy(o => o.Id)
                .Select(o => new ProductRequestOpportunityDto(o.Id, o.Title, o.AccountId, o.Blocking, o.Stage, o.Status)).ToList());
        revenue ??= await WaitingPursuits.RevenueAsync(db, settings, ids, ct);
        var deletable = rows.Where(r => r.Status == ProductRequestStatus.New && r.MergedIntoId is null
            && (viewer.RunsProductRequests || (viewer.CanEditSales && viewer.UserId == r.RaisedById))).Select(r => r.Id).ToList();
        var accountCounts = deletable.Count == 0 ? [] : await WaitingPursuits.AccountCountsAsync(db, deletable, ct);
        var none = Revenue.None(settings.BaseCurrency);
        return [.. rows.Select(r =>
        {
            var a = accounts.GetValueOrDefault(r.Id) ?? [];
            var o = opportunities.GetValueOrDefault(r.Id) ?? [];
            var money = revenue.GetValueOrDefault(r.Id) ?? none;
            var merged = r.MergedIntoId is not null;
            return new ProductRequestDto(r.Id, r.Title, r.Detail, r.Category, r.Status, r.StatusNote, r.StatusChangedAt, r.ProductId, r.ProductName,
                r.RaisedById, r.RaisedByName, [.. a.Select(x => x.Id)], a, [.. o.Select(x => x.Id)], o, r.MergedIntoId,
                money.AtStake, money.Unconverted, money.Count,
                viewer.RunsProductRequests && !merged ? ProductRequestFlow.Next(r.Status) : [],
                MayEdit(viewer) && !merged,
                deletable.Contains(r.Id) && accountCounts.GetValueOrDefault(r.Id) <= 1,
                r.Version, r.CreatedAt, r.UpdatedAt);
        })];
    }

    /// <summary>One request; a merged duplicate also answers to whoever sees its survivor (old links keep working).</summary>
    internal static async Task<ProductRequestDto> ReadAsync(BridgeheadDb db, CurrencySettings settings, long id, CancellationToken ct)
    {
        var rows = await db.ProductRequests.AsNoTracking().Where(r => r.Id == id).Select(Projection).ToListAsync(ct);
        if (rows.Count == 0 && await WaitingPursuits.IsMergedIntoVisibleAsync(db, id, ct))
        {
            rows = await WaitingPursuits.Merged(db, id).Select(Projection).ToListAsync(ct);
        }
        return rows.Count == 0 ? throw new NotFoundException("productRequest") : (await ToDtosAsync(db, settings, rows, ct))[0];
    }

    /// <summary>A request the caller sees, tracked, with If-Match checked; a merged duplicate cannot change (409).</summary>
    internal static async Task<ProductRequest> ForChangeAsync(BridgeheadDb db, long id, long? expectedVersion, CancellationToken ct)
    {
        var request = await db.ProductRequests.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("productRequest");
        if (request.MergedIntoId is { } survivor)
        {
            throw new ConflictException([Validator.Format(ProductRequestsText.IsMerged, survivor)]);
        }
        Concurrency.Expect(db, request, expectedVersion);
        return request;
    }

    /// <summary>The distinct ids, or an error on the field when there are too many.</summary>
    internal static List<long> Ids(Validator v, string field, IReadOnlyList<long>? ids)
    {
        var list = (ids ?? []).Distinct().Order().ToList();
        if (list.Count > MaxLinks)
        {
            v.Add(field, Validator.Format(CommonText.TooMany, MaxLinks));
            return [];
        }
        return list;
    }
}

/// <summary>A page of requests the caller sees (merged duplicates left out), newest first or by revenue at stake.</summary>
public sealed class ListProductRequests(BridgeheadDb db, CurrencySettings settings)
{
    private static readonly ProductRequestStatus[] OpenStatuses =
        [ProductRequestStatus.New, ProductRequestStatus.UnderReview, ProductRequestStatus.Accepted, ProductRequestStatus.InDevelopment];

    public async Task<Page<ProductRequestDto>> HandleAsync(ProductRequestFilter filter, PageRequest page, CancellationToken ct)
    {
        RequestReader.RequireReader(db.Viewer);
        var query = db.ProductRequests.AsNoTracking().Where(r => r.MergedIntoId == null);
        if (filter.Status is { } status)
        {
            query = query.Where(r => r.Status == status);
        }
        if (filter.Open is { } open)
        {
            query = open ? query.Where(r => OpenStatuses.Contains(r.Status)) : query.Where(r => !OpenStatuses.Contains(r.Status));
        }
        if (Text.Clean(filter.Q) is { } q)
        {
            var pattern = Text.ContainsPattern(q);
            query = query.Where(r => EF.Functions.Like(r.SearchName, pattern, Text.LikeEscape));
        }
        // The links are filtered too: an account or pursuit the caller may not see finds nothing.
        if (filter.AccountId is { } accountId)
        {
            query = query.Where(r => r.Accounts.Any(a => a.AccountId == accountId));
        }
        if (filter.OpportunityId is { } opportunityId)
        {
            query = query.Where(r => r.Opportunities.Any(o => o.OpportunityId == opportunityId));
        }

        switch (filter.Sort)
        {
            case ProductRequestSort.Newest:
                var rows = await query.ToPageAsync(r => r.Id, r => r.Id, descending: true, page, RequestReader.Projection, r => (r.Id, r.Id), ct);
                return new Page<ProductRequestDto>(await RequestReader.ToDtosAsync(db, settings, rows.Items, ct), rows.NextCursor);
            case ProductRequestSort.Revenue:
                return await ByRevenueAsync(query, page, ct);
            default:
                throw new ArgumentOutOfRangeException(nameof(filter));
        }
    }

    /// <summary>
    /// Revenue at stake is converted with the exchange rates, so it is ranked here rather than in
    /// SQL: the ids of the matching requests and the sums per request and currency (a few rows per
    /// request), then the page's requests. Requests are few compared with pursuits.
    /// </summary>
    private async Task<Page<ProductRequestDto>> ByRevenueAsync(IQueryable<ProductRequest> query, PageRequest page, CancellationToken ct)
    {
        var ids = await query.Select(r => r.Id).ToListAsync(ct);
        var revenue = await WaitingPursuits.RevenueAsync(db, settings, null, ct);
        IEnumerable<(decimal Amount, long Id)> ranked = ids
            .Select(id => (revenue.TryGetValue(id, out var m) ? m.AtStake.Amount : 0m, id))
            .OrderByDescending(x => x.Item1).ThenByDescending(x => x.id);
        if (page.Cursor is { } cursor)
        {
            var (lastAmount, lastId) = Keyset.Decode<decimal>(cursor);
            ranked = ranked.Where(x => x.Amount < lastAmount || (x.Amount == lastAmount && x.Id < lastId));
        }
        var slice = ranked.Take(page.Limit + 1).ToList();
        string? next = null;
        if (slice.Count > page.Limit)
        {
            slice.RemoveAt(slice.Count - 1);
            next = Keyset.Encode(slice[^1].Amount, slice[^1].Id);
        }
        var pageIds = slice.Select(x => x.Id).ToList();
        var rows = await db.ProductRequests.AsNoTracking().Where(r => pageIds.Contains(r.Id)).Select(RequestReader.Projection).ToListAsync(ct);
        var ordered = pageIds.Select(id => rows.First(r => r.Id == id)).ToList();
        return new Page<ProductRequestDto>(await RequestReader.ToDtosAsync(db, settings, ordered, ct, revenue), next);
    }
}

/// <summary>One request; a merged duplicate answers with <c>mergedIntoId</c>.</summary>
public sealed class GetProductRequest(BridgeheadDb db, CurrencySettings settings)
{
    public Task<ProductRequestDto> HandleAsync(long id, CancellationToken ct)
    {
        RequestReader.RequireReader(db.Viewer);
        return RequestReader.ReadAsync(db, settings, id, ct);
    }
}

/// <summary>
/// Raises a request from pursuits (their accounts are linked too) and/or accounts the caller
/// sees. Sales writers only: the product role answers requests, it does not raise them.
/// </summary>
public sealed class CreateProductRequest(BridgeheadDb db, CurrencySettings settings)
{
    public async Task<ProductRequestDto> HandleAsync(ProductRequestInput input, CancellationToken ct)
    {
        var viewer = Access.RequireSalesWriter(db.Viewer);
        var v = new Validator();
        var (title, detail, category) = ProductRequestText.Validate(v, input.Title, input.Detail, input.Category);
        var accountIds = RequestReader.Ids(v, "accountIds", input.AccountIds);
        var opportunityIds = RequestReader.Ids(v, "opportunityIds", input.OpportunityIds);
        if (!v.HasError("accountIds") && !v.HasError("opportunityIds") && accountIds.Count == 0 && opportunityIds.Count == 0)
        {
            v.Add("opportunityIds", ProductRequestsText.NeedsALink);
        }
        if (accountIds.Count > 0 && await db.Accounts.CountAsync(a => accountIds.Contains(a.Id), ct) != accountIds.Count)
        {
            v.Add("accountIds", CommonText.MustBeVisibleAccount);
        }
        var opportunities = opportunityIds.Count == 0 ? [] : await db.Opportunities.AsNoTracking().Where(o => opportunityIds.Contains(o.Id))
            .Select(o => new { o.Id, o.AccountId }).ToListAsync(ct);
        if (opportunities.Count != opportunityIds.Count)
        {
            v.Add("opportunityIds", CommonText.MustBeVisibleOpportunity);
        }
        if (viewer.UserId is null)
        {
            v.Add("raisedById", CommonText.SystemNeedsOwner);
        }
        v.ThrowIfInvalid();

        var request = new ProductRequest
        {
            Title = title!,
            SearchName = Text.SearchKey(title!),
            Detail = detail,
            Category = category,
            Status = ProductRequestStatus.New,
            StatusChangedAt = db.Clock.GetUtcNow().UtcDateTime,
            RaisedById = viewer.UserId!.Value,
        };
        foreach (var accountId in accountIds.Union(opportunities.Select(o => o.AccountId)).Distinct().Order())
        {
            request.Accounts.Add(new ProductRequestAccount { AccountId = accountId });
        }
        foreach (var o in opportunities)
        {
            request.Opportunities.Add(new ProductRequestOpportunity { OpportunityId = o.Id, AccountId = o.AccountId, Blocking = input.Blocking ?? true });
        }
        db.ProductRequests.Add(request);
        await db.SaveAsync(ct);
        return await RequestReader.ReadAsync(db, settings, request.Id, ct);
    }
}

/// <summary>Changes the wording of a request (title, detail, category): sales writers who see it and the product role.</summary>
public sealed class UpdateProductRequest(BridgeheadDb db, CurrencySettings settings)
{
    public async Task<ProductRequestDto> HandleAsync(long id, long? expectedVersion, Func<ProductRequestEdit, ProductRequestEdit> change, CancellationToken ct)
    {
        var viewer = RequestReader.RequireReader(db.Viewer);
        if (!RequestReader.MayEdit(viewer))
        {
            throw new ForbiddenException(CommonText.ReadOnlyRole);
        }
        var request = await RequestReader.ForChangeAsync(db, id, expectedVersion, ct);
        var wanted = change(ProductRequestEdit.From(request));
        var v = new Validator();
        var (title, detail, category) = ProductRequestText.Validate(v, wanted.Title, wanted.Detail, wanted.Category);
        v.ThrowIfInvalid();
        request.Title = title!;
        request.SearchName = Text.SearchKey(title!);
        request.Detail = detail;
        request.Category = category;
        await db.SaveAsync(ct);
        return await RequestReader.ReadAsync(db, settings, id, ct);
    }
}

/// <summary>
/// Deletes a request raised by mistake: only while new, not merged, asked for by at most one
/// account and with no duplicates merged into it (409 otherwise); by whoever raised it, or the
/// product role.
/// </summary>
public sealed class DeleteProductRequest(BridgeheadDb db)
{
    public async Task HandleAsync(long id, long? expectedVersion, CancellationToken ct)
    {
        var viewer = RequestReader.RequireReader(db.Viewer);
        var request = await db.ProductRequests.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("productRequest");
        if (!viewer.RunsProductRequests && !(viewer.CanEditSales && request.RaisedById == viewer.UserId))
        {
            throw new ForbiddenException(ProductRequestsText.DeleteOnlyRaiser);
        }
        Concurrency.Expect(db, request, expectedVersion);
        var rules = new List<string>();
        if (request.MergedIntoId is { } survivor)
        {
            rules.Add(Validator.Format(ProductRequestsText.IsMerged, survivor));
        }
        if (request.Status != ProductRequestStatus.New)
        {
            rules.Add(ProductRequestsText.DeleteOnlyNew);
        }
        if (await WaitingPursuits.AccountCountAsync(db, id, ct) > 1)
        {
            rules.Add(ProductRequestsText.DeleteOtherAccounts);
        }
        if (await WaitingPursuits.HasDuplicatesAsync(db, id, ct))
        {
            rules.Add(ProductRequestsText.DeleteHasDuplicates);
        }
        if (rules.Count > 0)
        {
            throw new ConflictException(rules);
        }
        db.ProductRequests.Remove(request);
        await db.SaveAsync(ct);
    }
}

/// <summary>
/// Links a pursuit (its account too) or an account to a request; posting an existing pursuit link
/// changes whether it blocks. Sales writers, for pursuits and accounts they see (422 naming the field otherwise).
/// </summary>
public sealed class LinkProductRequest(BridgeheadDb db, CurrencySettings settings)
{
    public async Task<ProductRequestDto> HandleAsync(long id, long? expectedVersion, ProductRequestLinkInput input, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        await RequestReader.ForChangeAsync(db, id, expectedVersion, ct);
        var v = new Validator();
        if ((input.OpportunityId is null) == (input.AccountId is null))
        {
            v.Add("opportunityId", ProductRequestsText.LinkOneOf);
            v.ThrowIfInvalid();
        }
        if (input.OpportunityId is { } opportunityId)
        {
            var opportunity = await db.Opportunities.AsNoTracking().Where(o => o.Id == opportunityId).Select(o => new { o.Id, o.AccountId }).FirstOrDefaultAsync(ct);
            if (opportunity is null)
            {
                v.Add("opportunityId", CommonText.MustBeVisibleOpportunity);
                v.ThrowIfInvalid();
            }
            var accountId = opportunity!.AccountId;
            var link = await db.ProductRequestOpportunities.FirstOrDefaultAsync(l => l.ProductRequestId == id && l.OpportunityId == opportunityId, ct);
            await db.InTransactionAsync(async () =>
            {
                if (link is not null && input.Blocking is { } blocking && blocking != link.Blocking)
                {
                    // The history shows a link as "12 (blocking)": a change of the flag is written as a remove and an add.
                    db.ProductRequestOpportunities.Remove(link);
                    await db.SaveAsync(ct);
                    link = null;
                }
                if (link is null)
                {
                    db.ProductRequestOpportunities.Add(new ProductRequestOpportunity
                    {
                        ProductRequestId = id, OpportunityId = opportunityId, AccountId = accountId, Blocking = input.Blocking ?? true,
                    });
                }
                await LinkAccountAsync(id, accountId, ct);
                await db.SaveAsync(ct);
            }, ct);
        }
        else if (input.AccountId is { } accountId)
        {
            if (!await db.Accounts.AnyAsync(a => a.Id == accountId, ct))
            {
                v.Add("accountId", CommonText.MustBeVisibleAccount);
                v.ThrowIfInvalid();
            }
            await LinkAccountAsync(id, accountId, ct);
            await db.SaveAsync(ct);
        }
        return await RequestReader.ReadAsync(db, settings, id, ct);
    }

    private async Task LinkAccountAsync(long id, long accountId, CancellationToken ct)
    {
        // The caller sees the account, so its link (if any) is visible too.
        if (!await db.ProductRequestAccounts.AnyAsync(l => l.ProductRequestId == id && l.AccountId == accountId, ct))
        {
            db.ProductRequestAccounts.Add(new ProductRequestAccount { ProductRequestId = id, AccountId = accountId });
        }
    }
}

/// <summary>
/// Removes a pursuit's or an account's link. An account stays while a pursuit of it is linked,
/// and the last account stays (409): a request always names who asked.
/// </summary>
public sealed class UnlinkProductRequest(BridgeheadDb db, CurrencySettings settings)
{
    public async Task<ProductRequestDto> HandleAsync(long id, long? expectedVersion, long? opportunityId, long? accountId, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        await RequestReader.ForChangeAsync(db, id, expectedVersion, ct);
        if (opportunityId is { } oid)
        {
            var link = await db.ProductRequestOpportunities.FirstOrDefaultAsync(l => l.ProductRequestId == id && l.OpportunityId == oid, ct)
                ?? throw new NotFoundException("link");
            db.ProductRequestOpportunities.Remove(link);
        }
        else if (accountId is { } aid)
        {
            var link = await db.ProductRequestAccounts.FirstOrDefaultAsync(l => l.ProductRequestId == id && l.AccountId == aid, ct)
                ?? throw new NotFoundException("link");
            var rules = new List<string>();
            if (await db.ProductRequestOpportunities.AnyAsync(l => l.ProductRequestId == id && l.AccountId == aid, ct))
            {
                rules.Add(ProductRequestsText.UnlinkAccountWithPursuits);
            }
            if (await WaitingPursuits.AccountCountAsync(db, id, ct) <= 1)
            {
                rules.Add(ProductRequestsText.UnlinkLastAccount);
            }
            if (rules.Count > 0)
            {
                throw new ConflictException(rules);
            }
            db.ProductRequestAccounts.Remove(link);
        }
        else
        {
            throw new NotFoundException("link");
        }
        await db.SaveAsync(ct);
        return await RequestReader.ReadAsync(db, settings, id, ct);
    }
}

/// <summary>
/// A request's history, newest first. Who reads no pursuits (the product role) does not get the
/// pursuit links either: those entries' opportunity ids are left out.
/// </summary>
public sealed class GetProductRequestHistory(BridgeheadDb db, CurrencySettings settings, GetHistory history)
{
    public async Task<Page<HistoryEntryDto>> HandleAsync(long id, PageRequest page, CancellationToken ct)
    {
        var viewer = RequestReader.RequireReader(db.Viewer);
        await RequestReader.ReadAsync(db, settings, id, ct);
        var entries = await history.HandleAsync("productRequest", id, page, ct);
        if (viewer.CanReadSales)
        {
            return entries;
        }
        return new Page<HistoryEntryDto>([.. entries.Items
            .Select(e => e with { Changes = [.. e.Changes.Where(c => c.Field != "opportunityIds")] })
            .Where(e => e.Changes.Count > 0 || e.Action != AuditAction.Updated)], entries.NextCursor);
    }
}

/// <summary>Validation of the wording, shared by create and update.</summary>
internal static class ProductRequestText
{
    public static (string? Title, string? Detail, string? Category) Validate(Validator v, string? title, string? detail, string? category)
    {
        v.Required("title", title, ProductRequest.MaxTitle);
        var d = Text.Clean(detail);
        v.MaxLength("detail", d, ProductRequest.MaxText);
        var c = Text.Clean(category);
        v.MaxLength("category", c, Products.Product.MaxCategory);
        return (title?.Trim(), d, c);
    }
}
