namespace Bridgehead.Industries;

/// <summary>/api/v1/industries and /api/v1/applications: the taxonomy accounts and pursuits are tagged with.</summary>
public static class IndustriesApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/industries", () => new
            {
                items = IsicCatalogue.All.Select(i => new { i.Code, i.Section, i.NameEn, i.NameKo, i.Name, i.IsSection }),
                nextCursor = (string?)null,
            })
            .WithTags("Industries").RequireAuthorization()
            .WithSummary("The industry classification (ISIC Rev.4 sections and divisions, English and Korean names).");

        var g = api.MapGroup("/applications").WithTags("Industries").RequireAuthorization();

        g.MapGet("/", async (string? industry, ListApplications list, CancellationToken ct) =>
                new { items = await list.HandleAsync(industry, ct), nextCursor = (string?)null })
            .WithSummary("Every application, by industry; ?industry= (a section covers its divisions).");
    }
}
