using System.Globalization;
using Bridgehead.Accounts;
using Bridgehead.Common;
using Bridgehead.Contacts;
using Bridgehead.Identity;
using Bridgehead.Imports;
using Bridgehead.Orders;
using Bridgehead.Products;
using Bridgehead.Pursuits;
using Bridgehead.Tabular;

namespace Bridgehead.Exports;

/// <summary>/api/v1/exports/{entity}: the records the caller may read as a CSV or XLSX download, with the list's filters.</summary>
public static class ExportsApi
{
    private const string Rules =
        " CSV (RFC 4180, UTF-8 with BOM) or XLSX (`format`, default csv). The headers are the import field keys, so the file imports back with no mapping."
        + " Text that a spreadsheet would run as a formula (starting with = + - @, tab or carriage return, also after leading spaces or control characters) is written with a leading apostrophe."
        + " Streams any number of rows.";

    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/exports").WithTags("Exports").RequireAuthorization(Policies.ReadAccounts);

        g.MapGet("/accounts", (string? format, [AsParameters] AccountsApi.AccountQuery q, ExportRecords export, HttpContext http, CancellationToken ct) =>
                DownloadAsync(http, format, () => new ExportRequest(ImportEntity.Accounts) { Accounts = q.ToFilter() }, export, ct))
            .WithSummary("Accounts the caller may see, with the filters of the account list (q, status, tier, type, industry, applicationId, country, ownerId, parentId, healthBand)." + Rules);

        g.MapGet("/contacts", (string? format, [AsParameters] ContactsApi.ContactQuery q, ExportRecords export, HttpContext http, CancellationToken ct) =>
                DownloadAsync(http, format, () => new ExportRequest(ImportEntity.Contacts) { Contacts = q.ToFilter() }, export, ct))
            .WithSummary("Contacts at the accounts the caller may see, with the filters of the contact list (q, accountId, department, buyingRole, stance)." + Rules);

        g.MapGet("/opportunities", (string? format, [AsParameters] OpportunitiesApi.OpportunityQuery q, ExportRecords export, HttpContext http, CancellationToken ct) =>
                DownloadAsync(http, format, () => new ExportRequest(ImportEntity.Opportunities) { Opportunities = q.ToFilter() }, export, ct))
            .WithSummary("Opportunities the caller may see (sales roles and the viewer; 403 for quality and product), with the filters of the opportunity list (q, accountId, pipelineId, stage, status, ownerId, productCategory, forecastCategory, stalled, industry, applicationId)." + Rules);

        g.MapGet("/products", (string? format, [AsParameters] ProductsApi.ProductQuery q, ExportRecords export, HttpContext http, CancellationToken ct) =>
                DownloadAsync(http, format, () => new ExportRequest(ImportEntity.Products) { Products = q.ToFilter() }, export, ct))
            .WithSummary("The catalogue (q, category, active). The unitCost column is there for managers and admins only, listPrice for sales roles and the viewer." + Rules);

        g.MapGet("/orders", (string? format, [AsParameters] OrdersApi.OrderQuery q, ExportRecords export, HttpContext http, CancellationToken ct) =>
                DownloadAsync(http, format, () => new ExportRequest(ImportEntity.Orders) { Orders = q.ToFilter() }, export, ct))
            .WithSummary("Orders the caller may see, one row per line with the order's fields repeated (accountId, status, kind, productId, atRisk, late). Quality exports all orders without the unitPrice column; the product role is refused (403)." + Rules);

        g.MapGet("/{entity}", (string entity) => Task.FromException<IResult>(new BadRequestException("entity", ExportPagesText.UnknownEntity)))
            .ExcludeFromDescription();
    }

    /// <summary>"accounts-2026-11-27.csv": the kind of record and today's date in the company's zone.</summary>
    public static string FileName(ImportEntity entity, TabularFormat format, DateTime utcNow) =>
        Key(entity) + "-" + Shared.Display.Local(utcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + TabularWriter.Extension(format);

    /// <summary>The entity as the address names it.</summary>
    public static string Key(ImportEntity entity) => entity switch
    {
        ImportEntity.Accounts => "accounts",
        ImportEntity.Contacts => "contacts",
        ImportEntity.Opportunities => "opportunities",
        ImportEntity.Products => "products",
        ImportEntity.Orders => "orders",
        _ => throw new ArgumentOutOfRangeException(nameof(entity), entity, null),
    };

    private static async Task<IResult> DownloadAsync(HttpContext http, string? format, Func<ExportRequest> request, ExportRecords export, CancellationToken ct)
    {
        // Everything that can refuse the request (format, filters, role) is settled before the first byte is sent.
        var file = Text.Clean(format) is { } f ? TabularWriter.Parse(f) ?? throw new BadRequestException("format", ExportPagesText.UnknownFormat) : TabularFormat.Csv;
        var table = await export.HandleAsync(request(), ct);
        var clock = http.RequestServices.GetRequiredService<TimeProvider>();
        http.Response.ContentType = TabularWriter.ContentType(file);
        http.Response.Headers.ContentDisposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("attachment")
        {
            FileName = FileName(table.Entity, file, clock.GetUtcNow().UtcDateTime),
        }.ToString();
        http.Response.Headers.CacheControl = "no-store";
        await TabularWriter.WriteAsync(http.Response.Body, file, table.Headers, table.Rows, ct);
        return Results.Empty;
    }
}
