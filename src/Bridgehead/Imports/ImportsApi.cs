using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Tabular;
using Microsoft.AspNetCore.Http.Features;

namespace Bridgehead.Imports;

/// <summary>
/// /api/v1/imports: upload a file, start an import with a column mapping (202; the job runs in the
/// background), follow its progress, cancel it, download its error report, and read the field
/// catalogue. Sales writers (and admins) import; everyone else gets 403. A job is seen by its
/// starter and admins only (404 for others).
/// </summary>
public static class ImportsApi
{
    /// <summary>The worker that starts new jobs at once on the instance that received them, with its settings.</summary>
    public static void AddServices(IServiceCollection services, IConfiguration config)
    {
        var seconds = config.GetValue("Bridgehead:Imports:TakeOverAfterSeconds", (int)ImportRunner.StaleAfter.TotalSeconds);
        var batch = config.GetValue("Bridgehead:Imports:BatchSize", ImportRunner.DefaultBatchSize);
        services.AddSingleton(new ImportSettings(Math.Max(1, batch), TimeSpan.FromSeconds(Math.Max(1, seconds))));
        services.AddSingleton<ImportQueue>();
        services.AddHostedService<ImportService>();
    }

    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/imports").WithTags("Imports").RequireAuthorization(Policies.EditSales);

        g.MapPost("/files", async (HttpContext http, UploadImportFile upload, CancellationToken ct) =>
            {
                if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
                {
                    size.MaxRequestBodySize = UploadImportFile.MaxBytes + (1 << 20);
                }
                if (!http.Request.HasFormContentType)
                {
                    throw ValidationException.For("file", Common.CommonText.Required);
                }
                var form = await http.Request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { MultipartBodyLengthLimit = UploadImportFile.MaxBytes + (1 << 20) }, ct);
                var file = form.Files.GetFile("file") ?? throw ValidationException.For("file", Common.CommonText.Required);
                await using var content = file.OpenReadStream();
                return Results.Ok(await upload.HandleAsync(file.FileName, content, ct));
            })
            .DisableAntiforgery()
            .WithSummary("Uploads a CSV or XLSX file (multipart field \"file\") and returns storedFile, its headers and the first 20 rows. 422 \"file\" for an unknown type or an unreadable file.");

        g.MapPost("/", async (StartImportInput input, StartImport start, CancellationToken ct) =>
            {
                var job = await start.HandleAsync(input, ct);
                return Results.Accepted($"/api/v1/imports/{job.Id}", job);
            })
            .WithSummary("Starts an import: {entity: accounts|contacts|opportunities|products|orders, storedFile, fileName, mapping: {column header: field key}}. 202 with the job and its Location; 422 \"mapping\" names unknown columns or fields, fields mapped twice and required fields left unmapped.");

        g.MapGet("/", async (int? limit, ListImportJobs list, CancellationToken ct) =>
                Results.Ok(new { items = await list.HandleAsync(limit ?? 50, ct) }))
            .WithSummary("The caller's imports, newest first (an admin's: everyone's); limit 1-200, default 50.");

        g.MapGet("/{id:long}", async (long id, GetImportJob get, CancellationToken ct) => Results.Ok(await get.HandleAsync(id, ct)))
            .WithSummary("One import with its progress: status, totalRows (CSV: estimated from the bytes read until the job completes, then exact; XLSX: counted first), processedRows, percent, created/updated/unchanged/error rows, failure.");

        g.MapPost("/{id:long}/cancel", async (long id, CancelImport cancel, CancellationToken ct) => Results.Ok(await cancel.HandleAsync(id, ct)))
            .WithSummary("Cancels a pending or running import; a running one stops after its current batch (committed batches stay). 409 when it has already finished.");

        g.MapGet("/{id:long}/errors", async (long id, string? format, ImportErrorReport report, HttpContext http, CancellationToken ct) =>
            {
                var file = TabularWriter.Parse(format ?? "csv") ?? throw new BadRequestException("format", Reports.ReportsApiText.UnknownFormat);
                // Written to memory first, so a 404 is still a 404 and not a half-sent file.
                using var buffer = new MemoryStream();
                var name = await report.HandleAsync(id, file, buffer, ct);
                http.Response.ContentType = TabularWriter.ContentType(file);
                http.Response.Headers.ContentDisposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("attachment") { FileName = name }.ToString();
                buffer.Position = 0;
                await buffer.CopyToAsync(http.Response.Body, ct);
                return Results.Empty;
            })
            .WithSummary("The error report as format=csv (default) or xlsx: the file's own columns, then \"row\" and \"error\" (field: message), one line per problem.");

        g.MapGet("/fields/{entity}", (string entity) =>
            {
                var kind = ImportChoices.Find<ImportEntity>(entity) ?? throw new NotFoundException("entity");
                return Results.Ok(new
                {
                    entity = kind,
                    items = ImportFields.For(kind).Select(f => new ImportFieldDto(f.Key, f.Kind, f.Required, f.Label)),
                });
            })
            .WithSummary("The fields a column can be mapped to for a kind of record: key, kind, required, label in the caller's language.");
    }
}

/// <summary>Runs the jobs handed to this instance (by <see cref="StartImport"/> and the "imports" background job), one at a time.</summary>
public sealed class ImportService(ImportQueue queue, IServiceScopeFactory scopes, ImportFolder folder, ImportSettings settings, ILogger<ImportService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var id in queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var options = scope.ServiceProvider.GetRequiredService<Microsoft.EntityFrameworkCore.DbContextOptions<BridgeheadDb>>();
                var runner = new ImportRunner(options, folder) { BatchSize = settings.BatchSize, TakeOverAfter = settings.TakeOverAfter };
                var status = await runner.RunAsync(id, stoppingToken);
                if (status is not null && log.IsEnabled(LogLevel.Information))
                {
                    log.LogInformation("Import {Job} ended {Status}", id, status);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The job stays Running; its heartbeat goes stale and the background job resumes it.
                log.LogError(e, "Import {Job} stopped", id);
            }
        }
    }
}
