using System.Text.Json.Nodes;
using Bridgehead.Api;
using Bridgehead.Auditing;
using Bridgehead.Common;
using Bridgehead.Identity;

namespace Bridgehead.Negotiation;

/// <summary>
/// /api/v1/opportunities/{id}/negotiation: terms with our opening, target and walk-away, the
/// rounds of offers, the concession ledger, manager decisions beyond walk-away and the agreed summary.
/// </summary>
public static class NegotiationApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/opportunities/{id:long}/negotiation").WithTags("Negotiation").RequireAuthorization(Policies.ReadSales);

        g.MapGet("/", async (long id, GetNegotiation get, CancellationToken ct) => await get.HandleAsync(id, ct))
            .WithSummary("The pursuit's negotiation: terms (with the last offers of each side), rounds of offers, the concession ledger, the agreed summary for the contract and warnings in the caller's language.");

        MapTerms(g);
        MapOffers(g);
        MapConcessions(g);
    }

    private static void MapTerms(RouteGroupBuilder g)
    {
        g.MapGet("/terms/{termId:long}", async (long id, long termId, GetTerm get, HttpResponse response, CancellationToken ct) =>
            {
                var term = await get.HandleAsync(id, termId, ct);
                ETags.Set(response, term.Version);
                return term;
            })
            .WithSummary("One term; its ETag is the version to send in If-Match.");

        g.MapPost("/terms", async (long id, TermInput body, AddTerm add, HttpResponse response, CancellationToken ct) =>
            {
                var term = await add.HandleAsync(id, body, ct);
                ETags.Set(response, term.Version);
                return TypedResults.Created($"/api/v1/opportunities/{id}/negotiation/terms/{term.Id}", term);
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Add a term: kind (price, volume, payment, leadTime, warranty, other; other needs a label), unit, higherIsBetter (default by kind), opening, target, walkAway (required), agreed, notes. For higherIsBetter opening >= target >= walkAway, reversed otherwise (422 naming the field). Agreed beyond walk-away makes the exception pending.");

        g.MapPatch("/terms/{termId:long}", async (long id, long termId, JsonObject body, UpdateTerm update, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var term = await update.HandleAsync(id, termId, ETags.Expected(request), current => MergePatch.Apply(current, body), ct);
                ETags.Set(response, term.Version);
                return term;
            })
            .Accepts<TermInput>("application/merge-patch+json", "application/json")
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Change a term (JSON merge patch). A new agreed value or walk-away judges the exception again: beyond walk-away it waits for approval, within it needs none. Send If-Match to refuse stale edits.");

        g.MapDelete("/terms/{termId:long}", async (long id, long termId, RemoveTerm remove, HttpRequest request, CancellationToken ct) =>
            {
                await remove.HandleAsync(id, termId, ETags.Expected(request), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Remove a term with its offers; concessions on it stay in the ledger without the term.");

        g.MapGet("/terms/{termId:long}/history", async (long id, long termId, int? limit, string? cursor, GetTerm get, GetHistory history, CancellationToken ct) =>
            {
                await get.HandleAsync(id, termId, ct);
                return await history.HandleAsync("negotiationTerm", termId, PageRequest.Of(limit, cursor), ct);
            })
            .WithSummary("Who changed what of the term (and who decided its exception) and when, newest first.");

        g.MapPost("/terms/{termId:long}/exception/approve", async (long id, long termId, DecisionInput body, DecideException decide, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                Decided(response, await decide.HandleAsync(id, termId, true, body, ETags.Expected(request), ct), t => t.Version))
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("A manager of the account's team (or an admin) approves a term agreed beyond walk-away, with an optional comment. 403 for other roles; 409 when nothing waits for approval.");

        g.MapPost("/terms/{termId:long}/exception/reject", async (long id, long termId, DecisionInput body, DecideException decide, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                Decided(response, await decide.HandleAsync(id, termId, false, body, ETags.Expected(request), ct), t => t.Version))
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("A manager of the account's team (or an admin) rejects a term agreed beyond walk-away; the comment is required.");
    }

    private static void MapOffers(RouteGroupBuilder g)
    {
        g.MapGet("/offers/{offerId:long}", async (long id, long offerId, GetOffer get, HttpResponse response, CancellationToken ct) =>
            {
                var offer = await get.HandleAsync(id, offerId, ct);
                ETags.Set(response, offer.Version);
                return offer;
            })
            .WithSummary("One offer; its ETag is the version to send in If-Match.");

        g.MapPost("/offers", async (long id, OfferInput body, RecordOffer record, HttpResponse response, CancellationToken ct) =>
            {
                var offer = await record.HandleAsync(id, body, ct);
                ETags.Set(response, offer.Version);
                return TypedResults.Created($"/api/v1/opportunities/{id}/negotiation/offers/{offer.Id}", offer);
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Record an offer: termId, side (ours, theirs), value, round (default: the current round, or the next when this side already offered on the term in it), offeredOn (default today), note. Our offer beyond walk-away gets approval pending and is not made until a manager approves it.");

        g.MapPatch("/offers/{offerId:long}", async (long id, long offerId, JsonObject body, UpdateOffer update, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var offer = await update.HandleAsync(id, offerId, ETags.Expected(request), current => MergePatch.Apply(current, body), ct);
                ETags.Set(response, offer.Version);
                return offer;
            })
            .Accepts<OfferInput>("application/merge-patch+json", "application/json")
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Change an offer (JSON merge patch). A new value, side or term judges the approval again. Send If-Match to refuse stale edits.");

        g.MapDelete("/offers/{offerId:long}", async (long id, long offerId, RemoveOffer remove, HttpRequest request, CancellationToken ct) =>
            {
                await remove.HandleAsync(id, offerId, ETags.Expected(request), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Remove an offer recorded by mistake.");

        g.MapGet("/offers/{offerId:long}/history", async (long id, long offerId, int? limit, string? cursor, GetOffer get, GetHistory history, CancellationToken ct) =>
            {
                await get.HandleAsync(id, offerId, ct);
                return await history.HandleAsync("negotiationOffer", offerId, PageRequest.Of(limit, cursor), ct);
            })
            .WithSummary("Who recorded, changed, approved or rejected the offer and when, newest first.");

        g.MapPost("/offers/{offerId:long}/approve", async (long id, long offerId, DecisionInput body, DecideOffer decide, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                Decided(response, await decide.HandleAsync(id, offerId, true, body, ETags.Expected(request), ct), o => o.Version))
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("A manager of the account's team (or an admin) approves our offer beyond walk-away, with an optional comment; it is then made. 403 for other roles; 409 when it does not wait for approval.");

        g.MapPost("/offers/{offerId:long}/reject", async (long id, long offerId, DecisionInput body, DecideOffer decide, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                Decided(response, await decide.HandleAsync(id, offerId, false, body, ETags.Expected(request), ct), o => o.Version))
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("A manager of the account's team (or an admin) rejects our offer beyond walk-away; the comment is required.");
    }

    private static void MapConcessions(RouteGroupBuilder g)
    {
        g.MapGet("/concessions/{concessionId:long}", async (long id, long concessionId, GetConcession get, HttpResponse response, CancellationToken ct) =>
            {
                var concession = await get.HandleAsync(id, concessionId, ct);
                ETags.Set(response, concession.Version);
                return concession;
            })
            .WithSummary("One concession; its ETag is the version to send in If-Match.");

        g.MapPost("/concessions", async (long id, ConcessionInput body, AddConcession add, HttpResponse response, CancellationToken ct) =>
            {
                var concession = await add.HandleAsync(id, body, ct);
                ETags.Set(response, concession.Version);
                return TypedResults.Created($"/api/v1/opportunities/{id}/negotiation/concessions/{concession.Id}", concession);
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Record a concession: gave (required), got (what we received; empty is allowed but flagged with a warning), gaveValue (money), termId, round, concededOn (default today).");

        g.MapPatch("/concessions/{concessionId:long}", async (long id, long concessionId, JsonObject body, UpdateConcession update, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var concession = await update.HandleAsync(id, concessionId, ETags.Expected(request), current => MergePatch.Apply(current, body), ct);
                ETags.Set(response, concession.Version);
                return concession;
            })
            .Accepts<ConcessionInput>("application/merge-patch+json", "application/json")
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Change a concession (JSON merge patch), e.g. to record what we got for it. Send If-Match to refuse stale edits.");

        g.MapDelete("/concessions/{concessionId:long}", async (long id, long concessionId, RemoveConcession remove, HttpRequest request, CancellationToken ct) =>
            {
                await remove.HandleAsync(id, concessionId, ETags.Expected(request), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Remove an entry of the concession ledger.");

        g.MapGet("/concessions/{concessionId:long}/history", async (long id, long concessionId, int? limit, string? cursor, GetConcession get, GetHistory history, CancellationToken ct) =>
            {
                await get.HandleAsync(id, concessionId, ct);
                return await history.HandleAsync("concession", concessionId, PageRequest.Of(limit, cursor), ct);
            })
            .WithSummary("Who recorded or changed the concession and when, newest first.");
    }

    private static T Decided<T>(HttpResponse response, T record, Func<T, long> version)
    {
        ETags.Set(response, version(record));
        return record;
    }
}
