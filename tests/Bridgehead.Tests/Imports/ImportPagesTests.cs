using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Bridgehead.Identity;
using Bridgehead.Imports;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Imports;

public sealed class ImportPagesTests_Sqlite() : ImportPagesTests(Provider.Sqlite);

public sealed class ImportPagesTests_Postgres() : ImportPagesTests(Provider.Postgres);

/// <summary>
/// /imports, /imports/new, /imports/map and /imports/{id}: upload, preview, column mapping with
/// presets and saved mappings, and the import's own page. The tests marked "engine" need the
/// import engine's StartImport/GetImportJob/ListImportJobs (stubs on this branch).
/// </summary>
public abstract partial class ImportPagesTests(Provider provider) : AppTests(provider)
{
    private const string SalesforceAccounts = "Account ID,Account Name,Industry,Billing Country,Website,Favourite colour\r\n";

    private static string SalesforceFile(int rows)
    {
        var b = new StringBuilder(SalesforceAccounts);
        for (var i = 1; i <= rows; i++)
        {
            b.Append($"001A{i:D4},Row company {i},Manufacturing,KR,https://row{i}.example,blue\r\n");
        }
        return b.ToString();
    }

    private static MultipartFormDataContent UploadForm(string token, string entity, string fileName, byte[] content)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(entity), "Form.Entity" },
        };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "Form.File", fileName);
        return form;
    }

    /// <summary>Uploads a file through /imports/new and returns the mapping step's address.</summary>
    private static async Task<string> UploadAsync(BrowserClient browser, string entity, string csv, string fileName = "export.csv")
    {
        var page = await browser.GetFormAsync("/imports/new");
        var response = await browser.Http.PostAsync("/imports/new", UploadForm(page.Token, entity, fileName, Encoding.UTF8.GetBytes(csv)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/imports/map?file=", location, StringComparison.Ordinal);
        return location;
    }

    /// <summary>The field key selected for column <paramref name="index"/> on the mapping page ("" for "do not import").</summary>
    private static string Selected(string html, int index)
    {
        var start = html.IndexOf($"<select id=\"Form_Fields_{index}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"No select for column {index}.");
        var select = html[start..html.IndexOf("</select>", start, StringComparison.Ordinal)];
        var option = SelectedOption().Match(select);
        Assert.True(option.Success, $"Nothing selected for column {index}.");
        return option.Groups[1].Value;
    }

    [GeneratedRegex("<option value=\"([^\"]*)\" selected=\"selected\"")]
    private static partial Regex SelectedOption();

    private static Dictionary<string, string> MapFields(string token, string location, params string[] fields)
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri("http://x" + location).Query);
        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Form.File"] = query["file"].ToString(),
            ["Form.Name"] = query["name"].ToString(),
            ["Form.Entity"] = query["entity"].ToString(),
        };
        for (var i = 0; i < fields.Length; i++)
        {
            form[$"Form.Fields[{i}]"] = fields[i];
        }
        return form;
    }

    [Fact]
    public async Task NewPage_OffersOnlyWhatTheRoleMayImport_AndTheNavLinksToIt()
    {
        using var rep = await App.SignInAsync(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        using var manager = await App.SignInAsync(await App.CreateUserAsync(Role.Manager, TestApp.NewTeam()));

        var repPage = await rep.GetFormAsync("/imports/new");
        var managerPage = await manager.GetFormAsync("/imports/new");

        Assert.Equal(HttpStatusCode.OK, repPage.Status);
        Assert.Contains("href=\"/imports\"", repPage.Html, StringComparison.Ordinal);
        Assert.Contains("enctype=\"multipart/form-data\"", repPage.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", repPage.Html, StringComparison.Ordinal);
        foreach (var kind in new[] { "Accounts", "Contacts", "Opportunities", "Orders" })
        {
            Assert.Contains($"value=\"{kind}\"", repPage.Html, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("value=\"Products\"", repPage.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"Products\"", managerPage.Html, StringComparison.Ordinal);

        using var korean = await App.SignInAsync(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()), "ko");
        var ko = await korean.GetFormAsync("/imports/new");
        Assert.Contains("새 가져오기", ko.Html, StringComparison.Ordinal);
        Assert.Contains("거래처", ko.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Role.Viewer)]
    [InlineData(Role.Quality)]
    [InlineData(Role.Product)]
    public async Task OtherRoles_Get403_AndNoNavLink(Role role)
    {
        using var browser = await App.SignInAsync(await App.CreateUserAsync(role));

        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/imports")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/imports/new")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/imports/map?file=x.csv&name=x.csv&entity=accounts")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/imports/1")).Status);
        var home = await browser.GetFormAsync("/");
        Assert.DoesNotContain("href=\"/imports\"", home.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_OfAWrongTypeAnEmptyFileOrNoFile_IsRefusedOnTheField()
    {
        using var rep = await App.SignInAsync(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        var page = await rep.GetFormAsync("/imports/new");

        var pdf = await rep.Http.PostAsync("/imports/new", UploadForm(page.Token, "Accounts", "accounts.pdf", Encoding.UTF8.GetBytes("%PDF-1.7")));
        var empty = await rep.Http.PostAsync("/imports/new", UploadForm(page.Token, "Accounts", "accounts.csv", []));
        var headerless = await rep.Http.PostAsync("/imports/new", UploadForm(page.Token, "Accounts", "accounts.csv", Encoding.UTF8.GetBytes("\r\n")));
        var products = await rep.Http.PostAsync("/imports/new", UploadForm(page.Token, "Products", "products.csv", Encoding.UTF8.GetBytes("sku,name\r\nA,B\r\n")));
        var none = await rep.Http.PostAsync("/imports/new", new MultipartFormDataContent { { new StringContent(page.Token), "__RequestVerificationToken" }, { new StringContent("Accounts"), "Form.Entity" } });

        var pdfHtml = await pdf.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Matches("id=\"Form_File-error\">Upload a .csv or .xlsx file.<", pdfHtml);
        Assert.Contains("aria-invalid=\"true\"", pdfHtml, StringComparison.Ordinal);
        Assert.Matches("id=\"Form_File-error\">The file is empty.<", await empty.Content.ReadAsStringAsync());
        Assert.Matches("id=\"Form_File-error\">[^<]+<", await headerless.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, headerless.StatusCode);
        Assert.Contains("Your role may not import this.", await products.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, products.StatusCode);
        Assert.Matches("id=\"Form_File-error\">Choose a file to upload.<", await none.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Upload_LeadsToThePreview_FilledByTheDetectedPreset()
    {
        using var rep = await App.SignInAsync(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));

        var location = await UploadAsync(rep, "Accounts", SalesforceFile(25), "sf-accounts.csv");
        var (status, html) = await rep.GetAsync(location);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
        Assert.Contains("sf-accounts.csv", html, StringComparison.Ordinal);
        Assert.Contains("Row company 20<", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Row company 21<", html, StringComparison.Ordinal);
        Assert.Contains("Filled from the Salesforce preset.", html, StringComparison.Ordinal);
        Assert.Equal("externalId", Selected(html, 0));
        Assert.Equal("name", Selected(html, 1));
        Assert.Equal("industry", Selected(html, 2));
        Assert.Equal("country", Selected(html, 3));
        Assert.Equal("website", Selected(html, 4));
        Assert.Equal("", Selected(html, 5));
        Assert.Contains("Every required field has a column.", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"salesforce\" selected=\"selected\"", html, StringComparison.Ordinal);
        Assert.Contains("/js/imports.js", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePresetSelect_RefillsTheColumns()
    {
        using var rep = await App.SignInAsync(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        var location = await UploadAsync(rep, "Accounts", SalesforceFile(2));

        var (_, none) = await rep.GetAsync(location + "&preset=none");
        var (_, chosen) = await rep.GetAsync(location + "&preset=salesforce");

        Assert.Equal("", Selected(none, 0));
        Assert.Equal("", Selected(none, 1));
        Assert.Equal("industry", Selected(none, 2));
        Assert.Contains("data-missing=\"name\"", none, StringComparison.Ordinal);
        Assert.Contains("Filled from Bridgehead field names and labels.", none, StringComparison.Ordinal);
        Assert.Equal("externalId", Selected(chosen, 0));
        Assert.Equal("name", Selected(chosen, 1));
    }

    [Fact]
    public async Task SaveThisMapping_StoresIt_AndChoosingItRefillsTheColumns()
    {
        var me = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var rep = await App.SignInAsync(me);
        var location = await UploadAsync(rep, "Accounts", SalesforceFile(2));
        var page = await rep.GetFormAsync(location);
        Assert.DoesNotContain("Form.SaveShared", page.Html, StringComparison.Ordinal);
        var name = "My SF accounts " + Guid.NewGuid().ToString("N")[..6];
        var fields = MapFields(page.Token, location, "externalId", "name", "", "country", "", "notes");
        fields["Form.SaveName"] = name;

        var saved = await rep.Http.PostAsync("/imports/map?handler=save", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        await using (var db = App.OpenDb())
        {
            var stored = await db.ImportMappings.AsNoTracking().SingleAsync(m => m.Name == name);
            Assert.Equal(me.Id, stored.CreatedById);
            Assert.Equal(ImportEntity.Accounts, stored.Entity);
            Assert.False(stored.IsShared);
            Assert.Equal(["Account ID", "Account Name", "Billing Country", "Favourite colour"], ImportMappingRules.Parse(stored.Columns).Keys.Order());
            Assert.Contains($"mapping={stored.Id}", saved.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
        var (_, html) = await rep.GetAsync(saved.Headers.Location!.OriginalString);
        Assert.Contains($"Filled from the saved mapping \"{name}\".", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Equal("externalId", Selected(html, 0));
        Assert.Equal("", Selected(html, 2));
        Assert.Equal("notes", Selected(html, 5));

        var again = await rep.Http.PostAsync("/imports/map?handler=save", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already have a mapping named", WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        fields["Form.SaveName"] = "";
        var unnamed = await rep.Http.PostAsync("/imports/map?handler=save", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.OK, unnamed.StatusCode);
        var unnamedHtml = await unnamed.Content.ReadAsStringAsync();
        Assert.Contains("href=\"#Form_SaveName\"", unnamedHtml, StringComparison.Ordinal);
        Assert.Contains("This field is required.", unnamedHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AManagersSharedMapping_IsOfferedToOthers_ButAPrivateOneIsNot()
    {
        using var manager = await App.SignInAsync(await App.CreateUserAsync(Role.Manager, TestApp.NewTeam()));
        using var rep = await App.SignInAsync(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        var location = await UploadAsync(manager, "Accounts", SalesforceFile(1));
        var page = await manager.GetFormAsync(location);
        Assert.Contains("Form.SaveShared", page.Html, StringComparison.Ordinal);
        var shared = "Team SF " + Guid.NewGuid().ToString("N")[..6];
        var personal = "Private SF " + Guid.NewGuid().ToString("N")[..6];
        var fields = MapFields(page.Token, location, "externalId", "name");
        fields["Form.SaveName"] = shared;
        fields["Form.SaveShared"] = "true";
        Assert.Equal(HttpStatusCode.Redirect, (await manager.Http.PostAsync("/imports/map?handler=save", new FormUrlEncodedContent(fields))).StatusCode);
        fields["Form.SaveName"] = personal;
        fields["Form.SaveShared"] = "false";
        Assert.Equal(HttpStatusCode.Redirect, (await manager.Http.PostAsync("/imports/map?handler=save", new FormUrlEncodedContent(fields))).StatusCode);

        var repLocation = await UploadAsync(rep, "Accounts", SalesforceFile(1));
        var (_, html) = await rep.GetAsync(repLocation);

        Assert.Contains(shared, html, StringComparison.Ordinal);
        Assert.DoesNotContain(personal, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartImport_WithOneFieldFromTwoColumns_IsRefusedOnThePage()
    {
        using var rep = await App.SignInAsync(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        var location = await UploadAsync(rep, "Accounts", SalesforceFile(1));
        var page = await rep.GetFormAsync(location);

        var response = await rep.Http.PostAsync("/imports/map", new FormUrlEncodedContent(MapFields(page.Token, location, "name", "name")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Each field can be filled by one column only: name.", html, StringComparison.Ordinal);
        Assert.Equal("name", Selected(html, 0));
        Assert.Equal("name", Selected(html, 1));
    }

    [Fact]
    public async Task MapPage_OfAKindTheRoleMayNotImport_OrAMissingFile_IsRefused()
    {
        using var rep = await App.SignInAsync(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        var location = await UploadAsync(rep, "Accounts", SalesforceFile(1));

        Assert.Equal(HttpStatusCode.Forbidden, (await rep.GetAsync(location.Replace("entity=accounts", "entity=products", StringComparison.Ordinal))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await rep.GetAsync("/imports/map?file=00000000000000000000000000000000.csv&name=x.csv&entity=accounts")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await rep.GetAsync("/imports/map?file=../../etc/passwd&name=x&entity=accounts")).Status);
    }

    // ---- engine: these need the import engine's StartImport, GetImportJob and ListImportJobs ----

    [Fact]
    public async Task StartImport_GoesToTheImportsPage_WithItsProgress()
    {
        using var rep = await App.SignInAsync(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        var fileName = $"start-{Guid.NewGuid():N}.csv";
        var location = await UploadAsync(rep, "Accounts", SalesforceFile(3), fileName);
        var page = await rep.GetFormAsync(location);

        var started = await rep.Http.PostAsync("/imports/map", new FormUrlEncodedContent(MapFields(page.Token, location, "externalId", "name", "", "country", "website", "")));

        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var jobPath = started.Headers.Location!.OriginalString;
        Assert.Matches("^/imports/[0-9]+$", jobPath);
        var (status, html) = await rep.GetAsync(jobPath);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<progress", html, StringComparison.Ordinal);
        Assert.Contains(fileName, html, StringComparison.Ordinal);
        Assert.Contains(fileName, (await rep.GetAsync("/imports")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnImportsPage_IsItsStartersAndAdmins_WithCountsErrorsAndCancel()
    {
        var me = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var rep = await App.SignInAsync(me);
        using var otherRep = await App.SignInAsync(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        using var admin = await App.SignInAsync(await App.CreateUserAsync(Role.Admin));
        var running = $"running-{Guid.NewGuid():N}.csv";
        var done = $"done-{Guid.NewGuid():N}.csv";
        long runningId, doneId;
        await using (var db = App.OpenDb())
        {
            var r = db.ImportJobs.Add(new ImportJob
            {
                Entity = ImportEntity.Accounts, Format = TabularFormat.Csv, FileName = running, StoredFile = Guid.NewGuid().ToString("N") + ".csv",
                Mapping = "{\"Account Name\":\"name\"}", Status = ImportStatus.Running, TotalRows = 1000, ProcessedRows = 250, CreatedRows = 240, ErrorRows = 10,
                CreatedById = me.Id, StartedAt = DateTime.UtcNow,
            }).Entity;
            var d = db.ImportJobs.Add(new ImportJob
            {
                Entity = ImportEntity.Contacts, Format = TabularFormat.Xlsx, FileName = done, StoredFile = Guid.NewGuid().ToString("N") + ".xlsx",
                Mapping = "{\"Full Name\":\"name\"}", Status = ImportStatus.Completed, TotalRows = 5, ProcessedRows = 5, UpdatedRows = 2, UnchangedRows = 1, ErrorRows = 2,
                CreatedById = me.Id, StartedAt = DateTime.UtcNow, FinishedAt = DateTime.UtcNow,
            }).Entity;
            await db.SaveChangesAsync();
            (runningId, doneId) = (r.Id, d.Id);
        }

        var (status, html) = await rep.GetAsync($"/imports/{runningId}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
        Assert.Contains("max=\"1000\" value=\"250\"", html, StringComparison.Ordinal);
        Assert.Contains("250 of 1,000 rows", html, StringComparison.Ordinal);
        Assert.Contains($"action=\"/api/v1/imports/{runningId}/cancel\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/imports/{runningId}\"", html, StringComparison.Ordinal);
        Assert.Contains($"/api/v1/imports/{runningId}/errors?format=csv", html, StringComparison.Ordinal);

        var (_, doneHtml) = await rep.GetAsync($"/imports/{doneId}");
        Assert.DoesNotContain("/cancel", doneHtml, StringComparison.Ordinal);
        Assert.Contains($"/api/v1/imports/{doneId}/errors?format=xlsx", doneHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("/js/imports.js", doneHtml, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await otherRep.GetAsync($"/imports/{runningId}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/imports/{runningId}")).Status);
        var mine = (await rep.GetAsync("/imports")).Html;
        Assert.Contains(running, mine, StringComparison.Ordinal);
        Assert.Contains(done, mine, StringComparison.Ordinal);
        Assert.DoesNotContain(running, (await otherRep.GetAsync("/imports")).Html, StringComparison.Ordinal);
        Assert.Contains(running, (await admin.GetAsync("/imports")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportsList_IsEmptyForANewUser_WithAWayToStart()
    {
        using var rep = await App.SignInAsync(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));

        var (status, html) = await rep.GetAsync("/imports");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("No imports yet.", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/imports/new\"", html, StringComparison.Ordinal);
    }
}
