using Bridgehead.Api;
using Bridgehead.Identity;

namespace Bridgehead.Fit;

/// <summary>/api/v1/fit-criteria and /api/v1/accounts/{id}/fit: the ideal customer, and how each account measures up.</summary>
public static class FitApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/fit-criteria").WithTags("Fit").RequireAuthorization();

        g.MapGet("/", async (ListFitCriteria list, HttpResponse response, CancellationToken ct) =>
            {
                var criteria = await list.HandleAsync(ct);
                ETags.Set(response, criteria.Version);
                return criteria;
            })
            .WithSummary("The ideal-customer criteria; the ETag (also `version`) covers the whole list.");

        g.MapPut("/", async (FitCriteriaInput body, ReplaceFitCriteria replace, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var criteria = await replace.HandleAsync(body, ETags.Expected(request), ct);
                ETags.Set(response, criteria.Version);
                return criteria;
            })
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Replace the whole list of criteria (admin) and recompute every account's fit score. Send If-Match with the list's ETag to refuse stale edits.");

        api.MapGet("/accounts/{id:long}/fit", async (long id, ExplainFit explain, CancellationToken ct) => await explain.HandleAsync(id, ct))
            .WithTags("Fit", "Accounts")
            .RequireAuthorization(Policies.ReadAccounts)
            .WithSummary("The account's fit score and each criterion met, not met or unknown, with a sentence in the caller's language.");
    }
}
