using Bridgehead.Identity;

namespace Bridgehead.Search;

/// <summary>/api/v1/search: accounts, contacts and opportunities by part of their name.</summary>
public static class SearchApi
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/search", (string? q, SearchAll search, CancellationToken ct) => search.HandleAsync(q, ct))
            .RequireAuthorization(Policies.ReadAccounts)
            .WithTags("Search")
            .WithSummary("Up to ten visible accounts, contacts and opportunities (for sales roles) whose name contains q (2-100 characters).");
}
