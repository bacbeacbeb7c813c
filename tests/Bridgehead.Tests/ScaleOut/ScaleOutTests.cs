using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Bridgehead.Data;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Bridgehead.Notifications;
using Bridgehead.Tests.Infrastructure;
using Bridgehead.Tests.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.ScaleOut;

/// <summary>
/// Two real `bridgehead serve` processes on one fresh PostgreSQL database behind nginx
/// (round-robin, no sticky sessions), as docs/operations.md describes: sign-in, pages and
/// antiforgery-protected forms survive a switch of instance, an API token issued by one instance
/// works on the others, and the background work runs on one instance only, taken over by another
/// when the holder dies. PostgreSQL only; skipped naming the package when nginx is missing, unless
/// BRIDGEHEAD_REQUIRE_POSTGRES=1 (CI), which makes that a failure.
/// </summary>
public sealed class ScaleOutTests_Postgres : IAsyncLifetime
{
    private const int Instances = 2;

    private readonly List<ServeProcess> _instances = [];
    private Nginx? _nginx;
    private string? _database;
    private string? _dataFolder;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    private static async Task<(PostgresServer Server, string Nginx)> RequirementsAsync()
    {
        var server = await PostgresServer.InstanceAsync();
        if (server.SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }
        var nginx = Nginx.Binary();
        if (nginx is null)
        {
            Assert.True(!PostgresServer.Required, Nginx.InstallHint + " (BRIDGEHEAD_REQUIRE_POSTGRES=1 forbids skipping.)");
            Assert.Skip(Nginx.InstallHint);
        }
        return (server, nginx);
    }

    [Fact]
    public async Task TwoInstancesBehindNginx_ShareSignIn_Forms_Tokens_AndRunBackgroundWorkOnce()
    {
        var (server, nginxBinary) = await RequirementsAsync();
        _database = server.NewDatabaseName();
        var connection = server.ConnectionString(_database);
        _dataFolder = Directory.CreateTempSubdirectory("bridgehead-scaleout-").FullName;

        // All instances start at once on an empty database: they queue on the migration lock, and
        // must agree on one data-protection key instead of each making its own.
        var environment = new Dictionary<string, string>
        {
            ["BRIDGEHEAD_DATABASE"] = connection,
            ["BRIDGEHEAD_DATA"] = _dataFolder,
            ["Bridgehead__Background__IntervalSeconds"] = "1",
            ["Bridgehead__SignInAttemptsPerMinute"] = "100000",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Bridgehead"] = "Information",
        };
        for (var i = 0; i < Instances; i++)
        {
            _instances.Add(ServeProcess.Start(environment));
        }
        await Task.WhenAll(_instances.Select(s => s.WaitReadyAsync(TimeSpan.FromSeconds(180))));
        _nginx = await Nginx.StartAsync(nginxBinary, _instances.Select(s => s.Upstream));

        // Every instance serves its sign-in form (and so protects an antiforgery token) at once.
        await Task.WhenAll(_instances.Select(async s =>
        {
            using var direct = new HttpClient { BaseAddress = s.BaseAddress };
            Assert.Equal(HttpStatusCode.OK, (await direct.GetAsync("/login")).StatusCode);
        }));
        await using (var db = OpenDb(connection))
        {
            Assert.Equal(1, await db.DataProtectionKeys.CountAsync());
        }

        var team = TestApp.NewTeam();
        var rep = await CreateUserAsync(connection, Role.Rep, team);
        var admin = await CreateUserAsync(connection, Role.Admin, null);

        await SignInAndFormsSurviveASwitchOfInstanceAsync(rep, connection);
        await ATokenFromOneInstanceWorksOnTheOthersAsync(rep);
        await BackgroundWorkRunsOnceAndIsTakenOverAsync(admin, connection);
    }

    private async Task SignInAndFormsSurviveASwitchOfInstanceAsync(string rep, string connection)
    {
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        using var browser = new BrowserClient(new HttpClient(handler) { BaseAddress = _nginx!.BaseAddress });
        browser.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");

        // The sign-in form from one instance, posted to another.
        var loginForm = await browser.Http.GetAsync("/login");
        var loginHtml = await loginForm.Content.ReadAsStringAsync();
        var signIn = await browser.PostFormAsync("/login", Token(loginHtml), new Dictionary<string, string>
        {
            ["Input.UserName"] = rep,
            ["Input.Password"] = TestUser.Password,
        });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.NotEqual(Upstream(loginForm), Upstream(signIn));

        // Pages on every instance read the cookie another instance wrote.
        var seen = new HashSet<string>();
        for (var i = 0; i < Instances; i++)
        {
            var page = await browser.Http.GetAsync("/accounts");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            seen.Add(Upstream(page));
        }
        Assert.Equal(Instances, seen.Count);

        // An antiforgery-protected form: the form from one instance, its POST answered by another.
        var name = "Scale-out Boilers " + Guid.NewGuid().ToString("N")[..6];
        var form = await browser.Http.GetAsync("/accounts/new");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var formHtml = await form.Content.ReadAsStringAsync();
        await using var db = OpenDb(connection);
        var repId = await db.Users.Where(u => u.UserName == rep).Select(u => u.Id).SingleAsync();
        var created = await browser.PostFormAsync("/accounts/new", Token(formHtml), new Dictionary<string, string>
        {
            ["Form.Name"] = name,
            ["Form.Country"] = "kr",
            ["Form.Status"] = "Prospect",
            ["Form.OwnerId"] = repId.ToString(CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.NotEqual(Upstream(form), Upstream(created));
        Assert.Equal(1, await db.Accounts.CountAsync(a => a.Name == name && a.OwnerId == repId));

        // The detail page it redirects to, from yet another instance.
        var detail = await browser.Http.GetAsync(created.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, detail.StatusCode);
        Assert.Contains(name, await detail.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEqual(Upstream(created), Upstream(detail));

        // A forged POST without the token is still refused, whichever instance answers.
        var forged = await browser.Http.PostAsync("/accounts/new", new FormUrlEncodedContent(new Dictionary<string, string> { ["Form.Name"] = "Forged" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    private async Task ATokenFromOneInstanceWorksOnTheOthersAsync(string rep)
    {
        using var client = new HttpClient { BaseAddress = _nginx!.BaseAddress };
        var issued = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = rep, password = TestUser.Password });
        await issued.ExpectAsync(HttpStatusCode.OK);
        var issuer = Upstream(issued);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await issued.JsonAsync())["token"]!.GetValue<string>());
        var answered = new HashSet<string>();
        for (var i = 0; i < Instances; i++)
        {
            var me = await client.GetAsync("/api/v1/users/me");
            await me.ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(rep, (await me.JsonAsync())["userName"]!.GetValue<string>());
            answered.Add(Upstream(me));
        }
        Assert.Equal(Instances, answered.Count);
        Assert.Contains(answered, u => u != issuer);
    }

    private async Task BackgroundWorkRunsOnceAndIsTakenOverAsync(string admin, string connection)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var client = new HttpClient { BaseAddress = _nginx!.BaseAddress };
        var token = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = admin, password = TestUser.Password });
        await token.ExpectAsync(HttpStatusCode.OK);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await token.JsonAsync())["token"]!.GetValue<string>());
        var webhook = (await client.CreateAsync("/api/v1/webhooks", new { url = receiver.Url.ToString(), events = new[] { "orderAtRisk" } })).Id();

        // Ten events, every instance ticking each second: each arrives exactly once.
        var events = await RaiseAsync(connection, 10, "scale-out");
        await Os.WaitUntilAsync(() => Task.FromResult(receiver.Requests.Count >= 10), TimeSpan.FromSeconds(30), "10 deliveries");
        await Task.Delay(2500);
        Assert.Equal(events.Order(), receiver.Requests.Select(r => r.EventId).Order());
        await using var db = OpenDb(connection);
        Assert.All(await db.WebhookDeliveries.AsNoTracking().Where(d => d.WebhookId == webhook).ToListAsync(), d => Assert.Equal(1, d.Attempts));

        // The lease names the holder's process: one of the instances, and it keeps it while alive.
        var holderName = await LeaseHolderAsync(db);
        var holder = Assert.Single(_instances, s => holderName.Contains($":{s.ProcessId}:", StringComparison.Ordinal));

        // The holder crashes: it gives nothing up. Its lease would run for 30 s; let it have 4 s left.
        await holder.CrashAsync();
        var expires = DateTime.UtcNow.AddSeconds(4);
        await db.Leases.Where(l => l.Name == BackgroundWorker.LeaseName).ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, expires));
        var late = Assert.Single(await RaiseAsync(connection, 1, "after-crash"));
        await Task.Delay(1500);
        Assert.DoesNotContain(receiver.Requests, r => r.EventId == late);

        // After the dead holder's lease runs out, one of the others takes over and delivers it, once.
        await Os.WaitUntilAsync(() => Task.FromResult(receiver.Requests.Any(r => r.EventId == late)), TimeSpan.FromSeconds(30), "the takeover's delivery");
        Assert.True(DateTime.UtcNow >= expires, "Taken over only after the dead holder's lease ran out.");
        await Task.Delay(2500);
        Assert.Single(receiver.Requests, r => r.EventId == late);
        Assert.Equal(11, receiver.Requests.Count);
        var taker = await LeaseHolderAsync(db);
        Assert.Single(_instances, s => s != holder && taker.Contains($":{s.ProcessId}:", StringComparison.Ordinal));

        // The load balancer still answers from the instances alive.
        for (var i = 0; i < Instances; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        }
    }

    private static async Task<string> LeaseHolderAsync(BridgeheadDb db) =>
        await db.Leases.AsNoTracking().Where(l => l.Name == BackgroundWorker.LeaseName).Select(l => l.Holder).SingleAsync();

    private static async Task<List<long>> RaiseAsync(string connection, int count, string title)
    {
        await using var db = OpenDb(connection);
        var raised = Enumerable.Range(1, count)
            .Select(i => Events.Raise(db, NotificationEvent.OrderAtRisk, "order", i, null, new { lineId = i, product = title, promisedDate = "2026-12-01" }, $"test:{title}:{i}"))
            .ToList();
        await db.SaveChangesAsync();
        return [.. raised.Select(e => e.Id)];
    }

    private static BridgeheadDb OpenDb(string connection) => new(Database.Options(connection)) { Viewer = Viewer.System };

    /// <summary>A user signing in with <see cref="TestUser.Password"/>; returns the user name.</summary>
    private static async Task<string> CreateUserAsync(string connection, Role role, string? team)
    {
        await using var db = OpenDb(connection);
        var userName = $"{role.ToString().ToLowerInvariant()}_{Guid.NewGuid():N}"[..20];
        db.Users.Add(new User
        {
            UserName = userName,
            NormalizedUserName = userName,
            DisplayName = $"Scale-out {role}",
            Role = role,
            PasswordHash = Passwords.Hash(TestUser.Password),
            SecurityStamp = User.NewStamp(),
            Team = team is null ? null : new Team { Name = team },
        });
        await db.SaveChangesAsync();
        return userName;
    }

    private static string Upstream(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Upstream", out var values) ? string.Join(',', values) : throw new InvalidOperationException("No X-Upstream header: not through nginx?");

    private static string Token(string html)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, "<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"");
        Assert.True(match.Success, "The form carries an antiforgery token.");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public async ValueTask DisposeAsync()
    {
        if (_nginx is not null)
        {
            await _nginx.DisposeAsync();
        }
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }
        if (_database is not null)
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await (await PostgresServer.InstanceAsync()).DropDatabaseAsync(_database);
        }
        if (_dataFolder is not null)
        {
            try
            {
                Directory.Delete(_dataFolder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
