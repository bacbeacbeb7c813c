using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Bridgehead.Identity;
using Bridgehead.Notifications;
using Bridgehead.Tests.Infrastructure;
using Bridgehead.Tests.Quotes;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using static Bridgehead.Tests.Pursuits.PursuitApi;
using static Bridgehead.Tests.Quotes.QuoteSetup;

namespace Bridgehead.Tests.Notifications;

public sealed class NotificationOwnAppTests_Sqlite() : NotificationOwnAppTests(Provider.Sqlite);

public sealed class NotificationOwnAppTests_Postgres() : NotificationOwnAppTests(Provider.Postgres);

/// <summary>
/// Emails and quote approvals, on a server of their own (per provider): it writes emails into a
/// pickup folder of its own, links to a public URL, and its quote policy asks for approval, none of
/// which the shared server may do. Tests of the SMTP path run the email job with settings of their own.
/// </summary>
public abstract class NotificationOwnAppTests(Provider provider) : IAsyncLifetime
{
    private const string PublicUrl = "https://crm.example.test";
    private static readonly ConcurrentDictionary<Provider, Lazy<Task<(TestApp App, string Pickup)>>> Apps = new();
    private TestApp? _app;
    private string? _skip;

    protected TestApp App
    {
        get
        {
            if (_skip is not null)
            {
                Assert.Skip(_skip);
            }
            return _app!;
        }
    }

    protected string Pickup { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        if (provider == Provider.Postgres && (await PostgresServer.InstanceAsync()).SkipReason is { } reason)
        {
            _skip = reason;
            return;
        }
        (_app, Pickup) = await Apps.GetOrAdd(provider, p => new Lazy<Task<(TestApp, string)>>(async () =>
        {
            var pickup = Directory.CreateTempSubdirectory("bridgehead-pickup-").FullName;
            var app = await TestApp.StartAsync(p, new Dictionary<string, string?>
            {
                ["Bridgehead:PublicUrl"] = PublicUrl + "/",
                ["Bridgehead:Smtp:PickupFolder"] = pickup,
            });
            using (var admin = app.Client(await app.CreateUserAsync(Role.Admin)))
            {
                // Any discount needs a manager's approval on this server.
                var current = await admin.GetAsync("/api/v1/quote-policy");
                var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/quote-policy") { Content = JsonContent.Create(new { maxDiscountPercent = 1m }) };
                request.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.Tag);
                await (await admin.SendAsync(request)).ExpectAsync(HttpStatusCode.OK);
            }
            Cleanup.AtExit(() =>
            {
                app.DisposeAsync().AsTask().GetAwaiter().GetResult();
                Directory.Delete(pickup, recursive: true);
            });
            return (app, pickup);
        })).Value;
    }

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    private NotificationSettings SettingsWith(string? host, int port, string? password = null) => new()
    {
        SmtpHost = host,
        SmtpPort = port,
        Security = SmtpSecurity.None,
        SmtpPassword = password,
        From = "Bridgehead <crm@example.test>",
        PickupFolder = Pickup,
    };

    private async Task<long> QueueEmailAsync(string to, string subject)
    {
        await using var db = App.OpenDb();
        var now = DateTime.UtcNow;
        var m = new EmailMessage { To = to, Subject = subject, Body = "Body", Status = DeliveryStatus.Pending, NextAttemptAt = now.AddSeconds(-1), CreatedAt = now };
        db.EmailMessages.Add(m);
        await db.SaveChangesAsync();
        return m.Id;
    }

    private async Task<EmailMessage> EmailAsync(long id)
    {
        await using var db = App.OpenDb();
        return await db.EmailMessages.AsNoTracking().SingleAsync(m => m.Id == id);
    }

    private async Task RunEmailJobAsync(NotificationSettings settings)
    {
        await using var db = App.OpenDb();
        await new EmailJob(settings).RunAsync(db, CancellationToken.None);
    }

    [Fact]
    public async Task SubmittingAQuoteForApproval_RaisesOneQuoteApprovalNeeded_AndTheTeamManagerIsTold()
    {
        var team = TestApp.NewTeam();
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var rep = await App.CreateUserAsync(Role.Rep, team);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var opportunity = await client.NewOpportunityAsync(account.Id(), title: "Heat exchangers");
        var product = await App.NewQuoteProductAsync(800m, 1000m);
        var quote = await client.NewQuoteAsync(opportunity.Id(), [Line(product, 5, discountPercent: 10m)]);

        await (await client.ActAsync(quote.Id(), "submit")).ExpectAsync(HttpStatusCode.OK);
        // Submitting a pending quote again changes nothing and raises nothing.
        await (await client.ActAsync(quote.Id(), "submit")).ExpectAsync(HttpStatusCode.OK);

        var e = Assert.Single(await App.EventsAboutAsync("quote", quote.Id()));
        Assert.Equal(NotificationEvent.QuoteApprovalNeeded, e.Event);
        Assert.Equal(rep.Id, e.ActorId);
        Assert.Equal(account.Id(), e.AccountId);
        var data = NotificationSetup.DataOf(e);
        Assert.Equal(opportunity.Str("title"), data.Str("title"));
        Assert.Equal(opportunity.Id(), data["opportunityId"]!.GetValue<long>());
        Assert.Equal(quote["number"]?.GetValue<int>() ?? 1, data["version"]!.GetValue<int>());
        Assert.Null(data["total"]);
        Assert.Null(data["margin"]);

        await App.RunBackgroundAsync();
        Assert.Equal([manager.Id], await App.ToldAsync(e.Id));
        var inbox = await App.Client(manager).GetJsonAsync("/api/v1/notifications");
        var entry = inbox["items"]!.AsArray().Single(i => i!.Str("event") == "quoteApprovalNeeded")!;
        Assert.Equal("Quote approval needed: " + opportunity.Str("title"), entry.Str("title"));
        Assert.Equal($"/quotes/{quote.Id()}", entry.Str("link"));
    }

    [Fact]
    public async Task Email_GoesToThePickupFolder_InTheRecipientsLanguage_WithALinkToTheRecord()
    {
        var team = TestApp.NewTeam();
        var korean = await App.CreateUserAsync(Role.Manager, team);
        var english = await App.CreateUserAsync(Role.Rep, team);
        var owner = await App.CreateUserAsync(Role.Rep, team);
        var korEmail = $"kim-{Guid.NewGuid():N}@example.test";
        var engEmail = $"lee-{Guid.NewGuid():N}@example.test";
        await App.SetContactAsync(korean.Id, korEmail, "ko");
        await App.SetContactAsync(english.Id, engEmail);
        using var client = App.Client(owner);
        var account = await client.NewAccountAsync(english.Id);
        var opportunity = await client.NewOpportunityAsync(account.Id(), title: "Steam valves");
        await App.MeetProspectingGateAsync(client, account.Id(), opportunity.Id());
        await (await client.AdvanceAsync(opportunity.Id())).ExpectAsync(HttpStatusCode.OK);
        var e = Assert.Single(await App.EventsAboutAsync("opportunity", opportunity.Id()));

        // The first run fans out (and may send before the emails exist), the next sends.
        await App.RunBackgroundAsync();
        await App.RunBackgroundAsync();

        var emails = await App.EmailsAsync(e.Id);
        Assert.Equal(2, emails.Count);
        Assert.All(emails, m => Assert.Equal(DeliveryStatus.Delivered, m.Status));
        var files = new Dictionary<string, MimeMessage>();
        foreach (var path in Directory.GetFiles(Pickup, "*.eml"))
        {
            var message = await MimeMessage.LoadAsync(path);
            files[message.To.Mailboxes.Single().Address] = message;
        }
        var ko = files[korEmail];
        Assert.Equal("단계 변경: " + opportunity.Str("title"), ko.Subject);
        Assert.Contains("시장 탐색", ko.TextBody, StringComparison.Ordinal);
        Assert.Contains($"{PublicUrl}/opportunities/{opportunity.Id()}", ko.TextBody, StringComparison.Ordinal);
        Assert.Equal("bridgehead@localhost", ko.From.Mailboxes.Single().Address);
        var en = files[engEmail];
        Assert.Equal("Stage changed: " + opportunity.Str("title"), en.Subject);
        Assert.Contains(opportunity.Str("title") + " moved from Prospecting to Contact.", en.TextBody, StringComparison.Ordinal);
        Assert.Contains($"{PublicUrl}/settings/notifications", en.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.GetFiles(Pickup), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Email_OverSmtp_ReachesTheServer_WithRecipientAndSubject()
    {
        await using var smtp = new FakeSmtpServer();
        var to = $"park-{Guid.NewGuid():N}@example.test";
        var id = await QueueEmailAsync(to, "Order at risk: O-1 Flange");

        await RunEmailJobAsync(SettingsWith("127.0.0.1", smtp.Port));

        var sent = await EmailAsync(id);
        Assert.Equal(DeliveryStatus.Delivered, sent.Status);
        Assert.NotNull(sent.SentAt);
        Assert.Equal(1, sent.Attempts);
        var (recipients, data) = Assert.Single(smtp.Messages, m => m.To.Contains(to));
        Assert.Equal([to], recipients);
        var parsed = MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(data)));
        Assert.Equal("Order at risk: O-1 Flange", parsed.Subject);
        Assert.Equal("crm@example.test", parsed.From.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task Email_WhenTheServerRefuses_IsTriedAgainLater_WithGrowingPauses_AndFailsAfterEightAttempts()
    {
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        const string password = "Sup3r-secret-pw";
        var settings = SettingsWith("127.0.0.1", port, password) with { SmtpUser = "crm" };
        var id = await QueueEmailAsync($"choi-{Guid.NewGuid():N}@example.test", "Incident escalated");
        var second = await QueueEmailAsync($"jung-{Guid.NewGuid():N}@example.test", "Order at risk");

        var before = DateTime.UtcNow;
        await RunEmailJobAsync(settings);

        // The server was not reached: both emails of the run wait for their next attempt.
        Assert.Equal(1, (await EmailAsync(second)).Attempts);
        Assert.Equal(DeliveryStatus.Pending, (await EmailAsync(second)).Status);

        var first = await EmailAsync(id);
        Assert.Equal(DeliveryStatus.Pending, first.Status);
        Assert.Equal(1, first.Attempts);
        Assert.False(string.IsNullOrWhiteSpace(first.LastError));
        Assert.DoesNotContain(password, first.LastError, StringComparison.Ordinal);
        Assert.InRange(first.NextAttemptAt, before.AddSeconds(53), DateTime.UtcNow.AddSeconds(67));

        // Not due yet: a run leaves it alone.
        await RunEmailJobAsync(settings);
        Assert.Equal(1, (await EmailAsync(id)).Attempts);

        for (var attempt = 2; attempt <= EmailJob.MaxAttempts; attempt++)
        {
            await using (var db = App.OpenDb())
            {
                await db.EmailMessages.Where(m => m.Id == id).ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, DateTime.UtcNow.AddSeconds(-1)));
            }
            await RunEmailJobAsync(settings);
            var now = await EmailAsync(id);
            Assert.Equal(attempt, now.Attempts);
            Assert.Equal(attempt < EmailJob.MaxAttempts ? DeliveryStatus.Pending : DeliveryStatus.Failed, now.Status);
        }

        Assert.Equal(TimeSpan.FromMinutes(1), EmailJob.Backoff(1, 0.5));
        Assert.Equal(TimeSpan.FromMinutes(4), EmailJob.Backoff(3, 0.5));
        Assert.InRange(EmailJob.Backoff(3, 0), TimeSpan.FromMinutes(3.6), TimeSpan.FromMinutes(4));
        Assert.Equal(TimeSpan.FromHours(1), EmailJob.Backoff(7, 1));
        Assert.Equal(TimeSpan.FromHours(1), EmailJob.Backoff(20, 0.5));
    }
}
