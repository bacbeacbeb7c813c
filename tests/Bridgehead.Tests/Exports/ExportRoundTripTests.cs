using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Bridgehead.Tests.Infrastructure;
using Bridgehead.Tests.Pursuits;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Exports;

public sealed class ExportRoundTripTests_Sqlite() : ExportRoundTripTests(Provider.Sqlite);

public sealed class ExportRoundTripTests_Postgres() : ExportRoundTripTests(Provider.Postgres);

/// <summary>
/// Export then import gives the same records (issue 8, point 6), through the import API of the
/// import engine's brief: upload, start with the identity mapping, wait, compare.
/// The export half (every field read back equals the record) runs now in ExportsApiTests.
/// </summary>
public abstract class ExportRoundTripTests(Provider provider) : AppTests(provider)
{
    private static async Task<JsonNode> ImportAsync(HttpClient client, byte[] file, string fileName)
    {
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".csv", StringComparison.Ordinal)
            ? "text/csv" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(content, "file", fileName);
        var uploaded = await client.PostAsync("/api/v1/imports/files", form);
        await uploaded.ExpectAsync(HttpStatusCode.OK);
        var upload = await uploaded.JsonAsync();
        var mapping = new JsonObject();
        foreach (var header in upload["headers"]!.AsArray())
        {
            mapping[header!.GetValue<string>()] = header.GetValue<string>();
        }
        var started = await client.PostJsonAsync("/api/v1/imports", new
        {
            entity = "accounts",
            storedFile = upload.Str("storedFile"),
            fileName,
            mapping,
        });
        await started.ExpectAsync(HttpStatusCode.Accepted);
        var job = await started.JsonAsync();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (job.Str("status") is "pending" or "running" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            job = await client.GetJsonAsync("/api/v1/imports/" + job.Id());
        }
        Assert.Equal("completed", job.Str("status"));
        return job;
    }

    private async Task<List<string>> SnapshotAsync(ExportSeed seed)
    {
        await using var db = App.OpenDb();
        var accounts = await db.Accounts.AsNoTracking().Where(a => a.Id == seed.ParentId || a.Id == seed.AccountId).OrderBy(a => a.Id).ToListAsync();
        return [.. accounts.Select(a => string.Join("|", a.Id, a.ExternalId, a.Name, a.Type, a.Status, a.Industry, a.Country, a.City, a.Website, a.Employees,
            a.OwnerId, a.ParentId, a.Notes, a.Version))];
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("xlsx")]
    public async Task ExportedAccounts_ImportBack_AsTheSameRecords_Unchanged(string format)
    {
        var seed = await ExportSeed.CreateAsync(App);
        using var rep = App.Client(seed.Rep);
        var before = await SnapshotAsync(seed);
        var export = await rep.GetAsync("/api/v1/exports/accounts?format=" + format + "&q=" + seed.Tag);
        await export.ExpectAsync(HttpStatusCode.OK);
        var file = await export.Content.ReadAsByteArrayAsync();

        var first = await ImportAsync(rep, file, "accounts." + format);
        var second = await ImportAsync(rep, file, "accounts." + format);

        foreach (var job in new[] { first, second })
        {
            Assert.Equal(0, job["createdRows"]!.GetValue<int>());
            Assert.Equal(0, job["errorRows"]!.GetValue<int>());
            Assert.Equal(2, job["unchangedRows"]!.GetValue<int>());
        }
        Assert.Equal(before, await SnapshotAsync(seed));
    }
}
