using System.Text.Json.Nodes;
using Bridgehead.Api;
using Bridgehead.Auditing;
using Bridgehead.Common;
using Bridgehead.Identity;

namespace Bridgehead.BuyingCenter;

/// <summary>/api/v1/opportunities/{id}/buying-center: who decides inside the customer, with coverage and warnings.</summary>
public static class BuyingCenterApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/opportunities/{id:long}/buying-center").WithTags("Buying center").RequireAuthorization(Policies.ReadSales);

        g.MapGet("/", async (long id, int? staleDays, GetBuyingCenter get, CancellationToken ct) => await get.HandleAsync(id, staleDays, ct))
            .WithSummary("The pursuit's buying center: members (with their last touch on the timeline), coverage of departments and roles, and warnings in the caller's language. `staleDays` (default 30) is when a member counts as untouched.");

        g.MapGet("/{memberId:long}", async (long id, long memberId, GetMember get, HttpResponse response, CancellationToken ct) =>
            {
                var member = await get.HandleAsync(id, memberId, ct);
                ETags.Set(response, member.Version);
                return member;
            })
            .WithSummary("One member; its ETag is the version to send in If-Match.");

        g.MapPost("/", async (long id, MemberInput body, AddMember add, HttpResponse response, CancellationToken ct) =>
            {
                var member = await add.HandleAsync(id, body, ct);
                ETags.Set(response, member.Version);
                return TypedResults.Created($"/api/v1/opportunities/{id}/buying-center/{member.Id}", member);
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Add a person at the pursuit's account (contactId). Fields left out start as the contact's own values; a person already in the buying center is 409; a closed pursuit's buying center is read-only (409).");

        g.MapPatch("/{memberId:long}", async (long id, long memberId, JsonObject body, UpdateMember update, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var member = await update.HandleAsync(id, memberId, ETags.Expected(request), current => MergePatch.Apply(current, body), ct);
                ETags.Set(response, member.Version);
                return member;
            })
            .Accepts<MemberInput>("application/merge-patch+json", "application/json")
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Change a member's department, role, influence, stance, pains or ourFit (JSON merge patch: sent fields change, null clears). The person (contactId) cannot change. Send If-Match to refuse stale edits.");

        g.MapDelete("/{memberId:long}", async (long id, long memberId, RemoveMember remove, HttpRequest request, CancellationToken ct) =>
            {
                await remove.HandleAsync(id, memberId, ETags.Expected(request), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Take a person out of the buying center; the contact and their timeline stay.");

        g.MapGet("/{memberId:long}/history", async (long id, long memberId, int? limit, string? cursor, GetMember get, GetHistory history, CancellationToken ct) =>
            {
                await get.HandleAsync(id, memberId, ct);
                return await history.HandleAsync("buyingCenterMember", memberId, PageRequest.Of(limit, cursor), ct);
            })
            .WithSummary("Who changed what of the member and when, newest first.");
    }
}
