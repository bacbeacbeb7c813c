using System.Text.Json.Nodes;
using Bridgehead.Api;
using Bridgehead.Auditing;
using Bridgehead.Common;
using Bridgehead.Identity;

namespace Bridgehead.Wallet;

/// <summary>
/// Share of wallet and incumbents' slips under /api/v1/accounts/{accountId}, and the Openings
/// report. Sales intelligence: sales roles and the viewer read, on accounts they see; quality and
/// product get 403.
/// </summary>
public static class WalletApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var account = api.MapGroup("/accounts/{accountId:long}").WithTags("Share of wallet").RequireAuthorization(Policies.ReadSales);
        MapShares(account);
        MapSlips(account);

        api.MapGet("/reports/openings", async (ListOpenings list, [AsParameters] OpeningsParameters q, CancellationToken ct) =>
                await list.HandleAsync(q.ToQuery(), PageRequest.Of(q.Limit, q.Cursor), ct))
            .WithTags("Share of wallet")
            .RequireAuthorization(Policies.ReadSales)
            .WithSummary("Accounts with an opening signal above 0 or wallet not yet ours, ranked by 50% signal + 30% fit + 20% wallet not ours (relative to the largest in the list). `sort`: combined (default), signal, fit, walletNotOurs; filters `industry` (ISIC; a section covers its divisions) and `applicationId`.");
    }

    private static void MapShares(RouteGroupBuilder g)
    {
        g.MapGet("/supplier-shares", async (long accountId, string? productCategory, int? limit, string? cursor, ListSupplierShares list, CancellationToken ct) =>
                await list.HandleAsync(accountId, new SupplierShareFilter { ProductCategory = productCategory }, PageRequest.Of(limit, cursor), ct))
            .WithSummary("Every share-of-wallet entry of the account (the whole history), newest asOf first; `productCategory` filters (case-insensitive).");

        g.MapGet("/supplier-shares/{shareId:long}", async (long accountId, long shareId, GetSupplierShare get, HttpResponse response, CancellationToken ct) =>
            {
                var share = await get.HandleAsync(accountId, shareId, ct);
                ETags.Set(response, share.Version);
                return share;
            })
            .WithSummary("One entry; its ETag is the version to send in If-Match.");

        g.MapPost("/supplier-shares", async (long accountId, SupplierShareInput body, CreateSupplierShare create, HttpResponse response, CancellationToken ct) =>
            {
                var share = await create.HandleAsync(accountId, body, ct);
                ETags.Set(response, share.Version);
                return TypedResults.Created($"/api/v1/accounts/{accountId}/supplier-shares/{share.Id}", share);
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Record a supplier's share of a category as of a date. 422 on sharePercent when the category's shares would exceed 100% on that date or any later one.");

        g.MapPatch("/supplier-shares/{shareId:long}", async (long accountId, long shareId, JsonObject body, UpdateSupplierShare update, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var share = await update.HandleAsync(accountId, shareId, ETags.Expected(request), current => MergePatch.Apply(current, body), ct);
                ETags.Set(response, share.Version);
                return share;
            })
            .Accepts<SupplierShareInput>("application/merge-patch+json", "application/json")
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Correct an entry (JSON merge patch). Send If-Match to refuse stale edits.");

        g.MapDelete("/supplier-shares/{shareId:long}", async (long accountId, long shareId, DeleteSupplierShare delete, HttpRequest request, CancellationToken ct) =>
            {
                await delete.HandleAsync(accountId, shareId, ETags.Expected(request), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Delete an entry; 409 when the supplier's earlier share would then push a picture over 100%.");

        g.MapGet("/supplier-shares/{shareId:long}/history", async (long accountId, long shareId, int? limit, string? cursor, GetSupplierShare get, GetHistory history, CancellationToken ct) =>
            {
                await get.HandleAsync(accountId, shareId, ct);
                return await history.HandleAsync("supplierShare", shareId, PageRequest.Of(limit, cursor), ct);
            })
            .WithSummary("Who changed the entry and when, newest first.");

        g.MapGet("/share-of-wallet", async (long accountId, GetShareOfWallet get, CancellationToken ct) => await get.HandleAsync(accountId, ct))
            .WithSummary("Per category the current picture, our share, the open share, the estimated wallet and the part not ours, and the history of our share; the account's wallet not yet ours in the base currency.");
    }

    private static void MapSlips(RouteGroupBuilder g)
    {
        g.MapGet("/incumbent-events", async (long accountId, int? limit, string? cursor, ListIncumbentEvents list, CancellationToken ct) =>
                await list.HandleAsync(accountId, PageRequest.Of(limit, cursor), ct))
            .WithSummary("The incumbents' slips recorded at the account, newest first.");

        g.MapGet("/incumbent-events/{eventId:long}", async (long accountId, long eventId, GetIncumbentEvent get, HttpResponse response, CancellationToken ct) =>
            {
                var slip = await get.HandleAsync(accountId, eventId, ct);
                ETags.Set(response, slip.Version);
                return slip;
            })
            .WithSummary("One slip; its ETag is the version to send in If-Match.");

        g.MapPost("/incumbent-events", async (long accountId, IncumbentEventInput body, CreateIncumbentEvent create, HttpResponse response, CancellationToken ct) =>
            {
                var slip = await create.HandleAsync(accountId, body, ct);
                ETags.Set(response, slip.Version);
                return TypedResults.Created($"/api/v1/accounts/{accountId}/incumbent-events/{slip.Id}", slip);
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Record an incumbent's slip (kind, severity, occurredOn not in the future).");

        g.MapPatch("/incumbent-events/{eventId:long}", async (long accountId, long eventId, JsonObject body, UpdateIncumbentEvent update, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var slip = await update.HandleAsync(accountId, eventId, ETags.Expected(request), current => MergePatch.Apply(current, body), ct);
                ETags.Set(response, slip.Version);
                return slip;
            })
            .Accepts<IncumbentEventInput>("application/merge-patch+json", "application/json")
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Correct a slip (JSON merge patch). Send If-Match to refuse stale edits.");

        g.MapDelete("/incumbent-events/{eventId:long}", async (long accountId, long eventId, DeleteIncumbentEvent delete, HttpRequest request, CancellationToken ct) =>
            {
                await delete.HandleAsync(accountId, eventId, ETags.Expected(request), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Delete a slip.");

        g.MapGet("/incumbent-events/{eventId:long}/history", async (long accountId, long eventId, int? limit, string? cursor, GetIncumbentEvent get, GetHistory history, CancellationToken ct) =>
            {
                await get.HandleAsync(accountId, eventId, ct);
                return await history.HandleAsync("incumbentEvent", eventId, PageRequest.Of(limit, cursor), ct);
            })
            .WithSummary("Who changed the slip and when, newest first.");

        g.MapGet("/opening-signal", async (long accountId, GetOpeningSignal get, CancellationToken ct) => await get.HandleAsync(accountId, ct))
            .WithSummary("The opening signal (0-100) today and the slips behind it with their current contribution.");
    }

    /// <summary>Query parameters of the Openings report.</summary>
    public sealed record OpeningsParameters(string? Industry, long? ApplicationId, string? Sort, int? Limit, string? Cursor)
    {
        public OpeningsQuery ToQuery() => new()
        {
            Industry = Industry,
            ApplicationId = ApplicationId,
            Sort = QueryValues.Enum<OpeningsSort>(Sort, "sort") ?? OpeningsSort.Combined,
        };
    }
}
