using Bridgehead.Hosting;
using Bridgehead.Identity;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Bridgehead.Activities.Tasks;

/// <summary>What the task form partial renders: the values, the choices and where Cancel goes.</summary>
public sealed record TaskFormView(TaskForm Form, IReadOnlyList<SelectListItem> Assignees, LinkFieldsView Links, bool IsNew, string CancelUrl, string? ReturnUrl);

/// <summary>Creates a task, for the caller unless another assignee is picked; ?accountId=, ?contactId= or ?opportunityId= preselect what it is about.</summary>
[Authorize(Policy = Policies.KeepTasks)]
public sealed class NewModel(CreateTask create, ListUsers users, TimeProvider clock) : PageModel
{
    public const string LinksUrl = "/tasks/new?handler=links";

    [BindProperty]
    public TaskForm Form { get; set; } = new();

    /// <summary>A page of this site to go back to after saving (e.g. the account the user came from).</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public TaskFormView View { get; private set; } = null!;

    public async Task OnGetAsync(long? accountId, long? contactId, long? opportunityId, CancellationToken ct)
    {
        var account = await RecordScope.AccountOfAsync(HttpContext.RequestServices, accountId, contactId, opportunityId, ct);
        Form = TaskForm.New(clock, ViewerSource.FromPrincipal(User)?.UserId, account, contactId, opportunityId);
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        long createdId = 0;
        var result = await FormSave.TryAsync(ModelState, async () => createdId = (await create.HandleAsync(Form.ToInput(), ct)).Id);
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = TasksText.Created;
            return Redirect(LocalReturnUrl() ?? $"/tasks/{createdId}");
        }
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>The contact and opportunity selects for the chosen account (htmx, when the account changes).</summary>
    public async Task<IActionResult> OnGetLinksAsync([FromQuery(Name = "Form.AccountId")] long? accountId, CancellationToken ct)
    {
        var view = await LinkFieldsView.LoadAsync(HttpContext.RequestServices, new LinkFields { AccountId = accountId }, null,
            ViewerSource.FromPrincipal(User)?.CanReadSales == true, LinksUrl, false, ct);
        return Partial("/Activities/_LinkChoices.cshtml", view);
    }

    private string? LocalReturnUrl() => ReturnUrl is { } url && Url.IsLocalUrl(url) ? url : null;

    private async Task LoadAsync(CancellationToken ct) =>
        View = new TaskFormView(Form,
            await Assignees.ChoicesAsync(users, Form.AssigneeId, null, ct),
            await LinkFieldsView.LoadAsync(HttpContext.RequestServices, Form.Links, null, ViewerSource.FromPrincipal(User)?.CanReadSales == true, LinksUrl, false, ct),
            IsNew: true, LocalReturnUrl() ?? "/tasks", LocalReturnUrl());
}

/// <summary>Changes a task, including ticking it done; refuses to overwrite a newer version.</summary>
[Authorize(Policy = Policies.KeepTasks)]
public sealed class EditModel(GetTask get, UpdateTask update, ListUsers users) : PageModel
{
    [BindProperty]
    public TaskForm Form { get; set; } = new();

    public TaskFormView View { get; private set; } = null!;

    public TaskDto Task { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Task = await get.HandleAsync(id, ct);
        Form = TaskForm.From(Task);
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        Task = await get.HandleAsync(id, ct);
        var result = await FormSave.TryAsync(ModelState, () => update.HandleAsync(id, Form.Version, _ => Form.ToInput(), ct));
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = TasksText.Updated;
            return Redirect($"/tasks/{id}");
        }
        if (result == SaveResult.Stale)
        {
            Task = await get.HandleAsync(id, ct);
            Form = TaskForm.From(Task);
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var names = new LinkNames(Task.AccountName, Task.ContactName, Task.OpportunityTitle);
        View = new TaskFormView(Form,
            await Assignees.ChoicesAsync(users, Task.AssigneeId, Task.AssigneeName, ct),
            await LinkFieldsView.LoadAsync(HttpContext.RequestServices, Form.Links, names, ViewerSource.FromPrincipal(User)?.CanReadSales == true, NewModel.LinksUrl, false, ct),
            IsNew: false, $"/tasks/{Task.Id}", null);
    }
}
