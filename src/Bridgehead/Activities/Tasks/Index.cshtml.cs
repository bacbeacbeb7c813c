using System.Globalization;
using Bridgehead.Common;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Bridgehead.Activities.Tasks;

/// <summary>The values of the task list's assignee and state filters.</summary>
public static class TaskQuery
{
    public const string Me = "me";
    public const string Anyone = "any";
    public const string OpenState = "open";
    public const string DoneState = "done";
    public const string AllStates = "all";
}

/// <summary>
/// The task list (by default the caller's open tasks) with filters, "show more" paging and a done
/// toggle per row; and the embedded task list of one account, contact or opportunity
/// (<c>?accountId=5&amp;fragment=embedded</c>).
/// </summary>
[Authorize(Policy = Policies.ReadAccounts)]
public sealed class IndexModel(ListTasks list, GetTask get, UpdateTask update, ListUsers users, TimeProvider clock) : PageModel
{
    public const int PageSize = 50;

    /// <summary>Open tasks an embedded list shows; the link to the full list shows the rest.</summary>
    public const int EmbeddedSize = 20;

    /// <summary>How far back an embedded list shows done tasks, and how many at most.</summary>
    public const int RecentDays = 30;
    public const int RecentCount = 10;

    /// <summary>"me" (the default), "any" (everyone the caller sees) or a user id.</summary>
    [BindProperty(SupportsGet = true)] public string? Assignee { get; set; }

    /// <summary>"open" (the default), "done" or "all".</summary>
    [BindProperty(SupportsGet = true)] public string? State { get; set; }

    [BindProperty(SupportsGet = true)] public DateOnly? DueBefore { get; set; }
    [BindProperty(SupportsGet = true)] public long? AccountId { get; set; }
    [BindProperty(SupportsGet = true)] public long? ContactId { get; set; }
    [BindProperty(SupportsGet = true)] public long? OpportunityId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Cursor { get; set; }

    public Page<TaskDto> Results { get; private set; } = new([], null);

    /// <summary>Recently done tasks of an embedded list.</summary>
    public IReadOnlyList<TaskDto> Recent { get; private set; } = [];

    public IReadOnlyList<SelectListItem> AssigneeChoices { get; private set; } = [];

    public bool CanKeep { get; private set; }

    public bool SalesLinks { get; private set; }

    /// <summary>The record of an embedded list, or the record the page is filtered by.</summary>
    public RecordScope? Scope { get; private set; }

    /// <summary>"Show more" moves the focus to the first row it added.</summary>
    public bool FocusFirst { get; private set; }

    /// <summary>The page the embedded list sits on, to come back to after creating a task.</summary>
    public string? HostUrl { get; private set; }

    public string EffectiveAssignee => Assignee is { Length: > 0 } a ? a : DefaultAssignee;

    public string EffectiveState => State is TaskQuery.OpenState or TaskQuery.DoneState or TaskQuery.AllStates ? State : TaskQuery.OpenState;

    /// <summary>The caller's own tasks, unless the caller cannot have any (the viewer).</summary>
    public string DefaultAssignee => CanKeep ? TaskQuery.Me : TaskQuery.Anyone;

    public bool Filtered => EffectiveAssignee != DefaultAssignee || EffectiveState != TaskQuery.OpenState || DueBefore is not null
        || AccountId is not null || ContactId is not null || OpportunityId is not null;

    public async Task<IActionResult> OnGetAsync(string? fragment, CancellationToken ct)
    {
        var viewer = Init();
        if (fragment == "embedded")
        {
            return await EmbeddedAsync(ct);
        }
        await LoadAsync(viewer, ct);
        if (fragment == "rows")
        {
            FocusFirst = true;
            return Partial("_TaskRows", this);
        }
        if (Request.Headers.ContainsKey("HX-Request") && Request.Headers["HX-Target"] == "results")
        {
            return Partial("_TaskResults", this);
        }
        if (AccountId is not null || ContactId is not null || OpportunityId is not null)
        {
            Scope = await RecordScope.ResolveAsync(HttpContext.RequestServices,
                ContactId is null && OpportunityId is null ? AccountId : null, ContactId, ContactId is null ? OpportunityId : null, ct);
        }
        AssigneeChoices = await Assignees.ChoicesAsync(users, null, null, ct);
        return Page();
    }

    /// <summary>Ticks a task done or open again, answering with its refreshed row.</summary>
    public async Task<IActionResult> OnPostToggleAsync(long id, long version, bool done, bool compact, CancellationToken ct)
    {
        Init();
        string? error = null;
        TaskDto task;
        try
        {
            task = await update.HandleAsync(id, version, current => current with { Done = done }, ct);
        }
        catch (PreconditionFailedException)
        {
            task = await get.HandleAsync(id, ct);
            error = UiText.StaleEdit;
        }
        catch (ValidationException e)
        {
            task = await get.HandleAsync(id, ct);
            error = string.Join(" ", e.Errors.SelectMany(x => x.Value));
        }
        return Partial("_TaskRow", new TaskRowView(task, CanKeep, compact, Focus: true, error, SalesLinks));
    }

    public TaskRowView Row(TaskDto task, bool compact, bool focus = false) => new(task, CanKeep, compact, focus, null, SalesLinks);

    /// <summary>The address of the next page's rows, keeping the filters.</summary>
    public string NextUrl() => QueryString.Create(new Dictionary<string, string?>
    {
        ["assignee"] = Assignee,
        ["state"] = State,
        ["dueBefore"] = DueBefore?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["accountId"] = AccountId is { } account ? Key(account) : null,
        ["contactId"] = ContactId is { } contact ? Key(contact) : null,
        ["opportunityId"] = OpportunityId is { } opportunity ? Key(opportunity) : null,
        ["cursor"] = Results.NextCursor,
        ["fragment"] = "rows",
    }.Where(p => p.Value is not null)).ToUriComponent();

    /// <summary>"New task" with the record the list is about preselected.</summary>
    public string NewUrl() => "/tasks/new" + QueryString.Create(new Dictionary<string, string?>
    {
        [Scope?.Parameter ?? "accountId"] = Scope is { } s ? Key(s.Id) : null,
        ["returnUrl"] = HostUrl,
    }.Where(p => p.Value is not null)).ToUriComponent();

    private Viewer? Init()
    {
        var viewer = ViewerSource.FromPrincipal(User);
        CanKeep = viewer?.CanKeepTasks == true;
        SalesLinks = viewer?.CanReadSales == true;
        return viewer;
    }

    private async Task<IActionResult> EmbeddedAsync(CancellationToken ct)
    {
        Scope = await RecordScope.ResolveAsync(HttpContext.RequestServices, AccountId, ContactId, OpportunityId, ct);
        if (Scope is null)
        {
            return BadRequest();
        }
        HostUrl = HostPage();
        var about = new TaskFilter { AccountId = AccountId, ContactId = ContactId, OpportunityId = OpportunityId };
        Results = await list.HandleAsync(about with { Done = false }, new PageRequest(EmbeddedSize), ct);
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-RecentDays);
        var done = await list.HandleAsync(about with { Done = true }, new PageRequest(PageRequest.MaxLimit), ct);
        Recent = [.. done.Items.Where(t => t.CompletedAt >= since).OrderByDescending(t => t.CompletedAt).Take(RecentCount)];
        return Partial("_TasksEmbedded", this);
    }

    private async Task LoadAsync(Viewer? viewer, CancellationToken ct)
    {
        var assignee = EffectiveAssignee switch
        {
            TaskQuery.Me => viewer?.UserId,
            TaskQuery.Anyone => null,
            var id when long.TryParse(id, CultureInfo.InvariantCulture, out var n) => n,
            _ => viewer?.UserId,
        };
        var filter = new TaskFilter
        {
            AssigneeId = assignee,
            AccountId = AccountId,
            ContactId = ContactId,
            OpportunityId = OpportunityId,
            Done = EffectiveState switch
            {
                TaskQuery.DoneState => true,
                TaskQuery.AllStates => null,
                _ => false,
            },
            DueBefore = DueBefore,
        };
        try
        {
            Results = await list.HandleAsync(filter, new PageRequest(PageSize, Cursor), ct);
        }
        catch (BadRequestException)
        {
            Results = await list.HandleAsync(filter, new PageRequest(PageSize), ct);
        }
    }

    /// <summary>The path of the page htmx loaded the fragment into, when it is on this site.</summary>
    private string? HostPage() =>
        Uri.TryCreate(Request.Headers["HX-Current-URL"].ToString(), UriKind.Absolute, out var url)
        && string.Equals(url.Authority, Request.Host.Value, StringComparison.OrdinalIgnoreCase)
            ? url.PathAndQuery
            : null;

    private static string Key(long id) => id.ToString(CultureInfo.InvariantCulture);
}
