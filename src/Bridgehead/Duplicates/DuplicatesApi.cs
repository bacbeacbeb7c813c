using Bridgehead.Api;
using Bridgehead.Common;
using Bridgehead.Identity;

namespace Bridgehead.Duplicates;

/// <summary>/api/v1/duplicates, the merge of accounts and contacts, and /api/v1/merges (the trace and undo).</summary>
public static class DuplicatesApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var find = api.MapGroup("/duplicates").WithTags("Duplicates").RequireAuthorization(Policies.ReadSales);
        find.MapGet("/accounts", async (int? limit, string? cursor, FindDuplicates duplicates, CancellationToken ct) =>
                await duplicates.AccountsAsync(PageRequest.Of(limit, cursor), ct))
            .WithSummary("Pairs of accounts the caller sees that may be one company: a score (0-100) and the reasons (similar name, shared web or e-mail domain, shared phone). Best first, at most 200.");
        find.MapGet("/contacts", async (int? limit, string? cursor, FindDuplicates duplicates, CancellationToken ct) =>
                await duplicates.ContactsAsync(PageRequest.Of(limit, cursor), ct))
            .WithSummary("Pairs of contacts at the same account that may be one person: similar name, same e-mail, same phone. Best first, at most 200.");

        api.MapPost("/accounts/{id:long}/merge", async (long id, MergeInput body, MergeAccounts merge, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var done = await merge.HandleAsync(id, ETags.Expected(request), body, ct);
                ETags.Set(response, done.SurvivorVersion ?? 0);
                return done;
            })
            .WithTags("Duplicates")
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Merge the account `mergedId` into this one (send this account's If-Match). `fields` chooses per field whose value stays: \"survivor\" (default) or \"merged\". Every record of the merged account moves here; it can be undone for 24 hours.");

        api.MapPost("/contacts/{id:long}/merge", async (long id, MergeInput body, MergeContacts merge, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var done = await merge.HandleAsync(id, ETags.Expected(request), body, ct);
                ETags.Set(response, done.SurvivorVersion ?? 0);
                return done;
            })
            .WithTags("Duplicates")
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Merge the contact `mergedId` (same account only) into this one; as for accounts.");

        var merges = api.MapGroup("/merges").WithTags("Duplicates").RequireAuthorization(Policies.ReadSales);
        merges.MapGet("/", async (long? accountId, int? limit, string? cursor, ListMerges list, CancellationToken ct) =>
                await list.HandleAsync(accountId, PageRequest.Of(limit, cursor), ct))
            .WithSummary("The merges traced on an account (its own and its contacts'), newest first, undone ones included.");
        merges.MapPost("/{id:long}/undo", async (long id, UndoMerge undo, CancellationToken ct) => await undo.HandleAsync(id, ct))
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Undo a merge within 24 hours (the merger, a manager of their team or an admin): 409 once undone or too late.");
    }
}
