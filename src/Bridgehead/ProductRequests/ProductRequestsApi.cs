using System.Text.Json.Nodes;
using Bridgehead.Api;
using Bridgehead.Common;
using Bridgehead.Identity;

namespace Bridgehead.ProductRequests;

/// <summary>/api/v1/product-requests: needs sent to development, their links, status flow and merges.</summary>
public static class ProductRequestsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        // Sales roles, the viewer and the product role read; the core refuses quality (403).
        var g = api.MapGroup("/product-requests").WithTags("Product requests").RequireAuthorization(Policies.ReadAccounts);

        g.MapGet("/", async (ListProductRequests list, [AsParameters] RequestQuery q, CancellationToken ct) =>
                await list.HandleAsync(q.ToFilter(), PageRequest.Of(q.Limit, q.Cursor), ct))
            .WithSummary("Requests you see, newest first or `sort=revenue` (revenue at stake, highest first); merged duplicates are left out. Filters: `status`, `open` (true: new to in development), `q` (part of the title), `accountId`, `opportunityId`.");

        g.MapGet("/{id:long}", async (long id, GetProductRequest get, HttpResponse response, CancellationToken ct) =>
            {
                var request = await get.HandleAsync(id, ct);
                ETags.Set(response, request.Version);
                return request;
            })
            .WithSummary("One request. `revenueAtStake` sums the estimated annual value of every open pursuit linked, in the base currency; `accounts` and `opportunities` list only those you may see. A merged duplicate answers with `mergedIntoId`.");

        g.MapPost("/", async (ProductRequestInput body, CreateProductRequest create, HttpResponse response, CancellationToken ct) =>
            {
                var request = await create.HandleAsync(body, ct);
                ETags.Set(response, request.Version);
                return Results.Created($"/api/v1/product-requests/{request.Id}", request);
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Raise a request from pursuits (`opportunityIds`, their accounts are linked too; `blocking` default true) and/or accounts (`accountIds`) you have access to.");

        g.MapPatch("/{id:long}", async (long id, JsonObject body, UpdateProductRequest update, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var changed = await update.HandleAsync(id, ETags.Expected(request), current => MergePatch.Apply(current, body), ct);
                ETags.Set(response, changed.Version);
                return changed;
            })
            .Accepts<ProductRequestEdit>("application/merge-patch+json", "application/json")
            .WithSummary("Change the wording (title, detail, category; JSON merge patch): sales writers who see the request and the product role. Links and status have their own endpoints. Send If-Match to refuse stale edits.");

        g.MapDelete("/{id:long}", async (long id, DeleteProductRequest delete, HttpRequest request, CancellationToken ct) =>
            {
                await delete.HandleAsync(id, ETags.Expected(request), ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Delete a request raised by mistake: only while new, for at most one account and without merged duplicates (409 otherwise); by whoever raised it or the product role (403 otherwise).");

        g.MapPost("/{id:long}/links", async (long id, ProductRequestLinkInput body, LinkProductRequest link, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var changed = await link.HandleAsync(id, ETags.Expected(request), body, ct);
                ETags.Set(response, changed.Version);
                return changed;
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Link a pursuit (`opportunityId`, with `blocking`, default true; its account is linked too) or an account (`accountId`). Posting an existing pursuit link with another `blocking` changes it.");

        g.MapDelete("/{id:long}/links/opportunities/{opportunityId:long}", async (long id, long opportunityId, UnlinkProductRequest unlink, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var changed = await unlink.HandleAsync(id, ETags.Expected(request), opportunityId, null, ct);
                ETags.Set(response, changed.Version);
                return changed;
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("The pursuit no longer waits on the request.");

        g.MapDelete("/{id:long}/links/accounts/{accountId:long}", async (long id, long accountId, UnlinkProductRequest unlink, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var changed = await unlink.HandleAsync(id, ETags.Expected(request), null, accountId, ct);
                ETags.Set(response, changed.Version);
                return changed;
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("The account no longer asks for it: 409 while a pursuit of the account is linked, or when it is the last account.");

        g.MapPost("/{id:long}/status", async (long id, ProductRequestStatusInput body, ChangeProductRequestStatus change, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var changed = await change.HandleAsync(id, ETags.Expected(request), body, ct);
                ETags.Set(response, changed.Version);
                return changed;
            })
            .WithSummary("Product role and admin: move the request (`status`, with a `statusNote`; `productId` with released). new → underReview → accepted → inDevelopment → released; declined from any open status; declined → underReview reopens. Anything else is 409 with `allowed`. The owners of linked open pursuits see the change on their timeline.");

        g.MapPost("/{id:long}/merge", async (long id, ProductRequestMergeInput body, MergeProductRequests merge, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var changed = await merge.HandleAsync(id, ETags.Expected(request), body, ct);
                ETags.Set(response, changed.Version);
                return changed;
            })
            .WithSummary("Product role and admin: merge `duplicateIds` into this request. Their account and pursuit links move here (each once); they keep `mergedIntoId` and leave the lists.");

        g.MapGet("/{id:long}/history", async (long id, int? limit, string? cursor, GetProductRequestHistory history, CancellationToken ct) =>
                await history.HandleAsync(id, PageRequest.Of(limit, cursor), ct))
            .WithSummary("Who changed what and when, newest first. Pursuit links are left out for those who do not read pursuits.");
    }

    /// <summary>Query parameters of the list.</summary>
    public sealed record RequestQuery(string? Status, bool? Open, string? Q, long? AccountId, long? OpportunityId, string? Sort, int? Limit, string? Cursor)
    {
        public ProductRequestFilter ToFilter() => new()
        {
            Status = QueryValues.Enum<ProductRequestStatus>(Status, "status"),
            Open = Open,
            Q = Q,
            AccountId = AccountId,
            OpportunityId = OpportunityId,
            Sort = QueryValues.Enum<ProductRequestSort>(Sort, "sort") ?? ProductRequestSort.Newest,
        };
    }
}
