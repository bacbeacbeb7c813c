using System.Net;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Webhooks;

public sealed class WebhookPagesTests_Sqlite() : WebhookPagesTests(Provider.Sqlite);

public sealed class WebhookPagesTests_Postgres() : WebhookPagesTests(Provider.Postgres);

/// <summary>/admin/webhooks: admins add, edit, rotate and delete webhooks and read the delivery log; nobody else gets in.</summary>
public abstract class WebhookPagesTests(Provider provider) : AppTests(provider)
{
    private const string Nowhere = "http://127.0.0.1:9/pages-hook";

    [Theory]
    [InlineData(Role.Rep)]
    [InlineData(Role.Manager)]
    [InlineData(Role.Quality)]
    [InlineData(Role.Product)]
    [InlineData(Role.Viewer)]
    public async Task OthersThanAdmins_Get403_AndNoNavLink(Role role)
    {
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        var id = (await admin.CreateAsync("/api/v1/webhooks", new { url = Nowhere, events = new[] { "stageChanged" } })).Id();
        using var browser = await App.SignInAsync(await App.CreateUserAsync(role, role == Role.Manager ? TestApp.NewTeam() : null));

        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/admin/webhooks")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync($"/admin/webhooks/{id}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync($"/admin/webhooks/{id}/delete")).Status);
        var home = await browser.GetFormAsync("/");
        Assert.DoesNotContain("href=\"/admin/webhooks\"", home.Html, StringComparison.Ordinal);
        var refused = await browser.PostFormAsync("/admin/webhooks", home.Token, new Dictionary<string, string> { ["Form.Url"] = Nowhere, ["Form.Events"] = "StageChanged" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task Admin_AddsAWebhook_SeesTheSecretOnce_EditsRotatesAndDeletesIt()
    {
        using var browser = await App.SignInAsync(await App.CreateUserAsync(Role.Admin));
        var home = await browser.GetFormAsync("/");
        Assert.Contains("href=\"/admin/webhooks\"", home.Html, StringComparison.Ordinal);

        var page = await browser.GetFormAsync("/admin/webhooks");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.DoesNotContain("style=", page.Html, StringComparison.Ordinal);
        var url = Nowhere + "?page=" + Guid.NewGuid().ToString("N");

        // Refused values are said by field.
        var bad = await browser.Http.PostAsync("/admin/webhooks", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", page.Token), new("Form.Url", "ftp://nowhere"), new("Form.Description", "x"),
        ]));
        var badHtml = await bad.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("Enter an absolute http:// or https:// address.", badHtml, StringComparison.Ordinal);
        Assert.Contains("Choose at least one event.", badHtml, StringComparison.Ordinal);

        var added = await browser.Http.PostAsync("/admin/webhooks", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", page.Token), new("Form.Url", url), new("Form.Description", "Plant ERP"),
            new("Form.Events", "StageChanged"), new("Form.Events", "IncidentOpened"),
        ]));
        var addedHtml = await added.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        await using var db = App.OpenDb();
        var stored = await db.Webhooks.AsNoTracking().SingleAsync(w => w.Url == url);
        Assert.Equal("stageChanged,incidentOpened", stored.Events);
        Assert.Contains(stored.Secret, addedHtml, StringComparison.Ordinal);
        Assert.Contains("copy its secret now", addedHtml, StringComparison.Ordinal);

        var detail = await browser.GetFormAsync($"/admin/webhooks/{stored.Id}");
        Assert.Equal(HttpStatusCode.OK, detail.Status);
        Assert.DoesNotContain(stored.Secret, detail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(stored.Secret, (await browser.GetAsync("/admin/webhooks")).Html, StringComparison.Ordinal);
        Assert.Contains("Delivery log", detail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", detail.Html, StringComparison.Ordinal);

        var form = HtmlForm.Parse(detail.Html, $"action=\"/admin/webhooks/{stored.Id}\"");
        form.Set("Form.Description", "Plant ERP (new)");
        var saved = await browser.Http.PostAsync($"/admin/webhooks/{stored.Id}", form.Content());
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("Plant ERP (new)", (await db.Webhooks.AsNoTracking().SingleAsync(w => w.Id == stored.Id)).Description);

        var stale = await browser.Http.PostAsync($"/admin/webhooks/{stored.Id}", form.Content());
        Assert.Contains("Someone else", await stale.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        detail = await browser.GetFormAsync($"/admin/webhooks/{stored.Id}");
        var rotateForm = HtmlForm.Parse(detail.Html, "handler=Rotate");
        var rotated = await browser.Http.PostAsync($"/admin/webhooks/{stored.Id}?handler=Rotate", rotateForm.Content());
        var rotatedHtml = await rotated.Content.ReadAsStringAsync();
        var newSecret = (await db.Webhooks.AsNoTracking().SingleAsync(w => w.Id == stored.Id)).Secret;
        Assert.NotEqual(stored.Secret, newSecret);
        Assert.Contains(newSecret, rotatedHtml, StringComparison.Ordinal);

        var confirm = await browser.GetFormAsync($"/admin/webhooks/{stored.Id}/delete");
        Assert.Contains("Delete webhook", confirm.Html, StringComparison.Ordinal);
        var deleteForm = HtmlForm.Parse(confirm.Html, "method=\"post\" class=\"form-actions\"");
        var deleted = await browser.Http.PostAsync($"/admin/webhooks/{stored.Id}/delete", deleteForm.Content());
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.False(await db.Webhooks.AnyAsync(w => w.Id == stored.Id));
    }

    [Fact]
    public async Task TheDeliveryLog_ShowsAFailedDelivery_AndSendsItAgain()
    {
        using var admin = App.Client(await App.CreateUserAsync(Role.Admin));
        var id = (await admin.CreateAsync("/api/v1/webhooks", new { url = Nowhere, events = new[] { "incidentOpened" } })).Id();
        await using var db = App.OpenDb();
        var raised = Bridgehead.Notifications.Events.Raise(db, Bridgehead.Notifications.NotificationEvent.IncidentOpened, "incident", 7, null, new { title = "Porosity in lot 2611", severity = "major" });
        await db.SaveChangesAsync();
        var delivery = new Bridgehead.Notifications.WebhookDelivery
        {
            WebhookId = id,
            EventId = raised.Id,
            Event = raised.Event,
            Payload = Bridgehead.Notifications.WebhookFanOutJob.Payload(raised),
            Status = Bridgehead.Notifications.DeliveryStatus.Failed,
            Attempts = 8,
            LastStatusCode = 502,
            LastError = "HTTP 502 Bad Gateway",
            NextAttemptAt = DateTime.UtcNow,
            LastAttemptAt = DateTime.UtcNow,
            CreatedAt = DateTime.UtcNow.AddHours(-3),
        };
        db.WebhookDeliveries.Add(delivery);
        await db.SaveChangesAsync();
        // Off, so no other test's background run sends it while this one looks at it.
        await db.Webhooks.Where(w => w.Id == id).ExecuteUpdateAsync(s => s.SetProperty(w => w.IsActive, false));
        using var browser = await App.SignInAsync(await App.CreateUserAsync(Role.Admin));

        var page = await browser.GetFormAsync($"/admin/webhooks/{id}?status=failed");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("HTTP 502 Bad Gateway", page.Html, StringComparison.Ordinal);
        Assert.Contains("Porosity in lot 2611", page.Html, StringComparison.Ordinal);
        Assert.Contains("Send again", page.Html, StringComparison.Ordinal);
        var retryForm = HtmlForm.Parse(page.Html, "handler=Retry");
        var retried = await browser.Http.PostAsync($"/admin/webhooks/{id}?handler=Retry", retryForm.Content());
        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        var after = await db.WebhookDeliveries.AsNoTracking().SingleAsync(d => d.Id == delivery.Id);
        Assert.Equal(Bridgehead.Notifications.DeliveryStatus.Pending, after.Status);
        Assert.DoesNotContain("Send again", (await browser.GetAsync($"/admin/webhooks/{id}")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InKorean_ThePageReadsKorean()
    {
        using var browser = await App.SignInAsync(await App.CreateUserAsync(Role.Admin), "ko");

        var (status, html) = await browser.GetAsync("/admin/webhooks");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("웹훅 추가", html, StringComparison.Ordinal);
    }
}
