using System.CommandLine;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Demo;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Bridgehead.Scale;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Cli;

/// <summary>Opens the configured database as the system (the command line sees everything).</summary>
internal static class CliDatabase
{
    public static BridgeheadDb Open(Settings settings) =>
        new(Database.Options(settings.ConnectionString)) { Viewer = Viewer.System };

    public static Settings Settings() => Hosting.Settings.From(Hosting.Settings.LoadConfiguration());

    public static async Task MigrateAsync(BridgeheadDb db, CliConsole console, CancellationToken ct)
    {
        var applied = await Database.MigrateAsync(db, ct);
        if (applied.Count > 0)
        {
            console.Out.WriteLine(Validator.Format(CliText.Migrated, applied.Count));
        }
    }

    public static void PrintDemoUsers(CliConsole console, IReadOnlyList<DemoLogin> logins)
    {
        console.Out.WriteLine(CliText.DemoUsersHeading);
        foreach (var login in logins)
        {
            var password = login.OneTimePassword ?? CliText.PasswordAlreadySet;
            console.Out.WriteLine($"  {login.UserName,-10} {Labels.Of(login.Role),-20} {password}");
        }
        console.Out.WriteLine(CliText.DemoUsersFooter);
    }
}

internal static class ServeCommand
{
    public static Command Create(CliConsole console)
    {
        var urls = new Option<string?>("--urls") { Description = CliText.ServeUrls };
        var demo = new Option<bool>("--demo") { Description = CliText.ServeDemo };
        var command = new Command("serve", CliText.ServeDescription) { urls, demo };
        command.SetAction(async (parse, ct) =>
        {
            var args = new List<string>();
            if (parse.GetValue(urls) is { } u)
            {
                args.Add("--urls=" + u);
            }
            var app = WebApp.Build([.. args]);
            var settings = app.Services.GetRequiredService<Settings>();
            console.Out.WriteLine(Validator.Format(CliText.UsingDatabase, settings.Describe()));
            await using (var db = CliDatabase.Open(settings))
            {
                await CliDatabase.MigrateAsync(db, console, ct);
                if (parse.GetValue(demo))
                {
                    var logins = await new DemoData(db).LoadAsync(ct);
                    if (logins is null)
                    {
                        console.Out.WriteLine(CliText.DemoSkipped);
                    }
                    else
                    {
                        CliDatabase.PrintDemoUsers(console, logins);
                    }
                }
            }
            await app.StartAsync(ct);
            foreach (var address in app.Urls)
            {
                console.Out.WriteLine(Validator.Format(CliText.Listening, address));
            }
            await app.WaitForShutdownAsync(ct);
            return CommandLine.Ok;
        });
        return command;
    }
}

internal static class MigrateCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("migrate", CliText.MigrateDescription);
        command.SetAction(async (_, ct) =>
        {
            var settings = CliDatabase.Settings();
            await using var db = CliDatabase.Open(settings);
            var applied = await Database.MigrateAsync(db, ct);
            console.Out.WriteLine(applied.Count == 0
                ? Validator.Format(CliText.UpToDate, settings.Describe())
                : Validator.Format(CliText.Migrated, applied.Count) + " " + settings.Describe());
            return CommandLine.Ok;
        });
        return command;
    }
}

internal static class SeedCommand
{
    public static Command Create(CliConsole console)
    {
        var demo = new Option<bool>("--demo") { Description = CliText.SeedDemo };
        var scale = new Option<int?>("--scale") { Description = CliText.SeedScale, HelpName = "N" };
        scale.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is { } n && (n < ScaleData.MinScale || n > ScaleData.MaxScale))
            {
                r.AddError(Validator.Format(ScaleText.ScaleRange, ScaleData.MinScale, ScaleData.MaxScale));
            }
        });
        var seed = new Option<int?>("--seed") { Description = CliText.SeedSeed, HelpName = "S" };
        var command = new Command("seed", CliText.SeedDescription) { demo, scale, seed };
        command.Validators.Add(result =>
        {
            var isDemo = result.GetValue(demo);
            var isScale = result.GetValue(scale) is not null;
            if (isDemo && isScale)
            {
                result.AddError(CliText.SeedOneMode);
            }
            else if (!isDemo && !isScale)
            {
                result.AddError(CliText.SeedNeedsMode);
            }
            else if (!isScale && result.GetValue(seed) is not null)
            {
                result.AddError(CliText.SeedSeedNeedsScale);
            }
        });
        command.SetAction(async (parse, ct) =>
        {
            await using var db = CliDatabase.Open(CliDatabase.Settings());
            await CliDatabase.MigrateAsync(db, console, ct);
            if (parse.GetValue(scale) is { } n)
            {
                return await ScaleAsync(console, db, n, parse.GetValue(seed) ?? 1, ct);
            }
            var logins = await new DemoData(db).LoadAsync(ct);
            if (logins is null)
            {
                console.Out.WriteLine(CliText.DemoSkipped);
                return CommandLine.Ok;
            }
            CliDatabase.PrintDemoUsers(console, logins);
            return CommandLine.Ok;
        });
        return command;
    }

    /// <summary>The synthetic benchmark book: a line per table on stderr as it goes, the summary on stdout.</summary>
    private static async Task<int> ScaleAsync(CliConsole console, BridgeheadDb db, int n, int seed, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var tables = await new ScaleData(db, t => console.Error.WriteLine(
            string.Format(System.Globalization.CultureInfo.CurrentCulture, CliText.ScaleTableDone, t.Table, t.Rows, t.Took.TotalSeconds))).LoadAsync(n, seed, ct);
        console.Out.WriteLine(string.Format(System.Globalization.CultureInfo.CurrentCulture, CliText.ScaleSummary, n, seed, tables.Sum(t => t.Rows), clock.Elapsed.TotalSeconds));
        foreach (var t in tables.Where(t => t.Rows > 0))
        {
            console.Out.WriteLine(string.Format(System.Globalization.CultureInfo.CurrentCulture, "  {0,-22} {1,12:N0}", t.Table, t.Rows));
        }
        console.Out.WriteLine(Validator.Format(CliText.ScaleUsers, ScaleData.AdminName,
            ScaleData.ManagerName(n, 1) + ".." + ScaleData.ManagerName(n, ScaleData.TeamCount(n)),
            ScaleData.RepName(n, 1) + ".." + ScaleData.RepName(n, ScaleData.RepCount(n)),
            ScaleData.QualityName, ScaleData.ProductName, ScaleData.ViewerName));
        return CommandLine.Ok;
    }
}

internal static class UserCommand
{
    public static Command Create(CliConsole console)
    {
        var name = new Argument<string>("NAME") { Description = CliText.UserName };
        var role = new Option<Role>("--role") { Description = CliText.UserRole, Required = true };
        role.AcceptOnlyFromAmong([.. Enum.GetNames<Role>().Select(n => n.ToLowerInvariant())]);
        role.CustomParser = r => Enum.Parse<Role>(r.Tokens[0].Value, ignoreCase: true);
        var team = new Option<string?>("--team") { Description = CliText.UserTeam };
        var displayName = new Option<string?>("--display-name") { Description = CliText.UserDisplayName };
        var email = new Option<string?>("--email") { Description = CliText.UserEmail };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = CliText.UserPasswordStdin };
        var add = new Command("add", CliText.UserAddDescription) { name, role, team, displayName, email, passwordStdin };
        add.SetAction(async (parse, ct) =>
        {
            string? password = null;
            if (parse.GetValue(passwordStdin))
            {
                password = (await console.In.ReadLineAsync(ct))?.TrimEnd('\r', '\n');
                if (string.IsNullOrEmpty(password))
                {
                    console.Error.WriteLine("bridgehead: " + CliText.NoPasswordOnStdin);
                    return CommandLine.Usage;
                }
            }
            await using var db = CliDatabase.Open(CliDatabase.Settings());
            await CliDatabase.MigrateAsync(db, console, ct);
            var created = await new CreateUser(db).HandleAsync(
                new NewUser(parse.GetValue(name)!, parse.GetValue(displayName), parse.GetValue(role), parse.GetValue(team), parse.GetValue(email), password), ct);
            console.Out.WriteLine(Validator.Format(CliText.UserCreated, created.User.UserName, Labels.Of(created.User.Role), created.User.TeamName ?? "-"));
            if (created.OneTimePassword is { } otp)
            {
                console.Out.WriteLine(Validator.Format(CliText.OneTimePassword, otp));
            }
            return CommandLine.Ok;
        });
        var command = new Command("user", CliText.UserDescription) { add };
        return command;
    }
}

internal static class TokenCommand
{
    public static Command Create(CliConsole console)
    {
        var name = new Argument<string>("NAME") { Description = CliText.TokenUser };
        var expires = new Option<int?>("--expires") { Description = CliText.TokenExpires };
        expires.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is { } d && (d < 1 || d > ApiToken.MaxDays))
            {
                r.AddError(Validator.Format(CliText.TokenExpiresRange, ApiToken.MaxDays));
            }
        });
        var create = new Command("create", CliText.TokenCreateDescription) { name, expires };
        create.SetAction(async (parse, ct) =>
        {
            await using var db = CliDatabase.Open(CliDatabase.Settings());
            await CliDatabase.MigrateAsync(db, console, ct);
            var normalized = User.Normalize(parse.GetValue(name)!);
            var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedUserName == normalized && u.IsActive, ct);
            if (user is null)
            {
                console.Error.WriteLine("bridgehead: " + CommonText.UnknownUser);
                return CommandLine.Failed;
            }
            var token = await new IssueToken(db).HandleAsync(user.Id, "command line", parse.GetValue(expires), ct);
            console.Out.WriteLine(token.Token);
            console.Error.WriteLine(Validator.Format(CliText.TokenCreated, user.UserName, token.ExpiresAt));
            return CommandLine.Ok;
        });
        return new Command("token", CliText.TokenDescription) { create };
    }
}
