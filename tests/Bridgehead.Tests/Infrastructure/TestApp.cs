using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Bridgehead.Data;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bridgehead.Tests.Infrastructure;

public enum Provider
{
    Sqlite,
    Postgres,
}

/// <summary>A user created for a test, with an API token.</summary>
public sealed record TestUser(long Id, string UserName, Role Role, long? TeamId, string Token)
{
    public const string Password = "Test-password-1";
}

/// <summary>
/// A real Bridgehead server on a free loopback port, on a fresh SQLite file or PostgreSQL database.
/// Tests talk to it over real HTTP. One shared instance per provider serves most tests; tests
/// that need special settings start their own.
/// </summary>
public sealed partial class TestApp : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<Provider, Lazy<Task<TestApp?>>> SharedApps = new();
    private static readonly Lazy<string> PasswordHash = new(() => Passwords.Hash(TestUser.Password));
    private static int _users;

    private readonly string _folder;
    private readonly string? _postgresDatabase;
    private readonly PostgresServer? _postgresServer;

    public WebApplication Web { get; }

    public Uri BaseAddress { get; }

    public string ConnectionString { get; }

    public Provider Provider { get; }

    private TestApp(WebApplication web, Uri baseAddress, string connectionString, Provider provider, string folder, string? postgresDatabase, PostgresServer? postgresServer)
    {
        _postgresServer = postgresServer;
        Web = web;
        BaseAddress = baseAddress;
        ConnectionString = connectionString;
        Provider = provider;
        _folder = folder;
        _postgresDatabase = postgresDatabase;
    }

    /// <summary>The shared server of a provider; null with the skip reason when PostgreSQL is not installed.</summary>
    public static async Task<(TestApp? App, string? SkipReason)> SharedAsync(Provider provider)
    {
        if (provider == Provider.Postgres && (await PostgresServer.InstanceAsync()).SkipReason is { } reason)
        {
            return (null, reason);
        }
        var app = await SharedApps.GetOrAdd(provider, p => new Lazy<Task<TestApp?>>(async () =>
        {
            var started = await StartAsync(p);
            Cleanup.AtExit(() => started.Web.StopAsync().GetAwaiter().GetResult());
            return started;
        })).Value;
        return (app, null);
    }

    /// <summary>
    /// A server of its own, with extra settings (e.g. a low sign-in limit). With
    /// <paramref name="connectionString"/>, a second server on that existing database (another
    /// instance of a deployment): it neither migrates nor seeds, and leaves the database in place when disposed.
    /// </summary>
    /// <param name="postgres">The PostgreSQL cluster to make the database on (default: the shared one).</param>
    public static async Task<TestApp> StartAsync(Provider provider, IDictionary<string, string?>? settings = null, string? connectionString = null, PostgresServer? postgres = null)
    {
        var folder = Directory.CreateTempSubdirectory("bridgehead-test-").FullName;
        var existing = connectionString is not null;
        string? pgDatabase = null;
        PostgresServer? pgServer = null;
        if (connectionString is not null)
        {
            // Another instance on the first one's database: nothing to create.
        }
        else if (provider == Provider.Postgres)
        {
            pgServer = postgres ?? await PostgresServer.InstanceAsync();
            if (pgServer.SkipReason is { } reason)
            {
                Assert.Skip(reason);
            }
            pgDatabase = pgServer.NewDatabaseName();
            connectionString = pgServer.ConnectionString(pgDatabase);
        }
        else
        {
            connectionString = Database.DefaultSqlite(folder);
        }

        var config = new Dictionary<string, string?>
        {
            ["BRIDGEHEAD_DATABASE"] = connectionString,
            ["BRIDGEHEAD_DATA"] = folder,
            ["urls"] = "http://127.0.0.1:0",
            ["Bridgehead:SignInAttemptsPerMinute"] = "100000",
            // No background tick: tests run the background work when they mean to (BackgroundWorker.RunOnceAsync).
            ["Bridgehead:Background:IntervalSeconds"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware"] = "None",
            // Races that tests provoke on purpose (idempotent retries, concurrent edits) end in
            // constraint errors the product handles; EF still logs them, which would bury the
            // name of a failing test in CI output.
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Update"] = "None",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "None",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }
        var web = WebApp.Build([], b => b.Configuration.AddInMemoryCollection(config));
        if (pgServer is not null)
        {
            await MigratedTemplate.CreatePostgresAsync(pgServer, pgDatabase!);
        }
        else if (!existing)
        {
            await MigratedTemplate.CopySqliteAsync(connectionString);
        }
        await web.StartAsync();
        var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestApp(web, new Uri(address), connectionString, provider, folder, pgDatabase, pgServer);
    }

    /// <summary>The database as the system sees it, or as a given viewer.</summary>
    public BridgeheadDb OpenDb(Viewer? viewer = null) => new(Database.Options(ConnectionString)) { Viewer = viewer ?? Viewer.System };

    /// <summary>A user of the role (in the team, created on first use), with an API token.</summary>
    public async Task<TestUser> CreateUserAsync(Role role, string? team = null, bool mustChangePassword = false)
    {
        var n = Interlocked.Increment(ref _users);
        var userName = $"{role.ToString().ToLowerInvariant()}{n}_{Guid.NewGuid().ToString("N")[..6]}";
        await using var db = OpenDb();
        Team? teamEntity = null;
        if (team is not null)
        {
            teamEntity = await db.Teams.FirstOrDefaultAsync(t => t.Name == team) ?? db.Teams.Add(new Team { Name = team }).Entity;
        }
        var user = new User
        {
            UserName = userName,
            NormalizedUserName = userName,
            DisplayName = $"Test {role} {n}",
            Role = role,
            PasswordHash = PasswordHash.Value,
            SecurityStamp = User.NewStamp(),
            MustChangePassword = mustChangePassword,
            Team = teamEntity,
        };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        if (teamEntity is not null && role == Role.Manager && teamEntity.ManagerId is null)
        {
            teamEntity.ManagerId = user.Id;
            await db.SaveChangesAsync();
        }
        var token = await new IssueToken(db).HandleAsync(user.Id, "test", null, CancellationToken.None);
        return new TestUser(user.Id, userName, role, user.TeamId, token.Token);
    }

    /// <summary>A unique team name, so tests do not see each other's teams.</summary>
    public static string NewTeam() => "team-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>An API client, signed in with the user's token (or anonymous).</summary>
    public HttpClient Client(TestUser? user = null, string? language = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (user is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        }
        if (language is not null)
        {
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        }
        return client;
    }

    /// <summary>A browser-like client (cookies, no redirects followed) signed in through the /login page.</summary>
    public async Task<BrowserClient> SignInAsync(TestUser user, string? language = "en")
    {
        var browser = NewBrowser(language);
        var form = await browser.GetFormAsync("/login");
        var response = await browser.PostFormAsync("/login", form.Token, new Dictionary<string, string>
        {
            ["Input.UserName"] = user.UserName,
            ["Input.Password"] = TestUser.Password,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    public BrowserClient NewBrowser(string? language = "en")
    {
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        var client = new HttpClient(handler) { BaseAddress = BaseAddress };
        if (language is not null)
        {
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        }
        return new BrowserClient(client);
    }

    public async ValueTask DisposeAsync()
    {
        await Web.StopAsync();
        await Web.DisposeAsync();
        if (_postgresDatabase is not null && _postgresServer is not null)
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await _postgresServer.DropDatabaseAsync(_postgresDatabase);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Talks to the pages like a browser: cookies, antiforgery tokens from forms, no automatic redirects.</summary>
public sealed partial class BrowserClient(HttpClient http) : IDisposable
{
    public HttpClient Http { get; } = http;

    public sealed record Page(HttpStatusCode Status, string Html, string Token);

    public async Task<Page> GetFormAsync(string path)
    {
        var response = await Http.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        // Every form that posts must carry its own token: a browser sends only the fields of the
        // form submitted, so a token elsewhere on the page (the layout's) would not save it.
        foreach (Match form in PostForm().Matches(html))
        {
            Assert.True(TokenInput().IsMatch(form.Value), $"A form on {path} posts without an antiforgery token: {form.Value[..Math.Min(200, form.Value.Length)]}");
        }
        var match = TokenInput().Match(html);
        return new Page(response.StatusCode, html, match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : "");
    }

    public Task<HttpResponseMessage> PostFormAsync(string path, string token, IDictionary<string, string> fields)
    {
        var all = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token };
        return Http.PostAsync(path, new FormUrlEncodedContent(all));
    }

    public async Task<(HttpStatusCode Status, string Html)> GetAsync(string path)
    {
        var response = await Http.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("<form[^>]*method=\"post\"[^>]*>[\\s\\S]*?</form>", RegexOptions.IgnoreCase)]
    private static partial Regex PostForm();

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();

    public void Dispose() => Http.Dispose();
}
