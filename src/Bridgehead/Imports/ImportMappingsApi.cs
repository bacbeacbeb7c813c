using System.Text.Json.Nodes;
using Bridgehead.Api;
using Bridgehead.Identity;

namespace Bridgehead.Imports;

/// <summary>
/// /api/v1/import-mappings (saved column mappings), /api/v1/import-presets/{entity} (ready mappings
/// for Salesforce and HubSpot export files) and POST /api/v1/imports/automap (a mapping for a
/// file's headers). For sales writers and admins; other roles get 403.
/// </summary>
public static class ImportMappingsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/import-mappings").WithTags("Imports").RequireAuthorization(Policies.EditSales);

        g.MapGet("/", async (string? entity, ListImportMappings list, CancellationToken ct) =>
                new { items = await list.HandleAsync(QueryValues.Enum<ImportEntity>(entity, "entity"), ct), nextCursor = (string?)null })
            .WithSummary("The saved mappings the caller may use, by kind and name: their own and the shared ones (admins: all). "
                + "Filter with entity (accounts, contacts, opportunities, products, orders). `mine` says whether the caller made it.");

        g.MapGet("/{id:long}", async (long id, GetImportMapping get, HttpResponse response, CancellationToken ct) =>
            {
                var mapping = await get.HandleAsync(id, ct);
                ETags.Set(response, mapping.Version);
                return mapping;
            })
            .WithSummary("One saved mapping; its ETag is the version to send in If-Match.");

        g.MapPost("/", async (ImportMappingInput body, CreateImportMapping create, HttpResponse response, CancellationToken ct) =>
            {
                var mapping = await create.HandleAsync(body, ct);
                ETags.Set(response, mapping.Version);
                return Results.Created($"/api/v1/import-mappings/{mapping.Id}", mapping);
            })
            .WithSummary("Save a mapping: `entity`, `name` (unique per author and kind, else 409), `columns` {column header: field key} "
                + "(known keys of the kind, each field from one column; a blank key is dropped) and `isShared` (managers and admins only; a rep gets 403).");

        g.MapPatch("/{id:long}", async (long id, JsonObject body, UpdateImportMapping update, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var mapping = await update.HandleAsync(id, ETags.Expected(request), current => MergePatch.Apply(current, body), ct);
                ETags.Set(response, mapping.Version);
                return mapping;
            })
            .Accepts<ImportMappingPatch>("application/merge-patch+json", "application/json")
            .WithSummary("Change `name`, `columns` or `isShared` (JSON merge patch, If-Match): the author or an admin; 404 for anyone else. "
                + "`columns` merges per header: a header set to null is removed.");

        g.MapDelete("/{id:long}", async (long id, DeleteImportMapping delete, HttpRequest request, CancellationToken ct) =>
            {
                await delete.HandleAsync(id, ETags.Expected(request), ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Delete a saved mapping (If-Match): the author or an admin; 404 for anyone else.");

        api.MapGet("/import-presets/{entity}", (string entity) =>
            {
                var kind = QueryValues.Enum<ImportEntity>(entity, "entity") ?? throw new Common.BadRequestException("entity", ApiText.WrongType);
                return new
                {
                    entity = kind,
                    presets = ImportPresets.For(kind).Select(p => new
                    {
                        key = p.Key,
                        name = p.Name,
                        columns = p.Columns.Select(c => new { header = c.Key, field = c.Value }),
                    }),
                };
            })
            .WithTags("Imports").RequireAuthorization(Policies.EditSales)
            .WithSummary("The ready mappings for this kind of import (salesforce, hubspot): each header those systems write in their exports and the field it fills. "
                + "Several headers may fill one field (labels of report exports and API names of data exports); the first present in a file wins.");

        api.MapPost("/imports/automap", async (AutoMapInput body, AutoMapImport automap, CancellationToken ct) =>
                await automap.HandleAsync(body.Entity, body.Headers, body.Preset, ct))
            .WithTags("Imports").RequireAuthorization(Policies.EditSales)
            .WithSummary("A mapping for a file's `headers`: a header fills the field whose key or English or Korean label it is, or which the preset gives it "
                + "(case, spaces and punctuation aside; each field from one column). `preset`: salesforce, hubspot, none, or auto (default: detected when most headers are the system's). "
                + "Answers the `preset` used, `mapping` {header: field}, the `unmapped` headers and `missingRequired` (groups of alternatives, one of each needed).");
    }
}

/// <summary>The body of POST /imports/automap.</summary>
public sealed record AutoMapInput(ImportEntity? Entity, IReadOnlyList<string?>? Headers, string? Preset);
