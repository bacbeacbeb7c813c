using System.Net;
using System.Net.Http.Json;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Identity;

public sealed class UsersTests_Sqlite() : UsersTests(Provider.Sqlite);

public sealed class UsersTests_Postgres() : UsersTests(Provider.Postgres);

/// <summary>Admins manage users and teams; nobody else may, and no secret ever leaves the server.</summary>
public abstract class UsersTests(Provider provider) : AppTests(provider)
{
    [Fact]
    public async Task Admin_CreatesAUserWithAOneTimePassword_ThatWorksOnlyForChangingIt()
    {
        var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        var name = "new." + Guid.NewGuid().ToString("N")[..6];
        var team = TestApp.NewTeam();

        var created = await admin.CreateAsync("/api/v1/users", new { userName = name, role = "manager", team });

        var otp = created["oneTimePassword"]!.GetValue<string>();
        Assert.Equal(16, otp.Length);
        Assert.Equal("manager", created["user"]!["role"]!.GetValue<string>());
        Assert.Null(created["user"]!["passwordHash"]);
        var teams = await admin.GetJsonAsync("/api/v1/teams");
        var row = teams["items"]!.AsArray().Single(t => t!["name"]!.GetValue<string>() == team)!;
        Assert.Equal(created["user"]!.Id(), row["managerId"]!.GetValue<long>());
        var token = await App.Client().PostAsJsonAsync("/api/v1/auth/token", new { userName = name, password = otp });
        Assert.Equal(HttpStatusCode.Forbidden, token.StatusCode);
    }

    [Theory]
    [InlineData(Role.Manager)]
    [InlineData(Role.Rep)]
    [InlineData(Role.Viewer)]
    [InlineData(Role.Quality)]
    public async Task OnlyAdmins_ManageUsers(Role role)
    {
        var target = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(await App.CreateUserAsync(role));

        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostJsonAsync("/api/v1/users", new { userName = "sneaky", role = "admin" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PatchJsonAsync($"/api/v1/users/{target.Id}", new { role = "admin" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostJsonAsync($"/api/v1/users/{target.Id}/reset-password", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/v1/users/{target.Id}/history")).StatusCode);
        using var browser = await App.SignInAsync(await App.CreateUserAsync(role));
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/admin/users")).Status);
        await using var db = App.OpenDb();
        Assert.Equal(Role.Rep, (await db.Users.SingleAsync(u => u.Id == target.Id)).Role);
    }

    [Fact]
    public async Task Deactivating_EndsTheUsersSessions_AndIsInTheirHistory()
    {
        var adminUser = await App.CreateUserAsync(Role.Admin);
        var admin = App.Client(adminUser);
        var rep = await App.CreateUserAsync(Role.Rep);
        using var session = await App.SignInAsync(rep);

        await (await admin.PatchJsonAsync($"/api/v1/users/{rep.Id}", new { isActive = false })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.Redirect, (await session.Http.GetAsync("/accounts")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Client(rep).GetAsync("/api/v1/accounts")).StatusCode);
        var history = await admin.GetJsonAsync($"/api/v1/users/{rep.Id}/history");
        var change = history["items"]!.AsArray()[0]!["changes"]!.AsArray().Single(c => c!["field"]!.GetValue<string>() == "isActive")!;
        Assert.Equal("false", change["new"]!.GetValue<string>());
        Assert.DoesNotContain(history["items"]!.AsArray().SelectMany(e => e!["changes"]!.AsArray()), c => c!["field"]!.GetValue<string>() is "passwordHash" or "securityStamp");
    }

    [Fact]
    public async Task TheLastActiveAdmin_CannotBeDemotedOrDeactivated()
    {
        await using var alone = await TestApp.StartAsync(Provider);
        var onlyAdmin = await alone.CreateUserAsync(Role.Admin);
        var otherAdmin = await alone.CreateUserAsync(Role.Admin);
        var client = alone.Client(onlyAdmin);
        await (await client.PatchJsonAsync($"/api/v1/users/{otherAdmin.Id}", new { isActive = false })).ExpectAsync(HttpStatusCode.OK);

        var demote = await client.PatchJsonAsync($"/api/v1/users/{onlyAdmin.Id}", new { role = "rep" });
        Assert.Equal(HttpStatusCode.Conflict, demote.StatusCode);
        Assert.Single((await demote.JsonAsync())["rules"]!.AsArray());
        var self = await client.PatchJsonAsync($"/api/v1/users/{onlyAdmin.Id}", new { isActive = false });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, self.StatusCode);
    }

    [Fact]
    public async Task ResetPassword_IssuesANewOneTimePassword_AndSignsTheUserOut()
    {
        var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        var rep = await App.CreateUserAsync(Role.Rep);
        using var session = await App.SignInAsync(rep);

        var reset = await (await admin.PostJsonAsync($"/api/v1/users/{rep.Id}/reset-password", new { })).JsonAsync();

        var otp = reset["oneTimePassword"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Redirect, (await session.Http.GetAsync("/accounts")).StatusCode);
        await using var db = App.OpenDb();
        var user = await db.Users.SingleAsync(u => u.Id == rep.Id);
        Assert.True(user.MustChangePassword);
        Assert.True(Passwords.Verify(otp, user.PasswordHash, out _));
    }

    [Fact]
    public async Task ResetPassword_RevokesTheUsersApiTokens()
    {
        var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        var rep = await App.CreateUserAsync(Role.Rep);
        await (await App.Client(rep).GetAsync("/api/v1/users/me")).ExpectAsync(HttpStatusCode.OK);

        await (await admin.PostJsonAsync($"/api/v1/users/{rep.Id}/reset-password", new { })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Client(rep).GetAsync("/api/v1/users/me")).StatusCode);
    }

    [Fact]
    public async Task IdempotentRetryOfASecretAnswer_IsRecognised_ButTheSecretIsNeverStored()
    {
        var adminUser = await App.CreateUserAsync(Role.Admin);
        var admin = App.Client(adminUser);
        var key = Guid.NewGuid().ToString();
        var body = new { userName = "idem." + Guid.NewGuid().ToString("N")[..6], role = "rep" };

        var first = await admin.PostJsonAsync("/api/v1/users", body, key);
        var retry = await admin.PostJsonAsync("/api/v1/users", body, key);

        await first.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode);
        await using var db = App.OpenDb();
        var record = await db.IdempotencyRecords.SingleAsync(r => r.UserId == adminUser.Id && r.Key == key);
        Assert.True(record.Withheld);
        Assert.Null(record.Body);
        Assert.Equal(1, await db.Users.CountAsync(u => u.UserName == body.userName));
    }

    [Fact]
    public async Task ColleaguesSeeNamesRolesAndTeams_OnlyAdminsSeeEmails()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var mine = await App.Client(rep).GetJsonAsync("/api/v1/users");
        Assert.All(mine["items"]!.AsArray(), u => Assert.Null(u!["email"]));
        Assert.All(mine["items"]!.AsArray(), u => Assert.Null(u!["mustChangePassword"]));
        var all = await App.Client(await App.CreateUserAsync(Role.Admin)).GetJsonAsync("/api/v1/users");
        Assert.All(all["items"]!.AsArray(), u => Assert.NotNull(u!["mustChangePassword"]));
    }

    [Fact]
    public async Task AdminPage_CreatesAUser_AndShowsTheOneTimePasswordOnce()
    {
        using var browser = await App.SignInAsync(await App.CreateUserAsync(Role.Admin));
        var form = await browser.GetFormAsync("/admin/users");
        var name = "page." + Guid.NewGuid().ToString("N")[..6];

        var response = await browser.PostFormAsync("/admin/users", form.Token, new Dictionary<string, string>
        {
            ["Form.UserName"] = name,
            ["Form.Role"] = "Rep",
            ["Form.Team"] = TestApp.NewTeam(),
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (_, html) = await browser.GetAsync("/admin/users");
        Assert.Matches($"{name.Replace(".", "\\.")} created\\. One-time password \\(shown only now\\): [A-Za-z0-9]{{16}}", html);
        var (_, again) = await browser.GetAsync("/admin/users");
        Assert.DoesNotContain("One-time password", again);

        var refused = await browser.PostFormAsync("/admin/users", form.Token, new Dictionary<string, string> { ["Form.UserName"] = "bad name!", ["Form.Role"] = "Viewer", ["Form.Team"] = "x" });
        var errors = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Use letters, digits", errors);
        Assert.Contains("Only reps and managers belong to a team.", errors);
    }
}
