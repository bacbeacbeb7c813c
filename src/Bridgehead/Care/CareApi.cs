using Bridgehead.Accounts;
using Bridgehead.Api;
using Bridgehead.Common;
using Bridgehead.Identity;

namespace Bridgehead.Care;

/// <summary>/api/v1/care-plans, /api/v1/care and /api/v1/accounts/{id}/care: stage 10, keeping customers.</summary>
public static class CareApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var plans = api.MapGroup("/care-plans").WithTags("Care").RequireAuthorization(Policies.ReadSales);

        plans.MapGet("/", async (ListCarePlans list, CancellationToken ct) => await list.HandleAsync(ct))
            .WithSummary("The three care plans (saved, or the defaults), strategic first. `version` is the ETag of a saved plan.");

        plans.MapPut("/{tier}", async (string tier, CarePlanInput body, SaveCarePlan save, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var parsed = PathTier(tier);
                var saved = await save.HandleAsync(parsed, ETags.Expected(request), body, ct);
                ETags.Set(response, saved.Plan.Version ?? 0);
                return saved;
            })
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Save a tier's plan (admin) and re-place every customer at once; `accountsChangedTier` says how many moved. Send If-Match with the saved plan's version.");

        api.MapGet("/care", async (string? due, long? ownerId, int? limit, string? cursor, ListCareDue list, CancellationToken ct) =>
                await list.HandleAsync(QueryValues.Enum<CareDueFilter>(due, "due") ?? CareDueFilter.Week, ownerId, PageRequest.Of(limit, cursor), ct))
            .WithTags("Care")
            .RequireAuthorization(Policies.ReadSales)
            .WithSummary("Customers the caller sees with care due: `due=week` (default; by the end of this week, overdue included) or `due=overdue`; soonest first.");

        api.MapGet("/accounts/{id:long}/care", async (long id, GetAccountCare get, CancellationToken ct) => await get.HandleAsync(id, ct))
            .WithTags("Care")
            .RequireAuthorization(Policies.ReadSales)
            .WithSummary("A customer's care: tier and why, plan, last and next visit and review, sponsor, what is overdue, revenue and potential (base currency). 404 for accounts that are not customers.");
    }

    private static AccountTier PathTier(string tier)
    {
        foreach (var member in Enum.GetValues<AccountTier>())
        {
            if (string.Equals(member.ToString(), tier, StringComparison.OrdinalIgnoreCase))
            {
                return member;
            }
        }
        throw new NotFoundException("carePlan");
    }
}
