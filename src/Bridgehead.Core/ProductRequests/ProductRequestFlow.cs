using System.Globalization;
using System.Text.Json;
using Bridgehead.Activities;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Forecasting;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.ProductRequests;

/// <summary>
/// The status flow development drives: new → under review → accepted → in development →
/// released, declined from any open status, and a declined request reopened for review when
/// development reconsiders. Released is final: a new need is a new request.
/// </summary>
public static class ProductRequestFlow
{
    public static IReadOnlyList<ProductRequestStatus> Next(ProductRequestStatus status) => status switch
    {
        ProductRequestStatus.New => [ProductRequestStatus.UnderReview, ProductRequestStatus.Declined],
        ProductRequestStatus.UnderReview => [ProductRequestStatus.Accepted, ProductRequestStatus.Declined],
        ProductRequestStatus.Accepted => [ProductRequestStatus.InDevelopment, ProductRequestStatus.Declined],
        ProductRequestStatus.InDevelopment => [ProductRequestStatus.Released, ProductRequestStatus.Declined],
        ProductRequestStatus.Released => [],
        ProductRequestStatus.Declined => [ProductRequestStatus.UnderReview],
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>The status as the API names it (camelCase), for the list of allowed moves in a 409.</summary>
    public static string ApiName(ProductRequestStatus status) => JsonNamingPolicy.CamelCase.ConvertName(status.ToString());

    /// <summary>A status label in a given language (the timeline speaks the pursuit owner's).</summary>
    internal static string Label(ProductRequestStatus status, CultureInfo culture) =>
        EnumText.ResourceManager.GetString("ProductRequestStatus_" + status, culture) ?? status.ToString();
}

/// <summary>
/// Writes the news of a request on the timeline of every linked open pursuit, in its owner's
/// language (Korean when the owner chose Korean, else English: an activity stores one text).
/// </summary>
internal static class Timeline
{
    public static async Task AnnounceAsync(BridgeheadDb db, IReadOnlyCollection<long> requestIds, long fallbackAuthorId,
        Func<long, CultureInfo, string> subject, string? body, CancellationToken ct)
    {
        var pursuits = await WaitingPursuits.OpenAsync(db, requestIds, ct);
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var author = db.Viewer?.UserId ?? fallbackAuthorId;
        foreach (var p in pursuits.DistinctBy(p => (p.RequestId, p.OpportunityId)))
        {
            db.Activities.Add(new Activity
            {
                AccountId = p.AccountId,
                OpportunityId = p.OpportunityId,
                Kind = ActivityKind.Note,
                Subject = Text.Excerpt(subject(p.RequestId, WaitingPursuits.CultureOf(p.OwnerLanguage)), Activity.MaxSubject),
                Body = Text.Excerpt(body, Activity.MaxBody),
                OccurredAt = now,
                AuthorId = author,
            });
        }
    }

    public static string Format(CultureInfo culture, string key, params object[] args) =>
        string.Format(culture, ProductRequestsText.ResourceManager.GetString(key, culture) ?? key, args);
}

/// <summary>
/// The product role (or an admin) moves a request along its flow with a note; a move the flow
/// does not allow is 409 listing the allowed ones. Released may name the catalogue product.
/// Owners of the linked open pursuits see the change on their timeline.
/// </summary>
public sealed class ChangeProductRequestStatus(BridgeheadDb db, CurrencySettings settings)
{
    public async Task<ProductRequestDto> HandleAsync(long id, long? expectedVersion, ProductRequestStatusInput input, CancellationToken ct)
    {
        var viewer = RequestReader.RequireReader(db.Viewer);
        if (!viewer.RunsProductRequests)
        {
            throw new ForbiddenException(ProductRequestsText.ProductRoleOnly);
        }
        var request = await RequestReader.ForChangeAsync(db, id, expectedVersion, ct);

        var v = new Validator();
        if (input.Status is null)
        {
            v.Add("status", CommonText.Required);
        }
        v.Defined("status", input.Status);
        v.Required("statusNote", input.StatusNote, ProductRequest.MaxText);
        if (input.ProductId is { } productId)
        {
            if (input.Status != ProductRequestStatus.Released)
            {
                v.Add("productId", ProductRequestsText.ProductOnlyReleased);
            }
            else if (!await db.Products.AnyAsync(p => p.Id == productId, ct))
            {
                v.Add("productId", ProductRequestsText.UnknownProduct);
            }
        }
        v.ThrowIfInvalid();

        var to = input.Status!.Value;
        var allowed = ProductRequestFlow.Next(request.Status);
        if (!allowed.Contains(to))
        {
            var from = request.Status;
            var conflict = new ConflictException([allowed.Count == 0
                ? Validator.Format(ProductRequestsText.StatusFinal, Labels.Of(from))
                : Validator.Format(ProductRequestsText.StatusNotAllowed, Labels.Of(from), Labels.Of(to), string.Join(", ", allowed.Select(s => Labels.Of(s))))]);
            conflict.Extensions["allowed"] = allowed.Select(ProductRequestFlow.ApiName).ToList();
            throw conflict;
        }

        request.Status = to;
        request.StatusNote = input.StatusNote!.Trim();
        request.StatusChangedAt = db.Clock.GetUtcNow().UtcDateTime;
        request.ProductId = to == ProductRequestStatus.Released ? input.ProductId : null;
        var title = request.Title;
        await Timeline.AnnounceAsync(db, [id], request.RaisedById,
            (_, culture) => Timeline.Format(culture, nameof(ProductRequestsText.Timeline_StatusChanged), title, ProductRequestFlow.Label(to, culture)),
            request.StatusNote, ct);
        await db.SaveAsync(ct);
        return await RequestReader.ReadAsync(db, settings, id, ct);
    }
}

/// <summary>
/// The product role (or an admin) merges duplicates into one request, in one transaction: every
/// account and pursuit link moves to the survivor (once; a pursuit blocks if any of its links
/// did), each duplicate keeps only <c>mergedIntoId</c>, and the owners of the pursuits that
/// waited on a duplicate read on their timeline where their request went.
/// </summary>
public sealed class MergeProductRequests(BridgeheadDb db, CurrencySettings settings)
{
    public async Task<ProductRequestDto> HandleAsync(long id, long? expectedVersion, ProductRequestMergeInput input, CancellationToken ct)
    {
        var viewer = RequestReader.RequireReader(db.Viewer);
        if (!viewer.RunsProductRequests)
        {
            throw new ForbiddenException(ProductRequestsText.ProductRoleOnly);
        }
        var survivor = await RequestReader.ForChangeAsync(db, id, expectedVersion, ct);

        var v = new Validator();
        var ids = RequestReader.Ids(v, "duplicateIds", input.DuplicateIds);
        if (!v.HasError("duplicateIds") && ids.Count == 0)
        {
            v.Add("duplicateIds", CommonText.Required);
        }
        if (ids.Contains(id))
        {
            v.Add("duplicateIds", ProductRequestsText.MergeIntoItself);
        }
        v.ThrowIfInvalid();
        var duplicates = await db.ProductRequests.Where(r => ids.Contains(r.Id)).ToListAsync(ct);
        if (duplicates.Count != ids.Count)
        {
            v.Add("duplicateIds", ProductRequestsText.UnknownRequest);
            v.ThrowIfInvalid();
        }
        var merged = duplicates.Where(d => d.MergedIntoId is not null).ToList();
        if (merged.Count > 0)
        {
            throw new ConflictException([.. merged.Select(d => Validator.Format(ProductRequestsText.AlreadyMerged, d.Title, d.MergedIntoId!))]);
        }

        await db.InTransactionAsync(async () =>
        {
            // The owners hear of it before the links move (afterwards they wait on the survivor).
            var titles = duplicates.ToDictionary(d => d.Id, d => d.Title);
            await Timeline.AnnounceAsync(db, ids, survivor.RaisedById,
                (requestId, culture) => Timeline.Format(culture, nameof(ProductRequestsText.Timeline_Merged), titles[requestId], survivor.Title),
                null, ct);

            var (accounts, opportunities) = await WaitingPursuits.LinksAsync(db, [id, .. ids], ct);
            var keptAccounts = accounts.Where(a => a.ProductRequestId == id).Select(a => a.AccountId).ToHashSet();
            var keptOpportunities = opportunities.Where(o => o.ProductRequestId == id).ToDictionary(o => o.OpportunityId);
            var blockingChanged = new List<ProductRequestOpportunity>();
            foreach (var link in accounts.Where(a => a.ProductRequestId != id))
            {
                db.ProductRequestAccounts.Remove(link);
                if (keptAccounts.Add(link.AccountId))
                {
                    db.ProductRequestAccounts.Add(new ProductRequestAccount { ProductRequestId = id, AccountId = link.AccountId });
                }
            }
            foreach (var link in opportunities.Where(o => o.ProductRequestId != id))
            {
                db.ProductRequestOpportunities.Remove(link);
                if (keptOpportunities.TryGetValue(link.OpportunityId, out var kept))
                {
                    if (link.Blocking && !kept.Blocking)
                    {
                        blockingChanged.Add(kept);
                    }
                    continue;
                }
                var moved = new ProductRequestOpportunity { ProductRequestId = id, OpportunityId = link.OpportunityId, AccountId = link.AccountId, Blocking = link.Blocking };
                keptOpportunities[link.OpportunityId] = moved;
                db.ProductRequestOpportunities.Add(moved);
            }
            foreach (var duplicate in duplicates)
            {
                duplicate.MergedIntoId = id;
            }
            // Requests merged into a duplicate earlier now point at the survivor: one hop, always.
            foreach (var earlier in await db.ProductRequests.Where(r => r.MergedIntoId != null && ids.Contains(r.MergedIntoId.Value)).ToListAsync(ct))
            {
                earlier.MergedIntoId = id;
            }
            await db.SaveAsync(ct);

            // A pursuit that blocked on a duplicate blocks on the survivor: written as a remove and an add, as the history shows links.
            if (blockingChanged.Count > 0)
            {
                db.ProductRequestOpportunities.RemoveRange(blockingChanged);
                await db.SaveAsync(ct);
                db.ProductRequestOpportunities.AddRange(blockingChanged.Select(k => new ProductRequestOpportunity
                {
                    ProductRequestId = id, OpportunityId = k.OpportunityId, AccountId = k.AccountId, Blocking = true,
                }));
                await db.SaveAsync(ct);
            }
        }, ct);
        return await RequestReader.ReadAsync(db, settings, id, ct);
    }
}
