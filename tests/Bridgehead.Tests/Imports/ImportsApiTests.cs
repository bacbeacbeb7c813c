using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Bridgehead.Accounts;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Imports;
using Bridgehead.Tabular;
using Bridgehead.Tests.Infrastructure;
using Bridgehead.Tests.Pursuits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bridgehead.Tests.Imports;

public sealed class ImportsApiTests_Sqlite() : ImportsApiTests(Provider.Sqlite);

public sealed class ImportsApiTests_Postgres() : ImportsApiTests(Provider.Postgres);

/// <summary>The import engine through the API and in-process: counts, re-imports, row problems and their report, visibility, crash and resume, cancellation, claims.</summary>
public abstract class ImportsApiTests(Provider provider) : AppTests(provider)
{
    private const string Header = "externalId,name,country,employees,parentExternalId";

    private static string Prefix() => "imp-" + Guid.NewGuid().ToString("N")[..10];

    private static string Csv(string header, IEnumerable<string> lines) => header + "\r\n" + string.Join("\r\n", lines) + "\r\n";

    private static IEnumerable<string> Rows(string prefix, int count, int from = 0) =>
        Enumerable.Range(from, count).Select(i => $"{prefix}-{i},{prefix} Company {i},KR,{i},");

    private static Dictionary<string, string> Identity(string header) => header.Split(',').ToDictionary(h => h, h => h);

    private static async Task<JsonNode> UploadAsync(HttpClient client, string csv, string name = "accounts.csv")
    {
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", name);
        var response = await client.PostAsync("/api/v1/imports/files", content);
        await response.ExpectAsync(HttpStatusCode.OK);
        return await response.JsonAsync();
    }

    private static async Task<HttpResponseMessage> StartAsync(HttpClient client, JsonNode upload, IDictionary<string, string> mapping, string entity = "accounts") =>
        await client.PostJsonAsync("/api/v1/imports", new { entity, storedFile = upload.Str("storedFile"), fileName = upload.Str("fileName"), mapping });

    private static async Task<JsonNode> WaitAsync(HttpClient client, long id)
    {
        var until = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var job = await client.GetJsonAsync($"/api/v1/imports/{id}");
            if (job.Str("status") is "completed" or "failed" or "cancelled" || DateTime.UtcNow > until)
            {
                return job;
            }
            await Task.Delay(100);
        }
    }

    private static async Task<JsonNode> ImportAsync(HttpClient client, string csv, string header = Header)
    {
        var upload = await UploadAsync(client, csv);
        var started = await StartAsync(client, upload, Identity(header));
        await started.ExpectAsync(HttpStatusCode.Accepted);
        var job = await started.JsonAsync();
        Assert.Equal($"/api/v1/imports/{job.Id()}", started.Headers.Location!.OriginalString);
        var done = await WaitAsync(client, job.Id());
        Assert.Equal("completed", done.Str("status"));
        return done;
    }

    private static int Int(JsonNode job, string field) => job[field]!.GetValue<int>();

    private async Task<List<Account>> AccountsAsync(string prefix)
    {
        await using var db = App.OpenDb();
        return await db.Accounts.AsNoTracking().Where(a => a.ExternalId!.StartsWith(prefix)).OrderBy(a => a.Id).ToListAsync();
    }

    private ImportFolder Folder => App.Web.Services.GetRequiredService<ImportFolder>();

    private ImportRunner Runner(TimeProvider? clock = null, int batch = 50, int? crashAfter = null, Action<ImportJobDto>? progress = null) =>
        new(Database.Options(App.ConnectionString), Folder, clock) { BatchSize = batch, CrashAfterBatches = crashAfter, Progress = progress };

    /// <summary>A job created in-process and not handed to the web app's worker, so the test runs it itself.</summary>
    private async Task<long> PendingJobAsync(TestUser user, string csv, string header = Header)
    {
        await using var db = App.OpenDb(new Viewer(user.Id, user.Role, user.TeamId, user.UserName));
        ImportUpload upload;
        using (var content = new MemoryStream(Encoding.UTF8.GetBytes(csv)))
        {
            upload = await new UploadImportFile(db, Folder).HandleAsync("in-process.csv", content, CancellationToken.None);
        }
        var job = await new StartImport(db, Folder).CreateAsync(new StartImportInput(ImportEntity.Accounts, upload.StoredFile, upload.FileName, Identity(header)), CancellationToken.None);
        return job.Id;
    }

    private async Task<ImportJob> JobAsync(long id)
    {
        await using var db = App.OpenDb();
        return await db.ImportJobs.AsNoTracking().FirstAsync(j => j.Id == id);
    }

    [Fact]
    public async Task Import_CreatesRecords_ReimportChangesNothing_AChangedRowUpdates()
    {
        var me = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var rep = App.Client(me);
        var prefix = Prefix();
        var csv = Csv(Header, Rows(prefix, 30));

        var first = await ImportAsync(rep, csv);
        var again = await ImportAsync(rep, csv);
        var changed = await ImportAsync(rep, Csv(Header, Rows(prefix, 30).Select((l, i) => i == 7 ? l.Replace(",KR,", ",DE,", StringComparison.Ordinal) : l)));

        Assert.Equal((30, 0, 0, 0, 30, 100), (Int(first, "createdRows"), Int(first, "updatedRows"), Int(first, "unchangedRows"), Int(first, "errorRows"), Int(first, "totalRows"), Int(first, "percent")));
        Assert.Equal((0, 0, 30), (Int(again, "createdRows"), Int(again, "updatedRows"), Int(again, "unchangedRows")));
        Assert.Equal((0, 1, 29), (Int(changed, "createdRows"), Int(changed, "updatedRows"), Int(changed, "unchangedRows")));
        var accounts = await AccountsAsync(prefix);
        Assert.Equal(30, accounts.Count);
        Assert.All(accounts, a => Assert.Equal(me.Id, a.OwnerId));
        Assert.Equal("DE", accounts.Single(a => a.ExternalId == prefix + "-7").Country);
        Assert.Equal(Common.Text.SearchKey(prefix + " Company 3"), accounts.Single(a => a.ExternalId == prefix + "-3").SearchName);

        // Each new record has its "created" entry in the history, under its account.
        var history = await rep.GetJsonAsync($"/api/v1/accounts/{accounts[0].Id}/history");
        Assert.Contains("created", history.ToJsonString(), StringComparison.Ordinal);
        // The stored file is gone once the job completed.
        Assert.Null(UploadImportFile.PathOf(Folder, (await JobAsync(first.Id())).StoredFile));
        // The job list holds them, newest first.
        var list = await rep.GetJsonAsync("/api/v1/imports");
        Assert.Equal([changed.Id(), again.Id(), first.Id()], list["items"]!.AsArray().Take(3).Select(j => j!.Id()));
    }

    [Fact]
    public async Task Rows_MatchById_AndByExternalId_AndAParentOfTheSameBatch()
    {
        var me = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var rep = App.Client(me);
        var prefix = Prefix();
        var existing = await rep.CreateAsync("/api/v1/accounts", new { name = prefix + " Existing" });

        var header = "id,externalId,name,parentExternalId";
        var done = await ImportAsync(rep, Csv(header, [
            $"{existing.Id()},{prefix}-x,{prefix} Renamed,",
            $",{prefix}-parent,{prefix} Parent,",
            $",{prefix}-child,{prefix} Child,{prefix}-parent",
        ]), header);

        Assert.Equal((2, 1, 0), (Int(done, "createdRows"), Int(done, "updatedRows"), Int(done, "errorRows")));
        var accounts = await AccountsAsync(prefix);
        Assert.Equal(prefix + " Renamed", accounts.Single(a => a.Id == existing.Id()).Name);
        var parent = accounts.Single(a => a.ExternalId == prefix + "-parent");
        Assert.Equal(parent.Id, accounts.Single(a => a.ExternalId == prefix + "-child").ParentId);
    }

    [Fact]
    public async Task RowProblems_AreNamedByField_AndTheReportIsForTheStarterAndAdminsOnly()
    {
        var me = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var rep = App.Client(me);
        using var otherRep = App.Client(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        var prefix = Prefix();

        var done = await ImportAsync(rep, Csv(Header, [
            $"{prefix}-ok,{prefix} Fine,KR,10,",
            $"{prefix}-1,{prefix} Bad country,XX,10,",
            $"{prefix}-2,,KR,10,",
            $"{prefix}-3,{prefix} Bad size,KR,lots,",
            $"{prefix}-4,{prefix} No parent,KR,1,{prefix}-nowhere",
        ]));

        Assert.Equal((1, 4), (Int(done, "createdRows"), Int(done, "errorRows")));
        Assert.Single(await AccountsAsync(prefix));
        var csv = await rep.GetAsync($"/api/v1/imports/{done.Id()}/errors?format=csv");
        await csv.ExpectAsync(HttpStatusCode.OK);
        var text = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Header + ",row,error", lines[0]);
        Assert.Equal(5, lines.Length);
        Assert.StartsWith($"{prefix}-1,{prefix} Bad country,XX,10,,2,Country: ", lines[1], StringComparison.Ordinal);
        Assert.Contains(",3,Name: ", lines[2], StringComparison.Ordinal);
        Assert.Contains(",4,Employees: ", lines[3], StringComparison.Ordinal);
        Assert.Contains(",5,Parent company (external id): ", lines[4], StringComparison.Ordinal);

        var xlsx = await admin.GetAsync($"/api/v1/imports/{done.Id()}/errors?format=xlsx");
        await xlsx.ExpectAsync(HttpStatusCode.OK);
        using (var reader = TabularReader.Open(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()), TabularFormat.Xlsx))
        {
            Assert.Equal([.. Header.Split(','), "row", "error"], reader.Headers);
            Assert.Equal(4, reader.Rows().Count());
        }
        await (await otherRep.GetAsync($"/api/v1/imports/{done.Id()}/errors")).ExpectAsync(HttpStatusCode.NotFound);
        await (await otherRep.GetAsync($"/api/v1/imports/{done.Id()}")).ExpectAsync(HttpStatusCode.NotFound);
        await (await otherRep.PostJsonAsync($"/api/v1/imports/{done.Id()}/cancel", new { })).ExpectAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain(done.Id(), (await otherRep.GetJsonAsync("/api/v1/imports"))["items"]!.AsArray().Select(j => j!.Id()));
        await (await rep.GetAsync($"/api/v1/imports/{done.Id()}/errors?format=pdf")).ExpectAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ARep_CannotReachAnotherTeamsAccount_ByIdOrExternalId_AndTheErrorNamesNothing()
    {
        var me = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var rep = App.Client(me);
        using var other = App.Client(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        var prefix = Prefix();
        var secretName = prefix + " Secret Customer";
        var theirs = await other.CreateAsync("/api/v1/accounts", new { name = secretName });
        await using (var db = App.OpenDb())
        {
            await db.Accounts.Where(a => a.Id == theirs.Id()).ExecuteUpdateAsync(s => s.SetProperty(a => a.ExternalId, prefix + "-theirs"));
        }

        var header = "id,externalId,name";
        var done = await ImportAsync(rep, Csv(header, [$"{theirs.Id()},,Taken over", $",{prefix}-theirs,Taken over"]), header);

        Assert.Equal((0, 0, 2), (Int(done, "createdRows"), Int(done, "updatedRows"), Int(done, "errorRows")));
        var text = Encoding.UTF8.GetString(await (await rep.GetAsync($"/api/v1/imports/{done.Id()}/errors")).Content.ReadAsByteArrayAsync());
        Assert.DoesNotContain(secretName, text, StringComparison.Ordinal);
        Assert.Contains(",1,Bridgehead id: ", text, StringComparison.Ordinal);
        Assert.Contains(",2,External id: ", text, StringComparison.Ordinal);
        var account = (await AccountsAsync(prefix)).Single();
        Assert.Equal(secretName, account.Name);
    }

    [Fact]
    public async Task OnlySalesWriters_Import_AndTheMappingIsChecked()
    {
        var me = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var rep = App.Client(me);
        var upload = await UploadAsync(rep, Csv(Header, Rows(Prefix(), 2)));
        foreach (var role in new[] { Role.Viewer, Role.Quality, Role.Product })
        {
            using var client = App.Client(await App.CreateUserAsync(role));
            await (await StartAsync(client, upload, Identity(Header))).ExpectAsync(HttpStatusCode.Forbidden);
            await (await client.GetAsync("/api/v1/imports")).ExpectAsync(HttpStatusCode.Forbidden);
            using var content = new MultipartFormDataContent { { new StringContent("a,b"), "file", "x.csv" } };
            await (await client.PostAsync("/api/v1/imports/files", content)).ExpectAsync(HttpStatusCode.Forbidden);
        }
        await (await App.Client().GetAsync("/api/v1/imports")).ExpectAsync(HttpStatusCode.Unauthorized);

        var badMapping = await StartAsync(rep, upload, new Dictionary<string, string> { ["nope"] = "name", ["country"] = "shoeSize", ["externalId"] = "country" });
        await badMapping.ExpectAsync(HttpStatusCode.UnprocessableEntity);
        var messages = (await badMapping.ErrorsAsync())["mapping"]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
        Assert.Contains(messages, m => m.Contains("\"nope\"", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("\"shoeSize\"", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("Name", StringComparison.Ordinal));
        var twice = await StartAsync(rep, upload, new Dictionary<string, string> { ["name"] = "name", ["externalId"] = "name" });
        Assert.True((await twice.ErrorsAsync()).ContainsKey("mapping"));
        var noFile = await rep.PostJsonAsync("/api/v1/imports", new { entity = "accounts", storedFile = "nope.csv", mapping = new { name = "name" } });
        Assert.True((await noFile.ErrorsAsync()).ContainsKey("storedFile"));
        var noEntity = await rep.PostJsonAsync("/api/v1/imports", new { storedFile = upload.Str("storedFile"), mapping = new { name = "name" } });
        Assert.True((await noEntity.ErrorsAsync()).ContainsKey("entity"));
        using var wrongType = new MultipartFormDataContent { { new StringContent("a,b"), "file", "x.pdf" } };
        var refused = await rep.PostAsync("/api/v1/imports/files", wrongType);
        Assert.True((await refused.ErrorsAsync()).ContainsKey("file"));

        var fields = await rep.GetJsonAsync("/api/v1/imports/fields/accounts");
        Assert.Contains(fields["items"]!.AsArray(), f => f.Str("key") == "name" && f!["required"]!.GetValue<bool>() && f.Str("label") == "Name");
        await (await rep.GetAsync("/api/v1/imports/fields/planets")).ExpectAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task XlsxWithANumberBeyondDecimal_Previews_AndImportsTheOtherRowsWithARowProblem()
    {
        // 1e30 is a valid spreadsheet number but larger than decimal: it must read as text (a row
        // problem at import), not throw an OverflowException (a 500 on upload, a failed job).
        var prefix = Prefix();
        using var sheet = new MemoryStream();
        await MiniExcelLibs.MiniExcel.SaveAsAsync(sheet, new[]
        {
            new Dictionary<string, object> { ["externalId"] = prefix + "-big", ["name"] = prefix + " Big", ["employees"] = 1e30 },
            new Dictionary<string, object> { ["externalId"] = prefix + "-ok", ["name"] = prefix + " Ok", ["employees"] = 12d },
        });
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(sheet.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        content.Add(file, "file", "big.xlsx");
        var response = await rep.PostAsync("/api/v1/imports/files", content);
        await response.ExpectAsync(HttpStatusCode.OK);
        var upload = await response.JsonAsync();
        Assert.Equal(2, upload["sample"]!.AsArray().Count);

        var started = await StartAsync(rep, upload, new Dictionary<string, string> { ["externalId"] = "externalId", ["name"] = "name", ["employees"] = "employees" });
        await started.ExpectAsync(HttpStatusCode.Accepted);
        var job = await WaitAsync(rep, (await started.JsonAsync())["id"]!.GetValue<long>());
        Assert.Equal("completed", job.Str("status"));
        Assert.Equal(1, job["createdRows"]!.GetValue<int>());
        Assert.Equal(1, job["errorRows"]!.GetValue<int>());
    }

    [Fact]
    public async Task AnUploadedFile_IsItsUploaders_AnotherRepCanNeitherImportNorPreviewIt()
    {
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        using var other = App.Client(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        var upload = await UploadAsync(rep, Header + "\r\n" + "mine-" + Guid.NewGuid().ToString("N") + ",Mine One,KR,5,\r\n");
        var mapping = new Dictionary<string, string> { ["externalId"] = "externalId", ["name"] = "name" };

        var stolen = await StartAsync(other, upload, mapping);
        var own = await StartAsync(rep, upload, mapping);

        await stolen.ExpectAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True((await stolen.ErrorsAsync()).ContainsKey("storedFile"));
        await own.ExpectAsync(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task CookieUpload_WithoutTheAntiforgeryToken_IsRefused()
    {
        var me = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var browser = await App.SignInAsync(me);
        using var content = new MultipartFormDataContent { { new StringContent("name\r\nForged\r\n"), "file", "forged.csv" } };
        var response = await browser.Http.PostAsync("/api/v1/imports/files", content);
        await response.ExpectAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task FormulaLookingCells_ImportAsText_AndTheReportNeutralisesThemAgain()
    {
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        var prefix = Prefix();
        // As an export writes them: neutralised with an apostrophe.
        var done = await ImportAsync(rep, Csv(Header, [$"{prefix}-f,'=1+2,KR,1,", $"{prefix}-g,'@SUM(A1),ZZ,1,"]));

        Assert.Equal("=1+2", (await AccountsAsync(prefix)).Single().Name);
        var text = Encoding.UTF8.GetString(await (await rep.GetAsync($"/api/v1/imports/{done.Id()}/errors")).Content.ReadAsByteArrayAsync());
        Assert.Contains(",'@SUM(A1),ZZ,", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARunKilledAfterSomeBatches_ResumesFromItsCheckpoint_WithoutDuplicates()
    {
        var me = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var prefix = Prefix();
        var id = await PendingJobAsync(me, Csv(Header, Rows(prefix, 230)));
        var seen = new List<int>();

        await Assert.ThrowsAsync<ImportCrashedException>(() => Runner(crashAfter: 2, progress: j => seen.Add(j.ProcessedRows)).RunAsync(id, CancellationToken.None));
        var crashed = await JobAsync(id);
        // Still "running" with a fresh heartbeat: nobody else takes it over yet.
        Assert.Equal((ImportStatus.Running, 100, 100), (crashed.Status, crashed.ProcessedRows, crashed.CreatedRows));
        Assert.Null(await Runner().RunAsync(id, CancellationToken.None));

        var later = new ShiftedClock(ImportRunner.StaleAfter + TimeSpan.FromSeconds(5));
        Assert.Equal(ImportStatus.Completed, await Runner(later, progress: j => seen.Add(j.ProcessedRows)).RunAsync(id, CancellationToken.None));

        var done = await JobAsync(id);
        Assert.Equal((230, 230, 230, 0), (done.TotalRows, done.ProcessedRows, done.CreatedRows, done.ErrorRows));
        Assert.Equal([50, 100, 150, 200, 230], seen);
        var accounts = await AccountsAsync(prefix);
        Assert.Equal(230, accounts.Count);
        Assert.Equal(230, accounts.Select(a => a.ExternalId).Distinct().Count());
    }

    [Fact]
    public async Task TwoWorkers_NeverRunOneJob()
    {
        var me = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var id = await PendingJobAsync(me, Csv(Header, Rows(Prefix(), 3)));

        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Runner().ClaimAsync(id, takeOver: false, CancellationToken.None)));

        Assert.Single(claims, c => c is not null);
        Assert.Null(await Runner().RunAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task Cancelling_StopsARunAfterItsBatch_AndAPendingJobAtOnce()
    {
        var me = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var rep = App.Client(me);
        var prefix = Prefix();
        var running = await PendingJobAsync(me, Csv(Header, Rows(prefix, 200)));
        var pending = await PendingJobAsync(me, Csv(Header, Rows(Prefix(), 5)));

        var cancelled = await rep.PostJsonAsync($"/api/v1/imports/{pending}/cancel", new { });
        await cancelled.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("cancelled", (await cancelled.JsonAsync()).Str("status"));
        await (await rep.PostJsonAsync($"/api/v1/imports/{pending}/cancel", new { })).ExpectAsync(HttpStatusCode.Conflict);
        Assert.Null(await Runner().RunAsync(pending, CancellationToken.None));

        var status = await Runner(progress: j =>
        {
            if (j.ProcessedRows == 50)
            {
                rep.PostJsonAsync($"/api/v1/imports/{running}/cancel", new { }).GetAwaiter().GetResult().EnsureSuccessStatusCode();
            }
        }).RunAsync(running, CancellationToken.None);

        Assert.Equal(ImportStatus.Cancelled, status);
        var job = await JobAsync(running);
        Assert.Equal((50, 50), (job.ProcessedRows, job.CreatedRows));
        Assert.Equal(50, (await AccountsAsync(prefix)).Count);
    }

    [Fact]
    public async Task Owners_ByEmail_FollowTheOwnerRules_OfTheImportersRole()
    {
        var team = TestApp.NewTeam();
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var member = await App.CreateUserAsync(Role.Rep, team);
        var stranger = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        await using (var db = App.OpenDb())
        {
            foreach (var u in new[] { manager, member, stranger })
            {
                await db.Users.Where(x => x.Id == u.Id).ExecuteUpdateAsync(x => x.SetProperty(y => y.Email, u.UserName + "@Example.com"));
            }
        }
        var prefix = Prefix();
        var header = "externalId,name,owner";

        using var asManager = App.Client(manager);
        var byManager = await ImportAsync(asManager, Csv(header, [
            $"{prefix}-m1,{prefix} Team,{member.UserName}@example.com",
            $"{prefix}-m2,{prefix} Stranger,{stranger.UserName}@example.com",
            $"{prefix}-m3,{prefix} Nobody,nobody@example.com",
        ]), header);
        using var asMember = App.Client(member);
        var byRep = await ImportAsync(asMember, Csv(header, [$"{prefix}-r1,{prefix} Mine,{member.UserName}@example.com", $"{prefix}-r2,{prefix} Theirs,{stranger.UserName}@example.com"]), header);

        Assert.Equal((1, 2), (Int(byManager, "createdRows"), Int(byManager, "errorRows")));
        Assert.Equal((1, 1), (Int(byRep, "createdRows"), Int(byRep, "errorRows")));
        var accounts = await AccountsAsync(prefix);
        Assert.Equal(member.Id, accounts.Single(a => a.ExternalId == prefix + "-m1").OwnerId);
        Assert.Equal(member.Id, accounts.Single(a => a.ExternalId == prefix + "-r1").OwnerId);
        var errors = await asManager.GetJsonAsync($"/api/v1/imports/{byManager.Id()}");
        Assert.Equal("completed", errors.Str("status"));
        var report = Encoding.UTF8.GetString(await (await asManager.GetAsync($"/api/v1/imports/{byManager.Id()}/errors")).Content.ReadAsByteArrayAsync());
        Assert.Contains(",2,Owner (e-mail): ", report, StringComparison.Ordinal);
        Assert.Contains(",3,Owner (e-mail): ", report, StringComparison.Ordinal);
    }

    /// <summary>The system clock moved forward, as another instance sees a job whose worker died.</summary>
    private sealed class ShiftedClock(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + by;
    }
}
