using System.Text.Json.Nodes;
using Bridgehead.Api;
using Bridgehead.Auditing;
using Bridgehead.Common;
using Bridgehead.Identity;

namespace Bridgehead.Accounts;

/// <summary>/api/v1/accounts: companies we sell to.</summary>
public static class AccountsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/accounts").WithTags("Accounts").RequireAuthorization(Policies.ReadAccounts);

        g.MapGet("/", async (ListAccounts list, [AsParameters] AccountQuery q, CancellationToken ct) =>
                await list.HandleAsync(q.ToFilter(), PageRequest.Of(q.Limit, q.Cursor), ct))
            .WithSummary("Accounts the caller may see, by name. Filters combine; `q` matches part of the name.");

        g.MapGet("/{id:long}", async (long id, GetAccount get, HttpResponse response, CancellationToken ct) =>
            {
                var account = await get.HandleAsync(id, ct);
                ETags.Set(response, account.Version);
                return account;
            })
            .WithSummary("One account; its ETag is the version to send in If-Match.");

        g.MapPost("/", async (AccountInput body, CreateAccount create, HttpResponse response, CancellationToken ct) =>
            {
                var account = await create.HandleAsync(body, ct);
                ETags.Set(response, account.Version);
                return TypedResults.Created($"/api/v1/accounts/{account.Id}", account);
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Create an account. The owner defaults to the caller.");

        g.MapPatch("/{id:long}", async (long id, JsonObject body, UpdateAccount update, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var account = await update.HandleAsync(id, ETags.Expected(request), current => MergePatch.Apply(current, body), ct);
                ETags.Set(response, account.Version);
                return account;
            })
            .Accepts<AccountInput>("application/merge-patch+json", "application/json")
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Change an account (JSON merge patch: sent fields change, null clears). Send If-Match to refuse stale edits.");

        g.MapDelete("/{id:long}", async (long id, DeleteAccount delete, HttpRequest request, CancellationToken ct) =>
            {
                await delete.HandleAsync(id, ETags.Expected(request), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Delete an account and its timeline; 409 while it has subsidiaries, contacts or opportunities.");

        g.MapGet("/{id:long}/history", async (long id, int? limit, string? cursor, GetAccount get, GetHistory history, CancellationToken ct) =>
            {
                await get.HandleAsync(id, ct);
                return await history.HandleAsync("account", id, PageRequest.Of(limit, cursor), ct);
            })
            .WithSummary("Who changed what and when, newest first.");
    }

    /// <summary>Query parameters of the account list.</summary>
    public sealed record AccountQuery(
        string? Q, string? Status, string? Tier, string? Type, string? Industry, long? ApplicationId,
        string? Country, long? OwnerId, long? ParentId, string? Sort, string? HealthBand, int? Limit, string? Cursor)
    {
        public AccountFilter ToFilter() => new()
        {
            Q = Q,
            Status = QueryValues.Enum<AccountStatus>(Status, "status"),
            Tier = QueryValues.Enum<AccountTier>(Tier, "tier"),
            Type = QueryValues.Enum<AccountType>(Type, "type"),
            Industry = Industry,
            ApplicationId = ApplicationId,
            Country = Country, OwnerId = OwnerId, ParentId = ParentId, Sort = Sort,
            HealthBand = QueryValues.Enum<Health.HealthBand>(HealthBand, "healthBand"),
        };
    }
}
