using Bridgehead.Common;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Activities;

/// <summary>What the activity form partial renders: the values, the link choices and where Cancel goes.</summary>
public sealed record ActivityFormView(ActivityForm Form, LinkFieldsView Links, string CancelUrl, string? ReturnUrl);

/// <summary>Logs an activity; ?accountId=, ?contactId= or ?opportunityId= preselect what it is about.</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class NewModel(CreateActivity create, TimeProvider clock) : PageModel
{
    public const string LinksUrl = "/activities/new?handler=links";

    [BindProperty]
    public ActivityForm Form { get; set; } = new();

    /// <summary>A page of this site to go back to after saving (e.g. the account the user came from).</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public ActivityFormView View { get; private set; } = null!;

    public async Task OnGetAsync(long? accountId, long? contactId, long? opportunityId, ActivityKind? kind, CancellationToken ct)
    {
        var account = await RecordScope.AccountOfAsync(HttpContext.RequestServices, accountId, contactId, opportunityId, ct);
        Form = ActivityForm.New(clock, account, contactId, opportunityId);
        // ?kind= preselects the kind (the care list's "Log visit" and "Log business review").
        if (kind is { } k && Enum.IsDefined(k))
        {
            Form.Kind = k;
        }
        await LoadAsync(null, ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        long createdId = 0;
        var result = await FormSave.TryAsync(ModelState, async () => createdId = (await create.HandleAsync(Form.ToInput(), ct)).Id);
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = ActivitiesText.Created;
            return Redirect(LocalReturnUrl() ?? $"/activities/{createdId}");
        }
        await LoadAsync(null, ct);
        return Page();
    }

    /// <summary>The contact and opportunity selects for the chosen account (htmx, when the account changes).</summary>
    public async Task<IActionResult> OnGetLinksAsync([FromQuery(Name = "Form.AccountId")] long? accountId, CancellationToken ct)
    {
        var view = await LinkFieldsView.LoadAsync(HttpContext.RequestServices, new LinkFields { AccountId = accountId }, null, true, LinksUrl, true, ct);
        return Partial("/Activities/_LinkChoices.cshtml", view);
    }

    private string? LocalReturnUrl() => ReturnUrl is { } url && Url.IsLocalUrl(url) ? url : null;

    private async Task LoadAsync(LinkNames? names, CancellationToken ct) =>
        View = new ActivityFormView(Form,
            await LinkFieldsView.LoadAsync(HttpContext.RequestServices, Form.Links, names, true, LinksUrl, true, ct),
            LocalReturnUrl() ?? "/activities", LocalReturnUrl());
}

/// <summary>Changes an activity (its author, a manager or an admin); refuses to overwrite a newer version.</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class EditModel(GetActivity get, UpdateActivity update) : PageModel
{
    [BindProperty]
    public ActivityForm Form { get; set; } = new();

    public ActivityFormView View { get; private set; } = null!;

    public ActivityDto Activity { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Activity = await LoadActivityAsync(id, ct);
        Form = ActivityForm.From(Activity);
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        Activity = await get.HandleAsync(id, ct);
        var result = await FormSave.TryAsync(ModelState, () => update.HandleAsync(id, Form.Version, _ => Form.ToInput(), ct));
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = ActivitiesText.Updated;
            return Redirect($"/activities/{id}");
        }
        if (result == SaveResult.Stale)
        {
            Activity = await get.HandleAsync(id, ct);
            Form = ActivityForm.From(Activity);
        }
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>The activity, if the caller may change it; the core refuses the save the same way.</summary>
    private async Task<ActivityDto> LoadActivityAsync(long id, CancellationToken ct)
    {
        var activity = await get.HandleAsync(id, ct);
        return ActivityRules.MayEdit(activity, ViewerSource.FromPrincipal(User))
            ? activity
            : throw new ForbiddenException(CommonText.ActivityAuthorOnly);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var names = new LinkNames(Activity.AccountName, Activity.ContactName, Activity.OpportunityTitle);
        View = new ActivityFormView(Form,
            await LinkFieldsView.LoadAsync(HttpContext.RequestServices, Form.Links, names, true, NewModel.LinksUrl, true, ct),
            $"/activities/{Activity.Id}", null);
    }
}
