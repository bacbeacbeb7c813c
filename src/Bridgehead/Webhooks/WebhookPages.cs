using System.ComponentModel.DataAnnotations;
using Bridgehead.Common;
using Bridgehead.Notifications;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Webhooks;

/// <summary>A webhook as its forms post it.</summary>
public sealed class WebhookForm
{
    [Display(Name = nameof(WebhookPagesText.Url), ResourceType = typeof(WebhookPagesText))]
    public string? Url { get; set; }

    [Display(Name = nameof(WebhookPagesText.Description), ResourceType = typeof(WebhookPagesText))]
    public string? Description { get; set; }

    public List<NotificationEvent> Events { get; set; } = [];

    [Display(Name = nameof(WebhookPagesText.Active), ResourceType = typeof(WebhookPagesText))]
    public bool IsActive { get; set; } = true;

    public long Version { get; set; }

    public static WebhookForm Of(WebhookDto w) => new()
    {
        Url = w.Url,
        Description = w.Description,
        Events = [.. w.Events],
        IsActive = w.IsActive,
        Version = w.Version,
    };

    public IReadOnlyList<string> EventNames => [.. Events.Select(WebhookRules.Name)];
}

/// <summary>
/// /admin/webhooks: the list and the form to add one. The secret of a new webhook is shown once,
/// in the answer to the post (never put in a cookie or a redirect), with a hint to copy it.
/// </summary>
[Authorize(Policy = Identity.Policies.Admin)]
public sealed class WebhooksPageModel(ListWebhooks list, CreateWebhook create) : PageModel
{
    public IReadOnlyList<WebhookDto> Webhooks { get; private set; } = [];

    /// <summary>The webhook just made, with its secret; null otherwise.</summary>
    public WebhookDto? Created { get; private set; }

    [BindProperty]
    public WebhookForm Form { get; set; } = new() { Events = [.. Enum.GetValues<NotificationEvent>()] };

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        WebhookDto? created = null;
        var result = await FormSave.TryOrRefuseAsync(this, async () =>
            created = await create.HandleAsync(new WebhookInput { Url = Form.Url, Description = Form.Description, Events = Form.EventNames }, ct));
        if (result == SaveResult.Saved)
        {
            Created = created;
            Form = new WebhookForm { Events = [.. Enum.GetValues<NotificationEvent>()] };
            ModelState.Clear();
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Webhooks = (await list.HandleAsync(new PageRequest(PageRequest.MaxLimit), ct)).Items;
}

/// <summary>
/// /admin/webhooks/{id}: edit a webhook, turn it off, rotate its secret (shown once), and read its
/// delivery log with a retry button on each failed delivery.
/// </summary>
[Authorize(Policy = Identity.Policies.Admin)]
public sealed class WebhookDetailModel(GetWebhook get, UpdateWebhook update, ListWebhookDeliveries deliveries, RetryWebhookDelivery retry) : PageModel
{
    public WebhookDto Webhook { get; private set; } = null!;

    public IReadOnlyList<WebhookDeliveryDto> Deliveries { get; private set; } = [];

    public string? NextCursor { get; private set; }

    public DeliveryStatus? StatusFilter { get; private set; }

    /// <summary>The new secret after a rotation, shown once; null otherwise.</summary>
    public string? NewSecret { get; private set; }

    [BindProperty]
    public WebhookForm Form { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(long id, string? status, string? cursor, CancellationToken ct)
    {
        await LoadAsync(id, status, cursor, ct);
        Form = WebhookForm.Of(Webhook);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        var result = await FormSave.TryOrRefuseAsync(this, () => update.HandleAsync(id, Form.Version, current => current with
        {
            Url = Form.Url,
            Description = Form.Description,
            Events = Form.EventNames,
            IsActive = Form.IsActive,
        }, ct));
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = WebhookPagesText.Saved;
            return Redirect($"/admin/webhooks/{id}");
        }
        await LoadAsync(id, null, null, ct);
        if (result == SaveResult.Stale)
        {
            Form = WebhookForm.Of(Webhook);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostRotateAsync(long id, long version, CancellationToken ct)
    {
        try
        {
            var rotated = await update.HandleAsync(id, version, current => current with { RotateSecret = true }, ct);
            NewSecret = rotated.Secret;
        }
        catch (PreconditionFailedException)
        {
            ModelState.AddModelError("", UiText.StaleEdit);
        }
        await LoadAsync(id, null, null, ct);
        Form = WebhookForm.Of(Webhook);
        return Page();
    }

    public async Task<IActionResult> OnPostRetryAsync(long id, long deliveryId, CancellationToken ct)
    {
        try
        {
            await retry.HandleAsync(id, deliveryId, ct);
            TempData["Flash"] = WebhookPagesText.RetryQueued;
            return Redirect($"/admin/webhooks/{id}");
        }
        catch (ConflictException e)
        {
            foreach (var rule in e.Rules)
            {
                ModelState.AddModelError("", rule);
            }
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        await LoadAsync(id, null, null, ct);
        Form = WebhookForm.Of(Webhook);
        return Page();
    }

    public string StatusUrl(DeliveryStatus? status) =>
        $"/admin/webhooks/{Webhook.Id}" + (status is { } s ? "?status=" + System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(s.ToString()) : "");

    private async Task LoadAsync(long id, string? status, string? cursor, CancellationToken ct)
    {
        Webhook = await get.HandleAsync(id, ct);
        StatusFilter = Enum.TryParse<DeliveryStatus>(status, ignoreCase: true, out var s) && Enum.IsDefined(s) ? s : null;
        Page<WebhookDeliveryDto> page;
        try
        {
            page = await deliveries.HandleAsync(id, new WebhookDeliveryFilter { Status = StatusFilter }, new PageRequest(50, cursor), ct);
        }
        catch (BadRequestException)
        {
            page = await deliveries.HandleAsync(id, new WebhookDeliveryFilter { Status = StatusFilter }, new PageRequest(50), ct);
        }
        Deliveries = page.Items;
        NextCursor = page.NextCursor;
    }
}

/// <summary>Asks an admin before a webhook and its delivery log go.</summary>
[Authorize(Policy = Identity.Policies.Admin)]
public sealed class WebhookDeleteModel(GetWebhook get, DeleteWebhook delete) : PageModel
{
    public WebhookDto Webhook { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Webhook = await get.HandleAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, long version, CancellationToken ct)
    {
        Webhook = await get.HandleAsync(id, ct);
        try
        {
            await delete.HandleAsync(id, version, ct);
            TempData["Flash"] = Common.Validator.Format(WebhookPagesText.Deleted, Webhook.Url);
            return Redirect("/admin/webhooks");
        }
        catch (PreconditionFailedException)
        {
            Webhook = await get.HandleAsync(id, ct);
            ModelState.AddModelError("", UiText.StaleEdit);
            return Page();
        }
    }
}

/// <summary>The one-time view of a webhook's secret.</summary>
public sealed record SecretView(long Id, string Url, string Secret, string Title);
