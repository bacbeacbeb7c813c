using System.Text.Json.Nodes;
using Bridgehead.Api;
using Bridgehead.Auditing;
using Bridgehead.Common;
using Bridgehead.Identity;

namespace Bridgehead.Quotes;

/// <summary>/api/v1/quotes and /api/v1/quote-policy: quote versions, their approval and the customer's answer.</summary>
public static class QuotesApi
{
    private const string CostNote = " `unitCost`, `costTotal`, `margin`, `marginPercent` and `marginComplete` are present for managers and admins only.";

    public static void Map(RouteGroupBuilder api)
    {
        // Reads are open to every signed-in role so that quality and product meet the record filters
        // (a quote is simply not there: 404), like a quote at an account the caller does not see.
        var g = api.MapGroup("/quotes").WithTags("Quotes").RequireAuthorization(Policies.ReadAccounts);

        g.MapGet("/", async (ListQuotes list, [AsParameters] QuoteQuery q, CancellationToken ct) =>
                await list.HandleAsync(q.ToFilter(), PageRequest.Of(q.Limit, q.Cursor), ct))
            .RequireAuthorization(Policies.ReadSales)
            .WithSummary("Quote versions at the accounts the caller sees, newest first. Filters: `opportunityId`, `accountId`, `status` (a sent quote past `validUntil` reads and filters as `expired`), `approval` (e.g. `pending`)." + CostNote);

        g.MapGet("/{id:long}", async (long id, GetQuote get, HttpResponse response, CancellationToken ct) =>
            {
                var quote = await get.HandleAsync(id, ct);
                ETags.Set(response, quote.Revision);
                return quote;
            })
            .WithSummary("One quote version; `version` is its number within the pursuit, the ETag (= `revision`) is what If-Match names." + CostNote);

        g.MapGet("/{id:long}/history", async (long id, int? limit, string? cursor, GetQuote get, GetHistory history, CancellationToken ct) =>
            {
                await get.HandleAsync(id, ct);
                return await history.HandleAsync("quote", id, PageRequest.Of(limit, cursor), ct);
            })
            .WithSummary("The version's changes, newest first; cost and margin fields only for managers and admins.");

        g.MapGet("/compare", async (long? a, long? b, CompareQuotes compare, CancellationToken ct) => await compare.HandleAsync(a, b, ct))
            .RequireAuthorization(Policies.ReadSales)
            .WithSummary("Two versions of the same pursuit side by side: lines paired by product (added, removed, changed with the fields, same), subtotal, total and largest discount with the difference b - a; margin for managers and admins only.");

        g.MapPost("/", async (QuoteInput body, CreateQuote create, HttpResponse response, CancellationToken ct) =>
            {
                var quote = await create.HandleAsync(body, ct);
                ETags.Set(response, quote.Revision);
                return Results.Created($"/api/v1/quotes/{quote.Id}", quote);
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Write the next version of a pursuit's quote as a draft. `copyFrom` starts from an earlier version of the same pursuit. A line's `unitPrice` defaults to the product's list price in the quote's currency; products must be active; a product priced in a currency without an exchange rate is 422 on `lines[i].productId`.");

        g.MapPatch("/{id:long}", async (long id, JsonObject body, UpdateQuote update, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var quote = await update.HandleAsync(id, ETags.Expected(request), current => MergePatch.Apply(current, body), ct);
                ETags.Set(response, quote.Revision);
                return quote;
            })
            .Accepts<QuoteInput>("application/merge-patch+json", "application/json")
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Change a draft (JSON merge patch; `lines` and `valuePropositions` replace the whole list). Anything but a draft is 409. A change of lines, currency or validity takes back an approval: submit again.");

        g.MapDelete("/{id:long}", async (long id, DeleteQuote delete, HttpRequest request, CancellationToken ct) =>
            {
                await delete.HandleAsync(id, ETags.Expected(request), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Delete a draft; versions that went out are kept (409).");

        g.MapPost("/{id:long}/submit", async (long id, SubmitQuote submit, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                Done(await submit.HandleAsync(id, ETags.Expected(request), ct), response))
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Ask for approval: a draft below the margin floor, with a product without cost while a floor is set, or above the discount limit turns `approval.state` pending; within the limits it needs none.");

        g.MapPost("/{id:long}/approve", async (long id, ApprovalDecisionInput body, ApproveQuote approve, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                Done(await approve.HandleAsync(id, ETags.Expected(request), body, ct), response))
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("A manager who sees the account, or an admin, approves a pending quote, with an optional `comment`.");

        g.MapPost("/{id:long}/reject", async (long id, ApprovalDecisionInput body, RejectQuote reject, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                Done(await reject.HandleAsync(id, ETags.Expected(request), body, ct), response))
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("A manager who sees the account, or an admin, rejects a pending quote; `comment` is required.");

        g.MapPost("/{id:long}/send", async (long id, SendQuote send, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                Done(await send.HandleAsync(id, ETags.Expected(request), ct), response))
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Send a draft: 409 without lines, past its validity, or while approval is needed, pending or rejected. Earlier sent versions of the pursuit become superseded.");

        g.MapPost("/{id:long}/answer", async (long id, AnswerInput body, AnswerQuote answer, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                Done(await answer.HandleAsync(id, ETags.Expected(request), body, ct), response))
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Record the customer's answer to a sent, still valid quote: `outcome` accepted or rejected.");

        var policy = api.MapGroup("/quote-policy").WithTags("Quotes").RequireAuthorization(Policies.ReadSales);

        policy.MapGet("/", async (GetQuotePolicy get, HttpResponse response, CancellationToken ct) =>
            {
                var p = await get.HandleAsync(ct);
                ETags.Set(response, p.Version);
                return p;
            })
            .WithSummary("The limits a quote keeps to go out without a manager's approval: `minMarginPercent`, `maxDiscountPercent` (null: no limit).");

        policy.MapPut("/", async (QuotePolicyInput body, SetQuotePolicy set, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var p = await set.HandleAsync(ETags.Expected(request), body, ct);
                ETags.Set(response, p.Version);
                return p;
            })
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Set both limits (admins). Send If-Match with the ETag of the GET (\"0\" before any limit was set).");
    }

    private static QuoteDto Done(QuoteDto quote, HttpResponse response)
    {
        ETags.Set(response, quote.Revision);
        return quote;
    }

    /// <summary>Query parameters of the quote list.</summary>
    public sealed record QuoteQuery(long? OpportunityId, long? AccountId, string? Status, string? Approval, int? Limit, string? Cursor)
    {
        public QuoteFilter ToFilter() => new()
        {
            OpportunityId = OpportunityId,
            AccountId = AccountId,
            Status = QueryValues.Enum<QuoteStatus>(Status, "status"),
            Approval = QueryValues.Enum<ApprovalState>(Approval, "approval"),
        };
    }
}
