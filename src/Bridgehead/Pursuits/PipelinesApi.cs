using Bridgehead.Api;
using Bridgehead.Identity;

namespace Bridgehead.Pursuits;

/// <summary>/api/v1/pipelines: the sales processes; everyone signed in reads them, admins change them.</summary>
public static class PipelinesApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/process", async (DateOnly? from, DateOnly? to, GetProcessOverview overview, CancellationToken ct) => await overview.HandleAsync(from, to, ct))
            .WithTags("Pipelines")
            .RequireAuthorization(Policies.ReadSales)
            .WithSummary("The ten stages at a glance: open pursuits and their value per stage, and conversion from each stage to the next for pursuits that entered it between from and to (default: the last 90 days).");

        var g = api.MapGroup("/pipelines").WithTags("Pipelines").RequireAuthorization();

        g.MapGet("/", async (ListPipelines list, CancellationToken ct) => new { items = await list.HandleAsync(ct), nextCursor = (string?)null })
            .WithSummary("Every pipeline, the default first, with its ten stages, names per language, skipped stages, probabilities, stall thresholds and gate criteria.");

        g.MapGet("/{id:long}", async (long id, GetPipeline get, HttpResponse response, CancellationToken ct) =>
            {
                var pipeline = await get.HandleAsync(id, ct);
                ETags.Set(response, pipeline.Version);
                return pipeline;
            })
            .WithSummary("One pipeline; its ETag is the version to send in If-Match.");

        g.MapPost("/", async (PipelineInput body, CreatePipeline create, HttpResponse response, CancellationToken ct) =>
            {
                var pipeline = await create.HandleAsync(body, ct);
                ETags.Set(response, pipeline.Version);
                return TypedResults.Created($"/api/v1/pipelines/{pipeline.Id}", pipeline);
            })
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Add a pipeline (admin), from the standard ten stages or copyFrom another pipeline.");

        g.MapPatch("/{id:long}", async (long id, PipelineInput body, UpdatePipeline update, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var pipeline = await update.HandleAsync(id, ETags.Expected(request), body, ct);
                ETags.Set(response, pipeline.Version);
                return pipeline;
            })
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Change a pipeline (admin): names, default, and per stage (by key) names, skipped, probability, stalledAfterDays (0 = never) and disabledCriteria. Left-out fields keep their value.");

        g.MapDelete("/{id:long}", async (long id, DeletePipeline delete, HttpRequest request, CancellationToken ct) =>
            {
                await delete.HandleAsync(id, ETags.Expected(request), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Delete a pipeline no opportunity has followed (admin); the default stays.");
    }
}
