using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Cli;

/// <summary>
/// The demo seed through the command line runs on SQLite only: loading the demo takes half a
/// minute of a 2-core machine, and the same loader is tested on PostgreSQL in-process
/// (DemoDataTests), second load included.
/// </summary>
public sealed class CliTests_Sqlite() : CliTests(Provider.Sqlite)
{
    [Fact]
    public async Task SeedDemo_FillsAnEmptyDatabase_AndOnASecondRunReissuesOnlyOneTimePasswords()
    {
        var first = await Bridgehead("seed", "--demo");
        Assert.Equal(0, first.ExitCode);
        foreach (var role in new[] { "admin", "manager", "rep", "quality", "product", "viewer" })
        {
            Assert.Matches($"(?m)^  {role} +", first.Out);
        }

        await using (var db = new BridgeheadDb(Database.Options(ConnectionString)) { Viewer = Viewer.System })
        {
            var admin = await db.Users.SingleAsync(u => u.UserName == "admin");
            admin.SetPassword(Passwords.Hash("Chosen-by-admin-1"), oneTime: false);
            await db.SaveChangesAsync();
        }
        var second = await Bridgehead("seed", "--demo");
        Assert.Equal(0, second.ExitCode);
        Assert.Matches("(?m)^  admin .*chosen a password", second.Out);
        Assert.Matches("(?m)^  rep +\\S+ .* [A-Za-z0-9]{16}$", second.Out);
    }
}

public sealed class CliTests_Postgres() : CliTests(Provider.Postgres);

/// <summary>The command line as an operator uses it: real process, real database, exit codes and one-line errors.</summary>
public abstract class CliTests(Provider provider) : IAsyncLifetime
{
    private Dictionary<string, string> _env = [];

    protected string ConnectionString { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var folder = Directory.CreateTempSubdirectory("bridgehead-cli-").FullName;
        _env = new() { ["BRIDGEHEAD_DATA"] = folder };
        if (provider == Provider.Postgres)
        {
            var server = await PostgresServer.InstanceAsync();
            if (server.SkipReason is null)
            {
                ConnectionString = server.ConnectionString(server.NewDatabaseName());
                _env["BRIDGEHEAD_DATABASE"] = ConnectionString;
            }
        }
        else
        {
            ConnectionString = Database.DefaultSqlite(folder);
        }
    }

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    protected async Task<Infrastructure.Cli.Run> Bridgehead(params string[] args)
    {
        await SkipWithoutPostgresAsync();
        return await Infrastructure.Cli.RunAsync(_env, null, args);
    }

    private async Task SkipWithoutPostgresAsync()
    {
        if (provider == Provider.Postgres && (await PostgresServer.InstanceAsync()).SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }
    }

    [Fact]
    public async Task Migrate_AppliesOnce_ThenReportsUpToDate()
    {
        var first = await Bridgehead("migrate");
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("Applied", first.Out);
        var second = await Bridgehead("migrate");
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("up to date", second.Out);
    }

    [Fact]
    public async Task UserAdd_GeneratesAOneTimePassword_AndTokenCreate_PrintsATokenStoredOnlyHashed()
    {
        var add = await Bridgehead("user", "add", "kim.rep", "--role", "rep", "--team", "Busan");
        Assert.Equal(0, add.ExitCode);
        Assert.Contains("One-time password", add.Out);

        var token = await Bridgehead("token", "create", "kim.rep", "--expires", "7");
        Assert.Equal(0, token.ExitCode);
        var secret = token.Out.Trim();
        Assert.StartsWith("bh_", secret);

        await using var db = new BridgeheadDb(Database.Options(ConnectionString)) { Viewer = Viewer.System };
        var user = await db.Users.Include(u => u.Team).SingleAsync(u => u.UserName == "kim.rep");
        Assert.True(user.MustChangePassword);
        Assert.Equal("Busan", user.Team!.Name);
        Assert.StartsWith("pbkdf2-sha512$210000$", user.PasswordHash);
        var stored = await db.ApiTokens.SingleAsync(t => t.UserId == user.Id);
        Assert.NotEqual(secret, stored.TokenHash);
        Assert.Equal(ApiToken.Hash(secret), stored.TokenHash);
        Assert.InRange(stored.ExpiresAt, DateTime.UtcNow.AddDays(6.9), DateTime.UtcNow.AddDays(7.1));
    }

    [Fact]
    public async Task UserAdd_WithPasswordStdin_SetsThatPassword_AndRefusesADuplicateName()
    {
        await SkipWithoutPostgresAsync();
        var add = await Infrastructure.Cli.RunAsync(_env, "A-long-enough-password\n", "user", "add", "lee", "--role", "manager", "--team", "Seoul", "--password-stdin");
        Assert.Equal(0, add.ExitCode);
        Assert.DoesNotContain("One-time password", add.Out);

        var again = await Bridgehead("user", "add", "LEE", "--role", "rep");
        Assert.Equal(1, again.ExitCode);
        Assert.Single(again.ErrorLines);
        Assert.Contains("userName", again.Error);

        await using var db = new BridgeheadDb(Database.Options(ConnectionString)) { Viewer = Viewer.System };
        var lee = await db.Users.Include(u => u.Team).SingleAsync(u => u.UserName == "lee");
        Assert.True(Passwords.Verify("A-long-enough-password", lee.PasswordHash, out _));
        Assert.False(lee.MustChangePassword);
        Assert.Equal(lee.Id, lee.Team!.ManagerId);
    }

    [Fact]
    public async Task TokenCreate_ForAnUnknownUser_FailsWithOneLine()
    {
        var run = await Bridgehead("token", "create", "nobody");
        Assert.Equal(1, run.ExitCode);
        Assert.Single(run.ErrorLines);
    }

    [Fact]
    public async Task SeedDemo_LeavesADatabaseWithOtherDataAlone()
    {
        Assert.Equal(0, (await Bridgehead("user", "add", "solo", "--role", "admin")).ExitCode);
        var seed = await Bridgehead("seed", "--demo");
        Assert.Equal(0, seed.ExitCode);
        Assert.Contains("already holds data", seed.Out);
        await using var db = new BridgeheadDb(Database.Options(ConnectionString)) { Viewer = Viewer.System };
        Assert.Equal(1, await db.Users.CountAsync());
    }
}

/// <summary>What the command line answers before it touches a database: help, wrong arguments, a database it cannot reach. Once, not per provider.</summary>
public sealed class CliArgumentsTests
{
    private readonly Dictionary<string, string> _env = new() { ["BRIDGEHEAD_DATA"] = Directory.CreateTempSubdirectory("bridgehead-cli-").FullName };

    private Task<Infrastructure.Cli.Run> Bridgehead(params string[] args) => Infrastructure.Cli.RunAsync(_env, null, args);

    [Fact]
    public async Task Help_ListsTheVerbs_AndEveryVerbHasHelp()
    {
        var root = await Bridgehead("--help");
        Assert.Equal(0, root.ExitCode);
        foreach (var verb in new[] { "serve", "migrate", "seed", "user", "token", "import", "export" })
        {
            Assert.Contains(verb, root.Out);
        }
        Assert.Contains("--scale", (await Bridgehead("seed", "--help")).Out);

        foreach (var verb in new[] { new[] { "serve", "--help" }, ["migrate", "--help"], ["user", "add", "--help"], ["token", "create", "--help"], ["import", "--help"], ["export", "--help"] })
        {
            var help = await Bridgehead(verb);
            Assert.Equal(0, help.ExitCode);
            Assert.Contains("--help", help.Out);
        }
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("user", "add", "kim")]
    [InlineData("user", "add", "kim", "--role", "boss")]
    [InlineData("token", "create", "kim", "--expires", "0")]
    [InlineData("seed")]
    [InlineData("serve", "--port", "8")]
    public async Task BadArguments_PrintOneLine_AndExitWith2(params string[] args)
    {
        var run = await Bridgehead(args);
        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.StartsWith("bridgehead: ", run.ErrorLines[0]);
    }

    [Fact]
    public async Task UnreachableDatabase_FailsWithOneLine()
    {
        var env = new Dictionary<string, string>(_env) { ["BRIDGEHEAD_DATABASE"] = "Host=127.0.0.1;Port=1;Database=x;Username=x;Timeout=2" };
        var run = await Infrastructure.Cli.RunAsync(env, null, "migrate");
        Assert.Equal(1, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.StartsWith("bridgehead: ", run.Error);
    }
}
