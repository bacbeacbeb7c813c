using System.Text.Json.Nodes;
using Bridgehead.Api;
using Bridgehead.Auditing;
using Bridgehead.Common;
using Bridgehead.Identity;

namespace Bridgehead.Products;

/// <summary>/api/v1/products: the catalogue quotes and orders draw on. Everyone signed in reads it; managers and admins keep it.</summary>
public static class ProductsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/products").WithTags("Products").RequireAuthorization(Policies.ReadAccounts);

        g.MapGet("/", async (ListProducts list, [AsParameters] ProductQuery q, CancellationToken ct) =>
                await list.HandleAsync(q.ToFilter(), PageRequest.Of(q.Limit, q.Cursor), ct))
            .WithSummary("Products by name. `q` matches part of the name or SKU, `category` the category exactly, `active` true or false. `unitCost` is present for managers and admins only, `listPrice` for sales roles and the viewer.");

        g.MapGet("/{id:long}", async (long id, GetProduct get, HttpResponse response, CancellationToken ct) =>
            {
                var product = await get.HandleAsync(id, ct);
                ETags.Set(response, product.Version);
                return product;
            })
            .WithSummary("One product; its ETag is the version to send in If-Match.");

        g.MapGet("/{id:long}/history", async (long id, int? limit, string? cursor, GetProduct get, GetHistory history, CancellationToken ct) =>
            {
                await get.HandleAsync(id, ct);
                return await history.HandleAsync("product", id, PageRequest.Of(limit, cursor), ct);
            })
            .WithSummary("The product's changes, newest first. Product history holds cost changes, so only admins read its entries; others get an empty list.");

        g.MapPost("/", async (ProductInput body, CreateProduct create, HttpResponse response, CancellationToken ct) =>
            {
                var product = await create.HandleAsync(body, ct);
                ETags.Set(response, product.Version);
                return Results.Created($"/api/v1/products/{product.Id}", product);
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Add a product (managers and admins). A SKU already in the catalogue, in any case, is 422 on `sku`.");

        g.MapPatch("/{id:long}", async (long id, JsonObject body, UpdateProduct update, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var product = await update.HandleAsync(id, ETags.Expected(request), current => MergePatch.Apply(current, body), ct);
                ETags.Set(response, product.Version);
                return product;
            })
            .Accepts<ProductInput>("application/merge-patch+json", "application/json")
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Change a product (JSON merge patch; managers and admins). `isActive: false` retires it. Send If-Match to refuse stale edits.");

        g.MapDelete("/{id:long}", async (long id, DeleteProduct delete, HttpRequest request, CancellationToken ct) =>
            {
                await delete.HandleAsync(id, ETags.Expected(request), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditSales)
            .WithSummary("Delete a product (managers and admins). Refused with 409, saying how many, while reference cases name it; retire it instead.");
    }

    /// <summary>Query parameters of the product list.</summary>
    public sealed record ProductQuery(string? Q, string? Category, bool? Active, int? Limit, string? Cursor)
    {
        public ProductFilter ToFilter() => new() { Q = Q, Category = Category, Active = Active };
    }
}
