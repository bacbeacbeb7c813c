using System.Net;
using Bridgehead.Identity;
using Bridgehead.Notifications;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Notifications;

public sealed class NotificationPagesTests_Sqlite() : NotificationPagesTests(Provider.Sqlite);

public sealed class NotificationPagesTests_Postgres() : NotificationPagesTests(Provider.Postgres);

/// <summary>/inbox, /settings/notifications, the inbox link in the navigation and /admin/email.</summary>
public abstract class NotificationPagesTests(Provider provider) : AppTests(provider)
{
    [Fact]
    public async Task Inbox_ListsOwnEntries_MarksReadOneAndAll_AndTheNavBadgeCountsUnread()
    {
        var me = await App.CreateUserAsync(Role.Rep);
        var other = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(me);
        var account = await client.NewAccountAsync();
        var opportunity = await client.NewOpportunityAsync(account.Id());
        var mine = await App.NotifyAsync(opportunity.Id(), account.Id(), "Boiler valves", me.Id);
        await App.NotifyAsync(opportunity.Id(), account.Id(), "Pump seals", me.Id);
        var theirs = await App.NotifyAsync(opportunity.Id(), account.Id(), "Secret gearboxes", other.Id);
        using var browser = await App.SignInAsync(me);

        var page = await browser.GetFormAsync("/inbox");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var html = WebUtility.HtmlDecode(page.Html);
        Assert.Contains("Stage changed: Boiler valves", html);
        Assert.Contains("Pump seals moved from Prospecting to Contact.", html);
        Assert.Contains($"href=\"/opportunities/{opportunity.Id()}\"", html);
        Assert.DoesNotContain("Secret gearboxes", html);
        Assert.Contains("href=\"/inbox\"", html);
        Assert.Matches("<span class=\"badge inbox-count\"[^>]*>2</span>", html);

        // Another user's entry cannot be marked from here either.
        var foreign = await browser.PostFormAsync($"/inbox?handler=read&id={theirs[0]}", page.Token, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);

        var read = await browser.PostFormAsync($"/inbox?handler=read&id={mine[0]}", page.Token, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, read.StatusCode);
        var (_, unread) = await browser.GetAsync("/inbox?unread=true");
        unread = WebUtility.HtmlDecode(unread);
        Assert.DoesNotContain("Boiler valves", unread);
        Assert.Contains("Pump seals", unread);
        Assert.Matches("<span class=\"badge inbox-count\"[^>]*>1</span>", unread);

        var all = await browser.PostFormAsync("/inbox?handler=readAll", page.Token, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, all.StatusCode);
        var (_, after) = await browser.GetAsync("/inbox");
        Assert.Contains("1 notifications marked read.", WebUtility.HtmlDecode(after));
        Assert.DoesNotContain("inbox-count", after);
        var (_, none) = await browser.GetAsync("/inbox?unread=true");
        Assert.Contains("No unread notifications.", WebUtility.HtmlDecode(none));
    }

    [Fact]
    public async Task Inbox_WhenEmpty_SaysSo_InKoreanToo_ForEveryRole()
    {
        foreach (var role in new[] { Role.Quality, Role.Product, Role.Viewer, Role.Admin, Role.Manager })
        {
            var user = await App.CreateUserAsync(role, role == Role.Manager ? TestApp.NewTeam() : null);
            using var browser = await App.SignInAsync(user);
            var (status, html) = await browser.GetAsync("/inbox");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains("Nothing here yet.", WebUtility.HtmlDecode(html));
        }
        using var korean = await App.SignInAsync(await App.CreateUserAsync(Role.Rep), "ko");
        var (_, ko) = await korean.GetAsync("/inbox");
        Assert.Contains("아직 알림이 없습니다.", WebUtility.HtmlDecode(ko));
        Assert.Contains(">알림함<", ko);
        Assert.Equal(HttpStatusCode.Redirect, (await App.NewBrowser().GetAsync("/inbox")).Status);
    }

    [Fact]
    public async Task Settings_ShowsTheRoleDefaults_AndSavingKeepsOnlyWhatDiffersAsTheUsersOwn()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var browser = await App.SignInAsync(rep);
        var page = await browser.GetFormAsync("/settings/notifications");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var form = HtmlForm.Parse(page.Html, "action=\"/settings/notifications\"");
        Assert.Equal("stageChanged", form.Value("Items[0].Event"));
        Assert.Equal("true", form.Value("Items[0].InApp"));
        Assert.Null(form.Value("Items[1].InApp"));
        Assert.Contains("Your user has no email address", WebUtility.HtmlDecode(page.Html));

        // Stage changes by email off, gate overrides in the inbox on; the rest stays as it was.
        var fields = form.Fields.Where(f => f.Key != "Items[0].Email").ToDictionary(f => f.Key, f => f.Value);
        fields["Items[1].InApp"] = "true";
        var saved = await browser.PostFormAsync("/settings/notifications", page.Token, fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var choices = (await App.Client(rep).GetJsonAsync("/api/v1/notification-preferences")).AsArray().ToDictionary(p => p!.Str("event"), p => p!);
        Assert.True(choices["stageChanged"]!["inApp"]!.GetValue<bool>());
        Assert.False(choices["stageChanged"]!["email"]!.GetValue<bool>());
        Assert.False(choices["stageChanged"]!["isDefault"]!.GetValue<bool>());
        Assert.True(choices["gateOverridden"]!["inApp"]!.GetValue<bool>());
        Assert.False(choices["gateOverridden"]!["email"]!.GetValue<bool>());
        Assert.True(choices["orderAtRisk"]!["isDefault"]!.GetValue<bool>());
        var (_, again) = await browser.GetAsync("/settings/notifications");
        Assert.Contains("Notification settings saved.", WebUtility.HtmlDecode(again));
    }

    [Fact]
    public async Task AdminEmailPage_ShowsQueuedAndFailedEmails_ToAdminsOnly()
    {
        var to = $"failing-{Guid.NewGuid():N}@example.test";
        await using (var db = App.OpenDb())
        {
            db.EmailMessages.Add(new EmailMessage
            {
                To = to, Subject = "Order at risk: O-9 Gasket", Body = "b", Status = DeliveryStatus.Failed, Attempts = 8,
                LastError = "SocketException: Connection refused", NextAttemptAt = DateTime.UtcNow, CreatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        }
        using var admin = await App.SignInAsync(await App.CreateUserAsync(Role.Admin));
        var (status, html) = await admin.GetAsync("/admin/email");
        Assert.Equal(HttpStatusCode.OK, status);
        html = WebUtility.HtmlDecode(html);
        Assert.Contains(to, html);
        Assert.Contains("Order at risk: O-9 Gasket", html);
        Assert.Contains("SocketException: Connection refused", html);
        Assert.Contains("Failed", html);

        foreach (var role in new[] { Role.Rep, Role.Manager, Role.Quality, Role.Product, Role.Viewer })
        {
            using var browser = await App.SignInAsync(await App.CreateUserAsync(role, role == Role.Manager ? TestApp.NewTeam() : null));
            var (refused, body) = await browser.GetAsync("/admin/email");
            Assert.Equal(HttpStatusCode.Forbidden, refused);
            Assert.DoesNotContain(to, body);
        }
    }
}
