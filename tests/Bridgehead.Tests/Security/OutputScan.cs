using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bridgehead.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Bridgehead.Tests.Security;

/// <summary>
/// One answer of the app as a reader gets it: the text a person or program would read (JSON,
/// HTML, CSV as sent; an XLSX file's sheet XML; a PDF's extracted text), every JSON property name
/// in it, and the column headers it shows (a CSV's or XLSX's first row, an HTML page's th, dt and
/// label texts).
/// </summary>
public sealed record Output(string Url, HttpStatusCode Status, string Text, IReadOnlyList<string> JsonProperties, IReadOnlyList<string> Headers);

/// <summary>
/// Asks every GET address the app has, built from the routing table (the minimal API endpoints
/// and the Razor pages), so a new endpoint or page is scanned without anyone listing it. Route
/// parameters are filled from a fixture's ids; a route that cannot be filled and is not in the
/// caller's skip list fails the scan, naming it.
/// </summary>
public static partial class OutputScan
{
    /// <summary>
    /// The route templates of GET endpoints and pages, e.g. "api/v1/quotes/{id:long}" or
    /// "quotes/{id:long}"; a page's named GET handlers (fragments such as its history) as
    /// "quotes/{id:long}?handler=History".
    /// </summary>
    public static async Task<(IReadOnlyList<string> Api, IReadOnlyList<string> Pages)> RoutesAsync(TestApp app)
    {
        var endpoints = app.Web.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var loader = app.Web.Services.GetRequiredService<PageLoader>();
        var pages = new List<string>();
        foreach (var endpoint in endpoints.Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null))
        {
            var template = (endpoint.RoutePattern.RawText ?? "").Trim('/');
            pages.Add(template);
            var compiled = endpoint.Metadata.GetMetadata<CompiledPageActionDescriptor>()
                ?? await loader.LoadAsync(endpoint.Metadata.GetMetadata<PageActionDescriptor>()!, endpoint.Metadata);
            pages.AddRange(compiled.HandlerMethods
                .Where(h => string.Equals(h.HttpMethod, "GET", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(h.Name))
                .Select(h => template + "?handler=" + h.Name));
        }
        pages = [.. pages.Distinct().Order(StringComparer.Ordinal)];
        var api = endpoints.Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is null
                && e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
            .Select(e => (e.RoutePattern.RawText ?? "").Trim('/')).Distinct().Order(StringComparer.Ordinal).ToList();
        return (api, pages);
    }

    /// <summary>
    /// The addresses of the templates: each parameter filled by <paramref name="fill"/> (the
    /// parameter's name and the literal segment before it; one or more values, or null when it
    /// cannot be filled), then each address with every query of <paramref name="queries"/>.
    /// Templates that cannot be filled are returned apart.
    /// </summary>
    public static (List<string> Urls, List<string> Unfilled) Expand(IEnumerable<string> templates, Func<string, string?, IReadOnlyList<string>?> fill,
        Func<string, IReadOnlyList<string>> queries)
    {
        var urls = new List<string>();
        var unfilled = new List<string>();
        foreach (var route in templates)
        {
            var template = route.Split('?', 2)[0];
            var handler = route.Length > template.Length ? route[(template.Length + 1)..] : "";
            var paths = new List<string> { "" };
            string? previous = null;
            var ok = true;
            foreach (var segment in template.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                var match = Parameter().Match(segment);
                IReadOnlyList<string> values;
                if (match.Success)
                {
                    var found = fill(match.Groups[1].Value, previous);
                    if (found is null || found.Count == 0)
                    {
                        ok = false;
                        break;
                    }
                    values = [.. found.Select(v => Parameter().Replace(segment, Uri.EscapeDataString(v)))];
                }
                else
                {
                    values = [segment];
                    previous = segment;
                }
                paths = [.. paths.SelectMany(p => values.Select(v => p + "/" + v))];
            }
            if (!ok)
            {
                unfilled.Add(route);
                continue;
            }
            foreach (var path in paths)
            {
                foreach (var query in queries(template))
                {
                    var all = string.Join("&", new[] { handler, query }.Where(q => q.Length > 0));
                    urls.Add((path.Length == 0 ? "/" : path) + (all.Length == 0 ? "" : "?" + all));
                }
            }
        }
        return (urls, unfilled);
    }

    /// <summary>Asks each address with the client (a few at a time) and reads what came back.</summary>
    public static async Task<List<Output>> FetchAsync(HttpClient client, IEnumerable<string> urls)
    {
        var outputs = new ConcurrentBag<Output>();
        await Parallel.ForEachAsync(urls, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (url, ct) =>
        {
            using var response = await client.GetAsync(url, ct);
            var bytes = await response.Content.ReadAsByteArrayAsync(ct);
            outputs.Add(Read(url, response.StatusCode, response.Content.Headers.ContentType?.MediaType, bytes));
        });
        return [.. outputs.OrderBy(o => o.Url, StringComparer.Ordinal)];
    }

    public static Output Read(string url, HttpStatusCode status, string? mediaType, byte[] bytes)
    {
        var type = mediaType ?? "";
        if (type.Contains("spreadsheetml", StringComparison.Ordinal))
        {
            var (text, headers) = Xlsx(bytes);
            return new Output(url, status, text, [], headers);
        }
        if (type == "application/pdf")
        {
            using var document = UglyToad.PdfPig.PdfDocument.Open(bytes);
            var text = string.Join("\n", document.GetPages().Select(p => p.Text));
            // Words as the PDF spaces them and squashed, so "3,719.47" is found however a line breaks it.
            return new Output(url, status, text + "\n" + Spaces().Replace(text, ""), [], []);
        }
        var body = Encoding.UTF8.GetString(bytes);
        if (type.Contains("json", StringComparison.Ordinal))
        {
            return new Output(url, status, body, JsonProperties(body), []);
        }
        if (type == "text/csv")
        {
            return new Output(url, status, body, [], CsvHeaders(body));
        }
        if (type == "text/html")
        {
            return new Output(url, status, body, [], [.. HtmlHeaders().Matches(body).Select(m => WebUtility.HtmlDecode(Tags().Replace(m.Groups[2].Value, " ")).Trim())]);
        }
        return new Output(url, status, body, [], []);
    }

    /// <summary>Every property name anywhere in a JSON document.</summary>
    public static List<string> JsonProperties(string json)
    {
        var names = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(json);
            Walk(document.RootElement);
        }
        catch (JsonException)
        {
            // Not JSON after all: no property names to check; its text still is.
        }
        return names;

        void Walk(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in element.EnumerateObject())
                {
                    names.Add(property.Name);
                    Walk(property.Value);
                }
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item);
                }
            }
        }
    }

    /// <summary>The cells of a CSV's first record (RFC 4180 quoting).</summary>
    public static List<string> CsvHeaders(string csv) => CsvRecords(csv).FirstOrDefault() ?? [];

    /// <summary>A CSV's records, cells as written (no neutralising undone).</summary>
    public static List<List<string>> CsvRecords(string csv)
    {
        var records = new List<List<string>>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        var text = csv.TrimStart('\uFEFF');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                cells.Add(cell.ToString());
                cell.Clear();
                records.Add(cells);
                cells = [];
                i++;
            }
            else
            {
                cell.Append(c);
            }
        }
        if (cell.Length > 0 || cells.Count > 0)
        {
            cells.Add(cell.ToString());
            records.Add(cells);
        }
        return records;
    }

    /// <summary>An XLSX file's XML parts as one text, and its first row.</summary>
    public static (string Text, List<string> Headers) Xlsx(byte[] bytes)
    {
        var text = new StringBuilder();
        using (var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read))
        {
            foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal)))
            {
                using var reader = new StreamReader(entry.Open());
                text.Append(reader.ReadToEnd()).Append('\n');
            }
        }
        var rows = XlsxRows(bytes);
        return (text.ToString(), rows.FirstOrDefault()?.Select(c => c?.ToString() ?? "").ToList() ?? []);
    }

    /// <summary>An XLSX file's rows as the spreadsheet library reads them (numbers as numbers, text as written).</summary>
    public static List<List<object?>> XlsxRows(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return [.. MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: false, excelType: MiniExcelLibs.ExcelType.XLSX)
            .Cast<IDictionary<string, object?>>()
            .Select(r => r.Values.ToList())];
    }

    /// <summary>Runs a scan and says how long it took, for the report of the tests' cost.</summary>
    public static async Task<(T Result, TimeSpan Took)> TimedAsync<T>(Func<Task<T>> run)
    {
        var watch = Stopwatch.StartNew();
        var result = await run();
        return (result, watch.Elapsed);
    }

    [GeneratedRegex(@"\{(\w+)(?::[^}]*)?\??\}")]
    private static partial Regex Parameter();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"<(th|dt|label)\b[^>]*>([\s\S]*?)</\1>", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlHeaders();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex Tags();
}
