using System.Net;
using System.Net.Http.Json;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Identity;

public sealed class AuthTests_Sqlite() : AuthTests(Provider.Sqlite);

public sealed class AuthTests_Postgres() : AuthTests(Provider.Postgres);

public abstract class AuthTests(Provider provider) : AppTests(provider)
{
    [Fact]
    public async Task TokenEndpoint_IssuesAWorkingToken_ForTheRightPassword()
    {
        var rep = await App.CreateUserAsync(Role.Rep);

        var response = await App.Client().PostAsJsonAsync("/api/v1/auth/token", new { userName = rep.UserName, password = TestUser.Password });

        await response.ExpectAsync(HttpStatusCode.OK);
        var body = await response.JsonAsync();
        var token = body["token"]!.GetValue<string>();
        Assert.True(body["expiresAt"]!.GetValue<DateTime>() > DateTime.UtcNow.AddDays(29));
        var client = App.Client();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var me = await client.GetJsonAsync("/api/v1/users/me");
        Assert.Equal(rep.Id, me.Id());
        Assert.Null(me["passwordHash"]);

        await using var db = App.OpenDb();
        Assert.False(await db.ApiTokens.AnyAsync(t => t.TokenHash == token), "Tokens are stored only as hashes.");
        Assert.StartsWith($"pbkdf2-sha512${TestPipeline.PasswordIterations}$", (await db.Users.SingleAsync(u => u.Id == rep.Id)).PasswordHash);
    }

    [Fact]
    public async Task AHashWeakerThanTodays_IsUpgradedAtTheNextSignIn_AndStillSignsIn()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        await using (var db = App.OpenDb())
        {
            var user = await db.Users.SingleAsync(u => u.Id == rep.Id);
            user.PasswordHash = Passwords.Hash(TestUser.Password, Passwords.Iterations / 2);
            await db.SaveChangesAsync();
        }

        var first = await App.Client().PostAsJsonAsync("/api/v1/auth/token", new { userName = rep.UserName, password = TestUser.Password });
        await first.ExpectAsync(HttpStatusCode.OK);

        await using (var db = App.OpenDb())
        {
            var stored = (await db.Users.SingleAsync(u => u.Id == rep.Id)).PasswordHash;
            Assert.StartsWith($"pbkdf2-sha512${Passwords.Iterations}$", stored);
        }
        var again = await App.Client().PostAsJsonAsync("/api/v1/auth/token", new { userName = rep.UserName, password = TestUser.Password });
        await again.ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task WrongPassword_AndUnknownUser_GetTheSame401()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var wrong = await App.Client().PostAsJsonAsync("/api/v1/auth/token", new { userName = rep.UserName, password = "not-the-password" });
        var unknown = await App.Client().PostAsJsonAsync("/api/v1/auth/token", new { userName = "nobody-" + Guid.NewGuid(), password = "not-the-password" });

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal((await wrong.JsonAsync())["title"]!.ToString(), (await unknown.JsonAsync())["title"]!.ToString());
    }

    [Fact]
    public async Task FiveWrongPasswords_LockTheUser_EvenAgainstTheRightOne_WithoutSayingSo()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        for (var i = 0; i < User.MaxFailedSignIns; i++)
        {
            await App.Client().PostAsJsonAsync("/api/v1/auth/token", new { userName = rep.UserName, password = "wrong-" + i });
        }

        var right = await App.Client().PostAsJsonAsync("/api/v1/auth/token", new { userName = rep.UserName, password = TestUser.Password });
        var unknown = await App.Client().PostAsJsonAsync("/api/v1/auth/token", new { userName = "nobody-" + Guid.NewGuid(), password = TestUser.Password });

        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        // Locked and unknown read the same, so guessing does not reveal which user names exist.
        Assert.Equal((await unknown.JsonAsync())["title"]!.ToString(), (await right.JsonAsync())["title"]!.ToString());
        using var browser = App.NewBrowser();
        var form = await browser.GetFormAsync("/login");
        var page = await browser.PostFormAsync("/login", form.Token, new Dictionary<string, string> { ["Input.UserName"] = rep.UserName, ["Input.Password"] = TestUser.Password });
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("locked for 15 minutes", await page.Content.ReadAsStringAsync());
        await using var db = App.OpenDb();
        Assert.True((await db.Users.SingleAsync(u => u.Id == rep.Id)).LockedUntil > DateTime.UtcNow.AddMinutes(14));
    }

    [Fact]
    public async Task ParallelGuesses_StillLockAfterFive()
    {
        var rep = await App.CreateUserAsync(Role.Rep);

        await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            App.Client().PostAsJsonAsync("/api/v1/auth/token", new { userName = rep.UserName, password = "guess-" + i })));

        await using var db = App.OpenDb();
        Assert.NotNull((await db.Users.SingleAsync(u => u.Id == rep.Id)).LockedUntil);
        var right = await App.Client().PostAsJsonAsync("/api/v1/auth/token", new { userName = rep.UserName, password = TestUser.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
    }

    [Fact]
    public async Task GuessingTheCurrentPassword_InASession_LocksTheUserAndEndsTheSession()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var browser = await App.SignInAsync(rep);
        for (var i = 0; i < User.MaxFailedSignIns; i++)
        {
            var form = await browser.GetFormAsync("/account/password");
            if (form.Status != HttpStatusCode.OK)
            {
                break;
            }
            await browser.PostFormAsync("/account/password", form.Token, new Dictionary<string, string>
            {
                ["Input.CurrentPassword"] = "guess-" + i,
                ["Input.NewPassword"] = "Whatever-new-password",
                ["Input.ConfirmPassword"] = "Whatever-new-password",
            });
        }

        Assert.Equal(HttpStatusCode.Redirect, (await browser.Http.GetAsync("/accounts")).StatusCode);
        await using var db = App.OpenDb();
        Assert.NotNull((await db.Users.SingleAsync(u => u.Id == rep.Id)).LockedUntil);
    }

    [Fact]
    public async Task OneTimePassword_MustBeChangedBeforeAnythingElse()
    {
        var user = await App.CreateUserAsync(Role.Rep, mustChangePassword: true);

        var token = await App.Client().PostAsJsonAsync("/api/v1/auth/token", new { userName = user.UserName, password = TestUser.Password });
        Assert.Equal(HttpStatusCode.Forbidden, token.StatusCode);

        using var browser = App.NewBrowser();
        var login = await browser.GetFormAsync("/login");
        var signedIn = await browser.PostFormAsync("/login", login.Token, new Dictionary<string, string> { ["Input.UserName"] = user.UserName, ["Input.Password"] = TestUser.Password });
        Assert.Equal("/account/password", signedIn.Headers.Location?.ToString());
        var (_, _) = await browser.GetAsync("/accounts");
        Assert.Equal("/account/password", (await browser.Http.GetAsync("/accounts")).Headers.Location?.ToString());

        var form = await browser.GetFormAsync("/account/password");
        var changed = await browser.PostFormAsync("/account/password", form.Token, new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = TestUser.Password,
            ["Input.NewPassword"] = "A-brand-new-password",
            ["Input.ConfirmPassword"] = "A-brand-new-password",
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/accounts")).Status);
    }

    [Fact]
    public async Task ChangingThePassword_SignsOutOtherSessions()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var first = await App.SignInAsync(rep);
        using var second = await App.SignInAsync(rep);

        var form = await first.GetFormAsync("/account/password");
        await first.PostFormAsync("/account/password", form.Token, new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = TestUser.Password,
            ["Input.NewPassword"] = "Another-new-password",
            ["Input.ConfirmPassword"] = "Another-new-password",
        });

        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/accounts")).Status);
        var stale = await second.Http.GetAsync("/accounts");
        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        Assert.StartsWith("/login", stale.Headers.Location?.AbsolutePath ?? stale.Headers.Location?.ToString());
    }

    [Fact]
    public async Task DeactivatedUser_LosesTokenAndSession()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var browser = await App.SignInAsync(rep);
        await using (var db = App.OpenDb())
        {
            var user = await db.Users.SingleAsync(u => u.Id == rep.Id);
            user.IsActive = false;
            await db.SaveChangesAsync();
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Client(rep).GetAsync("/api/v1/accounts")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.Http.GetAsync("/accounts")).StatusCode);
    }

    [Fact]
    public async Task CookieAuthenticatedApiWrite_NeedsTheAntiforgeryHeader()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var browser = await App.SignInAsync(rep);

        var forged = await browser.Http.PostAsJsonAsync("/api/v1/accounts", new { name = "Forged through cookie" });
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var page = await browser.GetFormAsync("/accounts");
        var token = System.Text.RegularExpressions.Regex.Match(page.Html, "name=\"request-verification-token\" content=\"([^\"]+)\"").Groups[1].Value;
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/accounts") { Content = JsonContent.Create(new { name = "Sent from the page" }) };
        request.Headers.Add("RequestVerificationToken", System.Net.WebUtility.HtmlDecode(token));
        await (await browser.Http.SendAsync(request)).ExpectAsync(HttpStatusCode.Created);

        await using var db = App.OpenDb();
        Assert.Equal(["Sent from the page"], await db.Accounts.Where(a => a.OwnerId == rep.Id).Select(a => a.Name).ToListAsync());
    }

    [Fact]
    public async Task SignOut_IsAPost_AndEndsTheSession()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var browser = await App.SignInAsync(rep);
        var page = await browser.GetFormAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, (await browser.Http.GetAsync("/logout")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).Status);
        var signedOut = await browser.PostFormAsync("/logout", page.Token, new Dictionary<string, string>());
        Assert.Equal("/login", signedOut.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.Redirect, (await browser.Http.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Language_FollowsTheBrowser_ThenTheSwitch_AndTheUserOnAnotherDevice()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using (var korean = App.NewBrowser("ko-KR,ko;q=0.9"))
        {
            var (_, html) = await korean.GetAsync("/login");
            Assert.Contains("<html lang=\"ko\">", html);
            Assert.Contains("로그인", html);
        }

        using var browser = await App.SignInAsync(rep, language: "en");
        var page = await browser.GetFormAsync("/");
        Assert.Contains("<html lang=\"en\">", page.Html);
        var switched = await browser.PostFormAsync("/culture", page.Token, new Dictionary<string, string> { ["culture"] = "ko", ["returnUrl"] = "/accounts" });
        Assert.Equal("/accounts", switched.Headers.Location?.ToString());
        Assert.Contains("<html lang=\"ko\">", (await browser.GetAsync("/accounts")).Html);

        // A new device with an English browser: the user's choice wins after sign-in.
        using var elsewhere = await App.SignInAsync(rep, language: "en");
        Assert.Contains("<html lang=\"ko\">", (await elsewhere.GetAsync("/")).Html);
    }

    [Fact]
    public async Task SignIn_IsRateLimitedPerClient()
    {
        await using var limited = await TestApp.StartAsync(Provider, new Dictionary<string, string?> { ["Bridgehead:SignInAttemptsPerMinute"] = "6" });
        // Signing in (the form and the post) and opening the password page take three of the six.
        var user = await limited.CreateUserAsync(Role.Rep);
        using var signedIn = await limited.SignInAsync(user);
        var passwordForm = await signedIn.GetFormAsync("/account/password");
        Assert.Equal(HttpStatusCode.OK, passwordForm.Status);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            var response = await limited.Client().PostAsJsonAsync("/api/v1/auth/token", new { userName = "someone", password = "something-wrong" });
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        using var browser = limited.NewBrowser();
        var form = await browser.GetFormAsync("/login");
        var page = await browser.PostFormAsync("/login", form.Token, new Dictionary<string, string> { ["Input.UserName"] = "x", ["Input.Password"] = "y" });
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        // Guessing the current password on the password page counts against the same limit.
        var guess = await signedIn.PostFormAsync("/account/password", passwordForm.Token, new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = "guess",
            ["Input.NewPassword"] = "Whatever-new-password",
            ["Input.ConfirmPassword"] = "Whatever-new-password",
        });
        Assert.Equal(HttpStatusCode.TooManyRequests, guess.StatusCode);
    }

    [Fact]
    public async Task FiveWrongPasswords_OnTheSignInPage_LockTheUser_ForThePageAndTheApi()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var browser = App.NewBrowser();
        for (var i = 0; i < User.MaxFailedSignIns; i++)
        {
            var form = await browser.GetFormAsync("/login");
            var wrong = await browser.PostFormAsync("/login", form.Token, new Dictionary<string, string> { ["Input.UserName"] = rep.UserName, ["Input.Password"] = "wrong-" + i });
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        var again = await browser.GetFormAsync("/login");
        var right = await browser.PostFormAsync("/login", again.Token, new Dictionary<string, string> { ["Input.UserName"] = rep.UserName, ["Input.Password"] = TestUser.Password });
        Assert.Equal(HttpStatusCode.OK, right.StatusCode); // the form again, not the redirect home
        Assert.Contains("locked for 15 minutes", await right.Content.ReadAsStringAsync());
        var token = await App.Client().PostAsJsonAsync("/api/v1/auth/token", new { userName = rep.UserName, password = TestUser.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, token.StatusCode);
        await using var db = App.OpenDb();
        Assert.True((await db.Users.SingleAsync(u => u.Id == rep.Id)).LockedUntil > DateTime.UtcNow.AddMinutes(14));
    }
}
