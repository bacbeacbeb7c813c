using System.Globalization;
using Bridgehead.Common;
using Bridgehead.Identity;
using Bridgehead.Imports;
using Bridgehead.Tabular;

namespace Bridgehead.Reports;

/// <summary>/api/v1/reports: the list of reports the caller may run, and each report as JSON, CSV or XLSX.</summary>
public static class ReportsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/reports").WithTags("Reports").RequireAuthorization(Policies.ReadAccounts);

        g.MapGet("/", (RunReport run) =>
                Results.Ok(new { items = run.Available().Select(r => new { name = r.Name, title = r.Title, description = r.Description }) }))
            .WithSummary("The reports the caller's role may run: name (the address key), title and description in the caller's language.");

        g.MapGet("/{name}", async (string name, [AsParameters] ReportParameters p, RunReport run, HttpContext http, CancellationToken ct) =>
            {
                TabularFormat? format = null;
                if (Text.Clean(p.Format) is { } f && !f.Equals("json", StringComparison.OrdinalIgnoreCase))
                {
                    format = TabularWriter.Parse(f) ?? throw new BadRequestException("format", ReportsApiText.UnknownFormat);
                }
                var done = await run.HandleAsync(name, p.ToQuery(), ct);
                if (format is { } file)
                {
                    await WriteFileAsync(http, done, file, ct);
                    return Results.Empty;
                }
                return Results.Ok(Json(done));
            })
            .WithSummary("Runs a report over the records the caller may see. Filters (all optional): from, to (default: the last 12 months up to today), teamId, ownerId, pipelineId, industry (ISIC section or division), applicationId. format=csv or xlsx downloads the table (CSV per RFC 4180, formula-like text neutralised); JSON otherwise. Cost and margin columns are left out for roles that may not see them.");
    }

    /// <summary>The report's JSON: the filter it ran with, its columns, each row as an object keyed by column, and how to chart it.</summary>
    public static object Json(ReportRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var columns = run.Result.Columns;
        return new
        {
            name = run.Report.Name,
            title = run.Report.Title,
            description = run.Report.Description,
            filter = run.Filter,
            columns = columns.Select(c => new { key = c.Key, label = c.Label, kind = c.Kind }),
            rows = run.Result.Rows.Select(r =>
            {
                var row = new Dictionary<string, object?>(columns.Count);
                for (var i = 0; i < columns.Count; i++)
                {
                    row[columns[i].Key] = i < r.Length ? r[i] : null;
                }
                return row;
            }),
            chart = run.Result.Chart,
            note = run.Result.Note,
        };
    }

    /// <summary>Streams the report's table as a download named after the report and its period.</summary>
    public static async Task WriteFileAsync(HttpContext http, ReportRun run, TabularFormat format, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(run);
        var name = string.Create(CultureInfo.InvariantCulture, $"{run.Report.Name}-{run.Filter.From:yyyy-MM-dd}-{run.Filter.To:yyyy-MM-dd}{TabularWriter.Extension(format)}");
        http.Response.ContentType = TabularWriter.ContentType(format);
        http.Response.Headers.ContentDisposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("attachment") { FileName = name }.ToString();
        await TabularWriter.WriteAsync(http.Response.Body, format, [.. run.Result.Columns.Select(c => c.Label)], run.Result.Rows, ct);
    }
}

/// <summary>Query parameters of a report.</summary>
public sealed record ReportParameters(DateOnly? From, DateOnly? To, long? TeamId, long? OwnerId, long? PipelineId, string? Industry, long? ApplicationId, string? Format)
{
    public ReportQuery ToQuery() => new(From, To, TeamId, OwnerId, PipelineId, Industry, ApplicationId);
}
