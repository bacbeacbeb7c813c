using System.Globalization;
using Bridgehead.Accounts;
using Bridgehead.Common;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Bridgehead.Activities;

/// <summary>
/// The company timeline (filters and "show more" paging, updated in place by htmx), and the
/// embedded timeline of one account, contact or opportunity (<c>?accountId=5&amp;fragment=timeline</c>)
/// with its quick "log an activity" form.
/// </summary>
[Authorize(Policy = Policies.ReadSales)]
public sealed class IndexModel(ListActivities list, CreateActivity create, ListUsers users, ListAccounts accounts, TimeProvider clock) : PageModel
{
    public const int PageSize = 50;

    /// <summary>Entries per page in an embedded timeline.</summary>
    public const int TimelineSize = 10;

    /// <summary>The fields of the quick form, in the order focus looks for the first error.</summary>
    private static readonly string[] LogFields = ["Log.Kind", "Log.OccurredAt", "Log.Subject", "Log.Body"];

    [BindProperty(SupportsGet = true)] public ActivityKind? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public long? AuthorId { get; set; }
    [BindProperty(SupportsGet = true)] public long? AccountId { get; set; }
    [BindProperty(SupportsGet = true)] public long? ContactId { get; set; }
    [BindProperty(SupportsGet = true)] public long? OpportunityId { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Cursor { get; set; }

    /// <summary>Embedded-timeline paging: smaller pages.</summary>
    [BindProperty(SupportsGet = true)] public bool Compact { get; set; }

    /// <summary>The quick form of the embedded timeline.</summary>
    [BindProperty]
    public ActivityForm Log { get; set; } = new();

    public Page<ActivityDto> Results { get; private set; } = new([], null);

    public IReadOnlyList<SelectListItem> Authors { get; private set; } = [];

    public IReadOnlyList<SelectListItem> Accounts { get; private set; } = [];

    public bool CanCreate { get; private set; }

    /// <summary>The record of an embedded timeline; on the page, the contact or opportunity filtered by.</summary>
    public RecordScope? Scope { get; private set; }

    /// <summary>The entry that takes the focus after an htmx swap (the one just logged).</summary>
    public long? FocusId { get; private set; }

    /// <summary>"Show more" moves the focus to the first entry it added.</summary>
    public bool FocusFirst { get; private set; }

    /// <summary>True on the answer to the quick form: its status region is updated.</summary>
    public bool Posted { get; private set; }

    public string? Status { get; private set; }

    public bool Filtered => Kind is not null || AuthorId is not null || AccountId is not null || ContactId is not null
        || OpportunityId is not null || From is not null || To is not null;

    public async Task<IActionResult> OnGetAsync(string? fragment, CancellationToken ct)
    {
        CanCreate = ViewerSource.FromPrincipal(User)?.CanEditSales == true;
        if (fragment == "timeline")
        {
            Scope = await RecordScope.ResolveAsync(HttpContext.RequestServices, AccountId, ContactId, OpportunityId, ct);
            if (Scope is null)
            {
                return BadRequest();
            }
            Compact = true;
            Log = ActivityForm.New(clock, Scope.AccountId, Scope.ContactId, Scope.OpportunityId);
            await LoadAsync(ct);
            return Partial("_Timeline", this);
        }
        await LoadAsync(ct);
        if (fragment == "rows")
        {
            FocusFirst = true;
            return Partial("_ActivityEntries", this);
        }
        if (Request.Headers.ContainsKey("HX-Request") && Request.Headers["HX-Target"] == "results")
        {
            return Partial("_ActivityResults", this);
        }
        if (ContactId is not null || OpportunityId is not null)
        {
            Scope = await RecordScope.ResolveAsync(HttpContext.RequestServices, null, ContactId, OpportunityId, ct);
        }
        Authors = Choices.Users(await users.OwnersAsync(ct));
        Accounts = [.. (await accounts.HandleAsync(new AccountFilter(), new PageRequest(LinkFieldsView.MaxChoices), ct)).Items
            .Select(a => new SelectListItem(a.Name, Key(a.Id)))];
        return Page();
    }

    /// <summary>The quick form of an embedded timeline: logs the entry and answers with the refreshed timeline.</summary>
    public async Task<IActionResult> OnPostLogAsync(CancellationToken ct)
    {
        CanCreate = ViewerSource.FromPrincipal(User)?.CanEditSales == true;
        Scope = await RecordScope.ResolveAsync(HttpContext.RequestServices, AccountId, ContactId, OpportunityId, ct);
        if (Scope is null)
        {
            return BadRequest();
        }
        Compact = true;
        Posted = true;
        if (ModelState.IsValid)
        {
            try
            {
                var created = await create.HandleAsync(Log.ToInput(), ct);
                FocusId = created.Id;
                Status = Validator.Format(ActivitiesText.Logged, created.Subject);
                ModelState.Clear();
                Log = ActivityForm.New(clock, Scope.AccountId, Scope.ContactId, Scope.OpportunityId);
            }
            catch (ValidationException e)
            {
                FormErrors.Apply(ModelState, e, "Log");
            }
        }
        await LoadAsync(ct);
        return Partial("_TimelineBody", this);
    }

    /// <summary>The first quick-form field with an error, which takes the focus.</summary>
    public string? FirstInvalidField => LogFields.FirstOrDefault(f => ModelState.TryGetValue(f, out var e) && e.Errors.Count > 0);

    /// <summary>Errors the quick form has no field for (its hidden links), shown above it.</summary>
    public IReadOnlyList<string> OtherErrors => [.. ModelState
        .Where(e => !LogFields.Contains(e.Key) && e.Value is { Errors.Count: > 0 })
        .SelectMany(e => e.Value!.Errors.Select(x => x.ErrorMessage))];

    /// <summary>The address of the next page's entries, keeping the filters.</summary>
    public string NextUrl() => QueryString.Create(new Dictionary<string, string?>
    {
        ["kind"] = Kind?.ToString(),
        ["authorId"] = AuthorId is { } author ? Key(author) : null,
        ["accountId"] = AccountId is { } account ? Key(account) : null,
        ["contactId"] = ContactId is { } contact ? Key(contact) : null,
        ["opportunityId"] = OpportunityId is { } opportunity ? Key(opportunity) : null,
        ["from"] = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["to"] = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["compact"] = Compact ? "true" : null,
        ["cursor"] = Results.NextCursor,
        ["fragment"] = "rows",
    }.Where(p => p.Value is not null)).ToUriComponent();

    /// <summary>The "Log activity" link, with the record the timeline is filtered by preselected.</summary>
    public string NewUrl()
    {
        var query = QueryString.Create(new Dictionary<string, string?>
        {
            ["accountId"] = ContactId is null && OpportunityId is null && AccountId is { } account ? Key(account) : null,
            ["contactId"] = ContactId is { } contact ? Key(contact) : null,
            ["opportunityId"] = ContactId is null && OpportunityId is { } opportunity ? Key(opportunity) : null,
        }.Where(p => p.Value is not null));
        return "/activities/new" + query.ToUriComponent();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var filter = new ActivityFilter
        {
            AccountId = AccountId,
            ContactId = ContactId,
            OpportunityId = OpportunityId,
            Kind = Kind,
            AuthorId = AuthorId,
            From = From is { } from ? LocalTimes.StartOfDay(from) : null,
            To = To is { } to ? LocalTimes.EndOfDay(to) : null,
        };
        var size = Compact ? TimelineSize : PageSize;
        try
        {
            Results = await list.HandleAsync(filter, new PageRequest(size, Cursor), ct);
        }
        catch (BadRequestException)
        {
            Results = await list.HandleAsync(filter, new PageRequest(size), ct);
        }
    }

    private static string Key(long id) => id.ToString(CultureInfo.InvariantCulture);
}
