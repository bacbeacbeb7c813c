using System.Net;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Security;

public sealed class SecretsTests_Sqlite() : SecretsTests(Provider.Sqlite);

public sealed class SecretsTests_Postgres() : SecretsTests(Provider.Postgres);

/// <summary>
/// Secrets are written, never read back: with an SMTP password configured, a webhook whose secret
/// was shown once at creation and once more at a rotation, API tokens issued and a password reset,
/// no GET endpoint or page (asked as an admin, who reads the most), no history, export or report,
/// and no audit entry holds the SMTP password, a webhook secret, an API token, or any token or
/// password hash stored in the database. A server of its own: the SMTP password is configuration.
/// </summary>
public abstract class SecretsTests(Provider provider) : AppTests(provider)
{
    private static readonly string SmtpPassword = "smtp-" + Guid.NewGuid().ToString("N");

    private TestApp? _own;

    protected override async Task<(TestApp? App, string? SkipReason)> StartAppAsync()
    {
        if (Provider == Provider.Postgres && (await PostgresServer.InstanceAsync()).SkipReason is { } reason)
        {
            return (null, reason);
        }
        _own = await TestApp.StartAsync(Provider, new Dictionary<string, string?>
        {
            ["Bridgehead:Smtp:Host"] = "smtp.invalid",
            ["Bridgehead:Smtp:User"] = "mailer",
            ["Bridgehead:Smtp:Password"] = SmtpPassword,
        });
        return (_own, null);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_own is not null)
        {
            await _own.DisposeAsync();
        }
        await base.DisposeAsync();
    }

    [Fact]
    public async Task No_output_and_no_audit_entry_holds_a_secret()
    {
        var scan = await ScanWorld.CreateAsync(App);
        var world = scan.World;
        using var admin = App.Client(world.Admin);

        // A webhook: its secret is in the creation's answer and the rotation's, nowhere after.
        var created = await admin.PostJsonAsync("/api/v1/webhooks", new { url = "https://hooks.example/" + world.Tag + "/secret", events = new[] { "stageChanged" } });
        await created.ExpectAsync(HttpStatusCode.Created);
        var webhook = await created.JsonAsync();
        var secrets = new List<string> { SmtpPassword, webhook["secret"]!.GetValue<string>() };
        var rotated = await admin.PatchJsonAsync($"/api/v1/webhooks/{webhook.Id()}", new { rotateSecret = true, description = "rotated" }, created.Headers.ETag!.Tag);
        await rotated.ExpectAsync(HttpStatusCode.OK);
        secrets.Add((await rotated.JsonAsync())["secret"]!.GetValue<string>());
        scan["webhooks"] = webhook.Id();

        // API tokens: the fixture's users' and one more signed in by password; a password reset.
        using var anonymous = App.Client();
        var token = await anonymous.PostJsonAsync("/api/v1/auth/token", new { userName = world.Viewer.UserName, password = TestUser.Password });
        await token.ExpectAsync(HttpStatusCode.OK);
        secrets.Add((await token.JsonAsync())["token"]!.GetValue<string>());
        secrets.AddRange(new[] { world.Manager, world.Rep, world.Quality, world.Product, world.Viewer }.Select(u => u.Token));
        var reset = await admin.PostJsonAsync($"/api/v1/users/{world.Quality.Id}/reset-password", new { });
        await reset.ExpectAsync(HttpStatusCode.OK);
        secrets.Add((await reset.JsonAsync())["oneTimePassword"]!.GetValue<string>());
        await using (var db = App.OpenDb())
        {
            secrets.AddRange(await db.ApiTokens.Select(t => t.TokenHash).ToListAsync());
            secrets.AddRange(await db.Users.Select(u => u.PasswordHash).ToListAsync());
            secrets.AddRange(await db.Webhooks.Select(w => w.Secret).ToListAsync());
        }
        secrets = [.. secrets.Where(s => s.Length >= 16).Distinct()];
        Assert.True(secrets.Count > 10);

        var (api, pages) = await OutputScan.RoutesAsync(App);
        var (apiUrls, apiUnfilled) = OutputScan.Expand(api.Where(t => !ScanWorld.Skipped(t)), scan.Fill, scan.Queries);
        var (pageUrls, pageUnfilled) = OutputScan.Expand(pages.Where(t => !ScanWorld.Skipped(t)), scan.Fill, scan.Queries);
        Assert.Empty(apiUnfilled.Concat(pageUnfilled));
        using var browser = await App.SignInAsync(world.Admin);
        var outputs = await OutputScan.FetchAsync(admin, apiUrls.Select(u => "/" + u.TrimStart('/')));
        outputs.AddRange(await OutputScan.FetchAsync(browser.Http, pageUrls.Select(u => "/" + u.TrimStart('/'))));
        Assert.Contains(outputs, o => o.Status == HttpStatusCode.OK && o.Url == $"/api/v1/webhooks/{webhook.Id()}/history");
        Assert.Contains(outputs, o => o.Status == HttpStatusCode.OK && o.Url.StartsWith("/admin/email", StringComparison.Ordinal));

        var found = outputs.SelectMany(o => secrets.Where(s => o.Text.Contains(s, StringComparison.Ordinal)).Select(s => $"{o.Url}: {Shown(s)}")).ToList();
        Assert.True(found.Count == 0, "Secrets read back:\n" + string.Join("\n", found));

        await using (var db = App.OpenDb())
        {
            var audit = await db.AuditEntries.Select(e => new { e.EntityType, e.EntityId, e.Changes }).ToListAsync();
            Assert.Contains(audit, e => e.EntityType == "webhook" && e.EntityId == webhook.Id());
            Assert.Contains(audit, e => e.EntityType == "user" && e.EntityId == world.Quality.Id);
            var inAudit = audit.SelectMany(e => secrets.Where(s => e.Changes.Contains(s, StringComparison.Ordinal)).Select(s => $"{e.EntityType} {e.EntityId}: {Shown(s)}")).ToList();
            Assert.True(inAudit.Count == 0, "Secrets in the audit log:\n" + string.Join("\n", inAudit));
        }
    }

    /// <summary>Enough of a secret to tell which one it was.</summary>
    private static string Shown(string secret) => secret[..6] + "...";
}
