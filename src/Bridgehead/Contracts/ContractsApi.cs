using System.Text.Json.Nodes;
using Bridgehead.Api;
using Bridgehead.Auditing;
using Bridgehead.Common;
using Bridgehead.Identity;

namespace Bridgehead.Contracts;

/// <summary>/api/v1/contracts and /api/v1/opportunities/{id}/contract-draft: purchase contracts, recorded alone or winning their pursuit.</summary>
public static class ContractsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        // Reads are open to every signed-in role so that quality and product meet the record filters:
        // a contract is simply not there for them (404, and an empty list).
        var g = api.MapGroup("/contracts").WithTags("Contracts").RequireAuthorization(Policies.ReadAccounts);

        g.MapGet("/", async (ListContracts list, long? accountId, long? opportunityId, bool? active, int? limit, string? cursor, CancellationToken ct) =>
                await list.HandleAsync(new ContractFilter { AccountId = accountId, OpportunityId = opportunityId, Active = active }, PageRequest.Of(limit, cursor), ct))
            .WithSummary("Contracts at the accounts the caller sees, latest start first. Filters: `accountId`, `opportunityId`, `active` (true: signed and today within the period; false: all others). Each line has `calledOff` (the quantities of the contract's scheduled order lines that are not cancelled) and `remaining`; `status` is draft (unsigned), upcoming, active or ended as of today.");

        g.MapGet("/{id:long}", async (long id, GetContract get, HttpResponse response, CancellationToken ct) =>
            {
                var contract = await get.HandleAsync(id, ct);
                ETags.Set(response, contract.Version);
                return contract;
            })
            .WithSummary("One contract; the ETag (= `version`) is what If-Match names.");

        g.MapGet("/{id:long}/history", async (long id, int? limit, string? cursor, GetContract get, GetHistory history, CancellationToken ct) =>
            {
                await get.HandleAsync(id, ct);
                return await history.HandleAsync("contract", id, PageRequest.Of(limit, cursor), ct);
            })
            .WithSummary("The contract's changes, newest first.");

        g.MapPost("/", async (ContractInput body, CreateContract create, HttpResponse response, CancellationToken ct) =>
            {
                var contract = await create.HandleAsync(body, ct);
                ETags.Set(response, contract.Version);
                return Results.Created($"/api/v1/contracts/{contract.Id}", contract);
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Record a contract for a pursuit (`opportunityId`; its account is taken) or for an account alone (`accountId`). One per pursuit; a lost or dropped pursuit gets none (409). `signedOn` set meets the contractSigned gate criterion. `\"win\": true` also wins the pursuit, which must be open in its last stage, in the same transaction: when the gate refuses, 409 lists the unmet criteria as /advance does and nothing is saved.");

        g.MapPatch("/{id:long}", async (long id, JsonObject body, UpdateContract update, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var contract = await update.HandleAsync(id, ETags.Expected(request), current => MergePatch.Apply(current, body), ct);
                ETags.Set(response, contract.Version);
                return contract;
            })
            .Accepts<ContractInput>("application/merge-patch+json", "application/json")
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Change a contract (JSON merge patch; `lines` replaces the whole list). Account and pursuit stay. A contract that won its pursuit stays signed until the pursuit is reopened (409).");

        g.MapDelete("/{id:long}", async (long id, DeleteContract delete, HttpRequest request, CancellationToken ct) =>
            {
                await delete.HandleAsync(id, ETags.Expected(request), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Delete a contract: 409 while any order calls it off, or when it won its pursuit (reopen the pursuit first).");

        api.MapGet("/opportunities/{id:long}/contract-draft", async (long id, GetContractDraft draft, CancellationToken ct) => await draft.HandleAsync(id, ct))
            .WithTags("Contracts")
            .RequireAuthorization(Policies.ReadSales)
            .WithSummary("A prefilled body for POST /contracts: terms from the negotiation's agreed summary, lines from the latest quote sent (unit price after discount, in its currency), from today for a year, and `win` true when the pursuit is open in its last stage. 409 when the pursuit already has a contract or is lost or dropped.");
    }
}
