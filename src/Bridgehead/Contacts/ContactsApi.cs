using System.Text.Json.Nodes;
using Bridgehead.Api;
using Bridgehead.Auditing;
using Bridgehead.Common;
using Bridgehead.Identity;

namespace Bridgehead.Contacts;

/// <summary>/api/v1/contacts: the people at our accounts, the members of their buying centers.</summary>
public static class ContactsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/contacts").WithTags("Contacts").RequireAuthorization(Policies.ReadAccounts);

        g.MapGet("/", async (ListContacts list, [AsParameters] ContactQuery q, CancellationToken ct) =>
                await list.HandleAsync(q.ToFilter(), PageRequest.Of(q.Limit, q.Cursor), ct))
            .WithSummary("Contacts at the accounts the caller may see, by name. Filters combine; `q` matches part of the name.");

        g.MapGet("/{id:long}", async (long id, GetContact get, HttpResponse response, CancellationToken ct) =>
            {
                var contact = await get.HandleAsync(id, ct);
                ETags.Set(response, contact.Version);
                return contact;
            })
            .WithSummary("One contact; its ETag is the version to send in If-Match.");

        g.MapPost("/", async (ContactInput body, CreateContact create, HttpResponse response, CancellationToken ct) =>
            {
                var contact = await create.HandleAsync(body, ct);
                ETags.Set(response, contact.Version);
                return TypedResults.Created($"/api/v1/contacts/{contact.Id}", contact);
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Add a person to an account the caller can see.");

        g.MapPatch("/{id:long}", async (long id, JsonObject body, UpdateContact update, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var contact = await update.HandleAsync(id, ETags.Expected(request), current => MergePatch.Apply(current, body), ct);
                ETags.Set(response, contact.Version);
                return contact;
            })
            .Accepts<ContactInput>("application/merge-patch+json", "application/json")
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Change a contact (JSON merge patch: sent fields change, null clears), or move it to another visible account. Send If-Match to refuse stale edits.");

        g.MapDelete("/{id:long}", async (long id, DeleteContact delete, HttpRequest request, CancellationToken ct) =>
            {
                await delete.HandleAsync(id, ETags.Expected(request), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Delete a contact; activities and tasks about them stay, unlinked from the person.");

        g.MapGet("/{id:long}/history", async (long id, int? limit, string? cursor, GetContact get, GetHistory history, CancellationToken ct) =>
            {
                await get.HandleAsync(id, ct);
                return await history.HandleAsync("contact", id, PageRequest.Of(limit, cursor), ct);
            })
            .WithSummary("Who changed what and when, newest first.");
    }

    /// <summary>Query parameters of the contact list.</summary>
    public sealed record ContactQuery(
        string? Q, long? AccountId, string? Department, string? BuyingRole, string? Stance, int? Limit, string? Cursor)
    {
        public ContactFilter ToFilter() => new()
        {
            Q = Q,
            AccountId = AccountId,
            Department = QueryValues.Enum<Department>(Department, "department"),
            BuyingRole = QueryValues.Enum<BuyingRole>(BuyingRole, "buyingRole"),
            Stance = QueryValues.Enum<Stance>(Stance, "stance"),
        };
    }
}
