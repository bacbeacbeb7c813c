using System.Text.Json.Nodes;
using Bridgehead.Api;
using Bridgehead.Identity;

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

        g.MapGet("/{id:long}", async (long id, GetApplication get, HttpResponse response, CancellationToken ct) =>
            {
                var application = await get.HandleAsync(id, ct);
                ETags.Set(response, application.Version);
                return application;
            })
            .WithSummary("One application; its ETag is the version to send in If-Match.");

        g.MapPost("/", async (ApplicationInput body, CreateApplication create, HttpResponse response, CancellationToken ct) =>
            {
                var application = await create.HandleAsync(body, ct);
                ETags.Set(response, application.Version);
                return TypedResults.Created($"/api/v1/applications/{application.Id}", application);
            })
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Add an application under an industry (admin): industryCode (a catalogue code), nameEn and nameKo (unique within the industry, in any case).");

        g.MapPatch("/{id:long}", async (long id, JsonObject body, UpdateApplication update, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var application = await update.HandleAsync(id, ETags.Expected(request), current => MergePatch.Apply(current, body), ct);
                ETags.Set(response, application.Version);
                return application;
            })
            .Accepts<ApplicationInput>("application/merge-patch+json", "application/json")
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Rename an application or move it to another industry (admin; JSON merge patch). Send If-Match to refuse stale edits.");

        g.MapDelete("/{id:long}", async (long id, DeleteApplication delete, HttpRequest request, CancellationToken ct) =>
            {
                await delete.HandleAsync(id, ETags.Expected(request), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Delete an application (admin); 409 while accounts, opportunities or fit criteria use it (the problem counts them).");
    }
}
