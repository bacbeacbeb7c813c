using System.Net;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using Bridgehead.Tests.Pursuits;

namespace Bridgehead.Tests.Imports;

public sealed class ImportMappingsApiTests_Sqlite() : ImportMappingsApiTests(Provider.Sqlite);

public sealed class ImportMappingsApiTests_Postgres() : ImportMappingsApiTests(Provider.Postgres);

/// <summary>/api/v1/import-mappings, /api/v1/import-presets/{entity} and POST /api/v1/imports/automap: who may keep, share, see and change mappings.</summary>
public abstract class ImportMappingsApiTests(Provider provider) : AppTests(provider)
{
    private static string Unique(string name) => name + " " + Guid.NewGuid().ToString("N")[..8];

    private static object Body(string name, bool isShared = false, string entity = "accounts", object? columns = null) =>
        new { entity, name, isShared, columns = columns ?? new Dictionary<string, string> { ["Account Name"] = "name", ["Account ID"] = "externalId" } };

    [Fact]
    public async Task Rep_SavesListsRenamesAndDeletesAMapping_WithETags()
    {
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        var name = Unique("Salesforce accounts");

        var created = await rep.PostJsonAsync("/api/v1/import-mappings", Body(name, columns: new Dictionary<string, string?> { ["Account Name"] = "name", ["Account ID"] = "externalId", ["Colour"] = "" }));
        await created.ExpectAsync(HttpStatusCode.Created);
        var mapping = await created.JsonAsync();
        var id = mapping.Id();
        Assert.Equal("accounts", mapping.Str("entity"));
        Assert.Equal(name, mapping.Str("name"));
        Assert.Equal("name", mapping["columns"].Str("Account Name"));
        Assert.Null(mapping["columns"]!["Colour"]);
        Assert.True(mapping["mine"]!.GetValue<bool>());
        Assert.False(mapping["isShared"]!.GetValue<bool>());
        var etag = created.Headers.ETag!.Tag;

        var list = await rep.GetJsonAsync("/api/v1/import-mappings?entity=accounts");
        Assert.Contains(id, list["items"]!.AsArray().Select(i => i!.Id()));
        Assert.DoesNotContain(id, (await rep.GetJsonAsync("/api/v1/import-mappings?entity=contacts"))["items"]!.AsArray().Select(i => i!.Id()));

        var renamed = await rep.PatchJsonAsync($"/api/v1/import-mappings/{id}", new { name = name + " v2", columns = new Dictionary<string, string?> { ["Account ID"] = null, ["Website"] = "website" } }, etag);
        await renamed.ExpectAsync(HttpStatusCode.OK);
        var after = await renamed.JsonAsync();
        Assert.Equal(name + " v2", after.Str("name"));
        Assert.Equal(["Account Name", "Website"], after["columns"]!.AsObject().Select(c => c.Key).Order());

        var stale = await rep.PatchJsonAsync($"/api/v1/import-mappings/{id}", new { name = "late" }, etag);
        await stale.ExpectAsync(HttpStatusCode.PreconditionFailed);
        await (await rep.DeleteAsync($"/api/v1/import-mappings/{id}", etag)).ExpectAsync(HttpStatusCode.PreconditionFailed);

        var one = await rep.GetAsync($"/api/v1/import-mappings/{id}");
        await one.ExpectAsync(HttpStatusCode.OK);
        await (await rep.DeleteAsync($"/api/v1/import-mappings/{id}", one.Headers.ETag!.Tag)).ExpectAsync(HttpStatusCode.NoContent);
        await (await rep.GetAsync($"/api/v1/import-mappings/{id}")).ExpectAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Names_AreUniquePerAuthorAndKind()
    {
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        using var other = App.Client(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        var name = Unique("Monthly");
        await rep.CreateAsync("/api/v1/import-mappings", Body(name));

        var again = await rep.PostJsonAsync("/api/v1/import-mappings", Body(name));
        var otherKind = await rep.PostJsonAsync("/api/v1/import-mappings", Body(name, entity: "contacts", columns: new Dictionary<string, string> { ["Full Name"] = "name" }));
        var otherAuthor = await other.PostJsonAsync("/api/v1/import-mappings", Body(name));
        var second = await rep.CreateAsync("/api/v1/import-mappings", Body(name + " b"));
        var renameOnto = await rep.PatchJsonAsync($"/api/v1/import-mappings/{second.Id()}", new { name });

        await again.ExpectAsync(HttpStatusCode.Conflict);
        await otherKind.ExpectAsync(HttpStatusCode.Created);
        await otherAuthor.ExpectAsync(HttpStatusCode.Created);
        await renameOnto.ExpectAsync(HttpStatusCode.Conflict);
        Assert.Contains(name, await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadValues_AreNamed_AndNothingIsSaved()
    {
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        var name = Unique("Bad");

        var noName = await rep.PostJsonAsync("/api/v1/import-mappings", Body("  "));
        var unknownField = await rep.PostJsonAsync("/api/v1/import-mappings", Body(name, columns: new Dictionary<string, string> { ["A"] = "name", ["B"] = "colour" }));
        var productFieldOnAccounts = await rep.PostJsonAsync("/api/v1/import-mappings", Body(name, columns: new Dictionary<string, string> { ["A"] = "sku" }));
        var twice = await rep.PostJsonAsync("/api/v1/import-mappings", Body(name, columns: new Dictionary<string, string> { ["A"] = "name", ["B"] = "name" }));
        var empty = await rep.PostJsonAsync("/api/v1/import-mappings", Body(name, columns: new Dictionary<string, string>()));
        var noEntity = await rep.PostJsonAsync("/api/v1/import-mappings", new { name, columns = new Dictionary<string, string> { ["A"] = "name" } });
        var tooLong = await rep.PostJsonAsync("/api/v1/import-mappings", Body(new string('x', 101)));
        var wrongEntity = await rep.PostJsonAsync("/api/v1/import-mappings", Body(name, entity: "invoices"));

        Assert.Equal(["name"], (await noName.ErrorsAsync()).Select(e => e.Key));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknownField.StatusCode);
        var unknown = await unknownField.ErrorsAsync();
        Assert.Equal(["columns"], unknown.Select(e => e.Key));
        Assert.Contains("colour", unknown["columns"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(["columns"], (await productFieldOnAccounts.ErrorsAsync()).Select(e => e.Key));
        Assert.Equal(["columns"], (await twice.ErrorsAsync()).Select(e => e.Key));
        Assert.Equal(["columns"], (await empty.ErrorsAsync()).Select(e => e.Key));
        Assert.Equal(["entity"], (await noEntity.ErrorsAsync()).Select(e => e.Key));
        Assert.Equal(["name"], (await tooLong.ErrorsAsync()).Select(e => e.Key));
        await wrongEntity.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.DoesNotContain((await rep.GetJsonAsync("/api/v1/import-mappings"))["items"]!.AsArray(), i => i.Str("name") == name);

        var saved = await rep.CreateAsync("/api/v1/import-mappings", Body(name));
        var badPatch = await rep.PatchJsonAsync($"/api/v1/import-mappings/{saved.Id()}", new { name = "", columns = new Dictionary<string, string> { ["X"] = "nope" } });
        Assert.Equal(["columns", "name"], (await badPatch.ErrorsAsync()).Select(e => e.Key).Order());
        Assert.Equal(name, (await rep.GetJsonAsync($"/api/v1/import-mappings/{saved.Id()}")).Str("name"));
    }

    [Fact]
    public async Task Sharing_IsForManagersAndAdmins_AndOnlyTheAuthorOrAnAdminChangesAMapping()
    {
        var team = TestApp.NewTeam();
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep, team));
        using var manager = App.Client(await App.CreateUserAsync(Role.Manager, team));
        using var stranger = App.Client(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));

        var repShares = await rep.PostJsonAsync("/api/v1/import-mappings", Body(Unique("Rep shared"), isShared: true));
        await repShares.ExpectAsync(HttpStatusCode.Forbidden);

        var shared = await manager.CreateAsync("/api/v1/import-mappings", Body(Unique("Team standard"), isShared: true));
        var personal = await rep.CreateAsync("/api/v1/import-mappings", Body(Unique("Mine only")));
        var sharedId = shared.Id();
        var personalId = personal.Id();

        var strangerList = (await stranger.GetJsonAsync("/api/v1/import-mappings?entity=accounts"))["items"]!.AsArray();
        var seen = strangerList.Single(i => i!.Id() == sharedId)!;
        Assert.False(seen["mine"]!.GetValue<bool>());
        Assert.True(seen["isShared"]!.GetValue<bool>());
        Assert.False(string.IsNullOrEmpty(seen.Str("createdByName")));
        Assert.DoesNotContain(personalId, strangerList.Select(i => i!.Id()));
        await (await stranger.GetAsync($"/api/v1/import-mappings/{personalId}")).ExpectAsync(HttpStatusCode.NotFound);
        await (await stranger.GetAsync($"/api/v1/import-mappings/{sharedId}")).ExpectAsync(HttpStatusCode.OK);

        await (await stranger.PatchJsonAsync($"/api/v1/import-mappings/{sharedId}", new { name = "taken over" })).ExpectAsync(HttpStatusCode.NotFound);
        await (await stranger.DeleteAsync($"/api/v1/import-mappings/{sharedId}", null)).ExpectAsync(HttpStatusCode.NotFound);
        await (await stranger.DeleteAsync($"/api/v1/import-mappings/{personalId}", null)).ExpectAsync(HttpStatusCode.NotFound);
        await (await rep.PatchJsonAsync($"/api/v1/import-mappings/{personalId}", new { isShared = true })).ExpectAsync(HttpStatusCode.Forbidden);

        Assert.Contains(personalId, (await admin.GetJsonAsync("/api/v1/import-mappings"))["items"]!.AsArray().Select(i => i!.Id()));
        await (await admin.PatchJsonAsync($"/api/v1/import-mappings/{personalId}", new { isShared = true })).ExpectAsync(HttpStatusCode.OK);
        await (await admin.DeleteAsync($"/api/v1/import-mappings/{sharedId}", null)).ExpectAsync(HttpStatusCode.NoContent);
        await (await manager.GetAsync($"/api/v1/import-mappings/{sharedId}")).ExpectAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(Role.Viewer)]
    [InlineData(Role.Quality)]
    [InlineData(Role.Product)]
    public async Task ReadOnlyAndNonSalesRoles_Get403(Role role)
    {
        using var client = App.Client(await App.CreateUserAsync(role));

        await (await client.GetAsync("/api/v1/import-mappings")).ExpectAsync(HttpStatusCode.Forbidden);
        await (await client.PostJsonAsync("/api/v1/import-mappings", Body(Unique("No")))).ExpectAsync(HttpStatusCode.Forbidden);
        await (await client.GetAsync("/api/v1/import-presets/accounts")).ExpectAsync(HttpStatusCode.Forbidden);
        await (await client.PostJsonAsync("/api/v1/imports/automap", new { entity = "accounts", headers = new[] { "Name" } })).ExpectAsync(HttpStatusCode.Forbidden);
        await (await App.Client().GetAsync("/api/v1/import-mappings")).ExpectAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Presets_AreListedPerKind()
    {
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));

        var contacts = await rep.GetJsonAsync("/api/v1/import-presets/contacts");
        var orders = await rep.GetJsonAsync("/api/v1/import-presets/orders");

        var presets = contacts["presets"]!.AsArray();
        Assert.Equal(["salesforce", "hubspot"], presets.Select(p => p.Str("key")));
        var salesforce = presets[0]!["columns"]!.AsArray();
        Assert.Contains(salesforce, c => c.Str("header") == "Account ID" && c.Str("field") == "accountExternalId");
        Assert.Equal(["salesforce"], orders["presets"]!.AsArray().Select(p => p.Str("key")));
        await (await rep.GetAsync("/api/v1/import-presets/invoices")).ExpectAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AutoMap_DetectsOrUsesAPreset_AndNamesBadInput()
    {
        using var rep = App.Client(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));

        var detected = await rep.PostJsonAsync("/api/v1/imports/automap", new { entity = "contacts", headers = new[] { "Contact ID", "Account ID", "Full Name", "Email", "Shoe size" } });
        var ours = await rep.PostJsonAsync("/api/v1/imports/automap", new { entity = "contacts", headers = new[] { "Account ID", "Name" }, preset = "none" });
        var korean = await rep.PostJsonAsync("/api/v1/imports/automap", new { entity = "accounts", headers = new[] { "외부 ID", "이름", "웹사이트" } });
        var badPreset = await rep.PostJsonAsync("/api/v1/imports/automap", new { entity = "contacts", headers = new[] { "A" }, preset = "pipedrive" });
        var noHeaders = await rep.PostJsonAsync("/api/v1/imports/automap", new { entity = "contacts", headers = Array.Empty<string>() });

        await detected.ExpectAsync(HttpStatusCode.OK);
        var d = await detected.JsonAsync();
        Assert.Equal("salesforce", d.Str("preset"));
        Assert.Equal("accountExternalId", d["mapping"].Str("Account ID"));
        Assert.Equal("externalId", d["mapping"].Str("Contact ID"));
        Assert.Equal(["Shoe size"], d["unmapped"]!.AsArray().Select(u => u!.GetValue<string>()));
        Assert.Empty(d["missingRequired"]!.AsArray());
        var o = await ours.JsonAsync();
        Assert.Null(o["preset"]);
        Assert.Equal("accountId", o["mapping"].Str("Account ID"));
        var k = await korean.JsonAsync();
        Assert.Equal("website", k["mapping"].Str("웹사이트"));
        Assert.Equal("externalId", k["mapping"].Str("외부 ID"));
        Assert.Equal(["preset"], (await badPreset.ErrorsAsync()).Select(e => e.Key));
        Assert.Equal(["headers"], (await noHeaders.ErrorsAsync()).Select(e => e.Key));
    }
}
