using System.Globalization;
using Bridgehead.Accounts;
using Bridgehead.Auditing;
using Bridgehead.Common;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Bridgehead.Orders;
using Bridgehead.Products;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Bridgehead.Incidents;

/// <summary>How incident figures read on the pages.</summary>
public static class IncidentDisplay
{
    public static string Number(decimal value) => value.ToString("#,0.####", CultureInfo.CurrentCulture);

    public static string Ppm(decimal? ppm) => ppm is { } p ? p.ToString("#,0", CultureInfo.CurrentCulture) : Shared.UiText.NotSet;

    public static string SeverityClass(IncidentSeverity severity) => "badge incident-" + severity.ToString().ToLowerInvariant();

    public static string StatusClass(IncidentStatus status) => "badge incident-status-" + status.ToString().ToLowerInvariant();

    /// <summary>"due in 5 h" or "overdue by 3 h" for an open incident; null once contained.</summary>
    public static string? Countdown(IncidentDto i, DateTime now)
    {
        if (i.Status != IncidentStatus.Open)
        {
            return null;
        }
        var left = i.ContainmentDueAt - now;
        var hours = (int)Math.Ceiling(Math.Abs(left.TotalHours));
        return left > TimeSpan.Zero
            ? Validator.Format(IncidentPagesText.DueIn, hours)
            : Validator.Format(IncidentPagesText.OverdueBy, hours);
    }
}

/// <summary>/incidents: the incidents the caller sees with status, severity and overdue filters and the counts.</summary>
[Authorize(Policy = Policies.ReadAccounts)]
public sealed class IndexModel(ListIncidents list, CountIncidents counts) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? AccountId { get; set; }
    [BindProperty(SupportsGet = true)] public long? ProductId { get; set; }
    [BindProperty(SupportsGet = true)] public IncidentStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public IncidentSeverity? Severity { get; set; }
    [BindProperty(SupportsGet = true)] public bool Overdue { get; set; }
    [BindProperty(SupportsGet = true)] public string? Cursor { get; set; }

    public Page<IncidentDto> Results { get; private set; } = new([], null);

    public IncidentCountsDto Counts { get; private set; } = new(0, 0, 0, 0);

    public Viewer Viewer => ViewerSource.FromPrincipal(User)!;

    public bool Filtered => AccountId is not null || ProductId is not null || Status is not null || Severity is not null || Overdue;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var filter = new IncidentFilter
        {
            AccountId = AccountId,
            ProductId = ProductId,
            Status = Status,
            Severity = Severity,
            Overdue = Overdue ? true : null,
        };
        try
        {
            Results = await list.HandleAsync(filter, new PageRequest(PageRequest.DefaultLimit, Cursor), ct);
        }
        catch (BadRequestException)
        {
            Results = await list.HandleAsync(filter, new PageRequest(), ct);
        }
        Counts = await counts.HandleAsync(AccountId, ct);
    }

    public string NextUrl() => QueryString.Create(new Dictionary<string, string?>
    {
        ["accountId"] = AccountId?.ToString(CultureInfo.InvariantCulture),
        ["productId"] = ProductId?.ToString(CultureInfo.InvariantCulture),
        ["status"] = Status?.ToString(),
        ["severity"] = Severity?.ToString(),
        ["overdue"] = Overdue ? "true" : null,
        ["cursor"] = Results.NextCursor,
    }.Where(p => p.Value is not null)).ToUriComponent();
}

/// <summary>/incidents/new: opens an incident, prefilled with the account, order and product it was opened from.</summary>
[Authorize(Policy = Policies.ReadAccounts)]
public sealed class NewModel(OpenIncident open, IServiceProvider services) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? AccountId { get; set; }
    [BindProperty(SupportsGet = true)] public long? OrderId { get; set; }
    [BindProperty(SupportsGet = true)] public long? ProductId { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public IncidentSeverity? Severity { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? Lot { get; set; }
    [BindProperty] public decimal? DefectQuantity { get; set; }
    [BindProperty] public long? OwnerId { get; set; }
    [BindProperty] public string? Currency { get; set; }

    public IReadOnlyList<SelectListItem> Accounts { get; private set; } = [];
    public IReadOnlyList<SelectListItem> Orders { get; private set; } = [];
    public IReadOnlyList<SelectListItem> Products { get; private set; } = [];
    public IReadOnlyList<SelectListItem> Owners { get; private set; } = [];

    public Viewer Viewer => ViewerSource.FromPrincipal(User)!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Require();
        if (OwnerId is null && IncidentAccess.RunsIncidents(Viewer))
        {
            OwnerId = Viewer.UserId;
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Require();
        if (!ModelState.IsValid)
        {
            // A quantity or id that did not parse is bound as empty: refuse rather than open without it.
            await LoadAsync(ct);
            return Page();
        }
        try
        {
            var incident = await open.HandleAsync(new OpenIncidentInput(AccountId, Title, Severity, OrderId, ProductId, Description, Lot, DefectQuantity, OwnerId, Currency), ct);
            TempData["Flash"] = IncidentPagesText.Opened;
            return Redirect($"/incidents/{incident.Id}");
        }
        catch (ValidationException e)
        {
            foreach (var (field, messages) in e.Errors)
            {
                foreach (var message in messages)
                {
                    ModelState.AddModelError(field, message);
                }
            }
        }
        await LoadAsync(ct);
        return Page();
    }

    private void Require()
    {
        if (!IncidentAccess.OpensIncidents(Viewer))
        {
            throw new ForbiddenException(IncidentsText.MayNotOpen);
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Accounts = await Contacts.AccountOptions.LoadAsync(services.GetRequiredService<ListAccounts>(), services.GetRequiredService<GetAccount>(), AccountId, ct);
        if (AccountId is { } accountId)
        {
            var orders = await services.GetRequiredService<ListOrders>().HandleAsync(new OrderFilter { AccountId = accountId }, new PageRequest(100), ct);
            Orders = [.. orders.Items.Select(o => new SelectListItem(
                Validator.Format(OrderPagesText.Title, o.Id) + (o.CustomerReference is { } r ? " · " + r : "") + " · " + Shared.Display.Date(o.OrderedOn),
                o.Id.ToString(CultureInfo.InvariantCulture)))];
            if (OrderId is { } orderId && orders.Items.FirstOrDefault(o => o.Id == orderId) is { } order)
            {
                Products = [.. order.Lines.Select(l => (l.ProductId, l.Sku, l.Name)).Distinct()
                    .Select(l => new SelectListItem(l.Sku + " · " + l.Name, l.ProductId.ToString(CultureInfo.InvariantCulture)))];
            }
        }
        if (Products.Count == 0)
        {
            var products = await services.GetRequiredService<ListProducts>().HandleAsync(new ProductFilter(), new PageRequest(PageRequest.MaxLimit), ct);
            Products = [.. products.Items.Select(p => new SelectListItem(p.Sku + " · " + p.Name, p.Id.ToString(CultureInfo.InvariantCulture)))];
        }
        var users = await services.GetRequiredService<ListUsers>().HandleAsync(activeOnly: true, ct);
        Owners = Shared.Choices.Users(users.Where(u => u.Role is Role.Quality or Role.Admin));
    }
}

/// <summary>
/// /incidents/{id}: the 8D board, containment countdown, investigation, cost and claim, and the
/// steps of its life. Quality and admin work it; sales writers edit the title, description and
/// claim; the viewer reads.
/// </summary>
[Authorize(Policy = Policies.ReadAccounts)]
public sealed class DetailModel(GetIncident get, IServiceProvider services) : PageModel
{
    public IncidentDto Incident { get; private set; } = null!;

    public IReadOnlyList<string> Refusal { get; private set; } = [];

    /// <summary>The step whose form was refused, to show its errors there.</summary>
    public EightDStep? FailedStep { get; private set; }

    public IReadOnlyList<SelectListItem> Owners { get; private set; } = [];

    public IReadOnlyList<SelectListItem> StepOwners { get; private set; } = [];

    public Viewer Viewer => ViewerSource.FromPrincipal(User)!;

    public bool Runs => IncidentAccess.RunsIncidents(Viewer);

    /// <summary>Sales writers edit the words and the claim; quality and admin everything.</summary>
    public bool EditsClaim => Runs || Viewer.CanEditSales;

    public DateTime Now => services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;

    public DateOnly Today => DateOnly.FromDateTime(Now);

    public async Task OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct);

    public Task<IActionResult> OnPostInvestigationAsync(long id, long revision, string? description, string? lot, decimal? defectQuantity,
        IncidentSeverity? severity, long? ownerId, string? containment, string? rootCause, string? correctiveAction, string? preventiveAction, CancellationToken ct) =>
        StepAsync(id, IncidentPagesText.Saved, () => services.GetRequiredService<UpdateIncident>().HandleAsync(id, revision, current => current with
        {
            Description = description,
            Lot = lot,
            DefectQuantity = defectQuantity,
            Severity = severity,
            OwnerId = ownerId,
            Containment = containment ?? current.Containment,
            RootCause = rootCause,
            CorrectiveAction = correctiveAction,
            PreventiveAction = preventiveAction,
        }, ct), ct);

    public Task<IActionResult> OnPostClaimAsync(long id, long revision, string? title, string? description, string? currency, decimal? cost,
        ClaimStatus? claimStatus, decimal? claimAmount, CancellationToken ct) =>
        StepAsync(id, IncidentPagesText.Saved, () => services.GetRequiredService<UpdateIncident>().HandleAsync(id, revision, current => Runs
            ? current with { Title = title ?? current.Title, Currency = currency, Cost = cost, ClaimStatus = claimStatus, ClaimAmount = claimAmount }
            : current with { Title = title, Description = description, ClaimStatus = claimStatus, ClaimAmount = claimAmount }, ct), ct);

    public async Task<IActionResult> OnPostStepAsync(long id, EightDStep step, long stepVersion, long? stepOwnerId, DateOnly? dueOn, DateOnly? doneOn, string? note, CancellationToken ct)
    {
        FailedStep = step;
        return await StepAsync(id, IncidentPagesText.StepSaved, async () =>
        {
            await services.GetRequiredService<UpdateIncidentStep>().HandleAsync(id, step, stepVersion,
                _ => new IncidentStepPatch(stepOwnerId, dueOn, doneOn, note), ct);
            return Incident;
        }, ct);
    }

    public Task<IActionResult> OnPostContainAsync(long id, long revision, string? containmentNow, CancellationToken ct) =>
        StepAsync(id, IncidentPagesText.ContainedFlash, () => services.GetRequiredService<ContainIncident>().HandleAsync(id, revision, new ContainInput(containmentNow), ct), ct);

    public Task<IActionResult> OnPostEscalateAsync(long id, long revision, string? reason, CancellationToken ct) =>
        StepAsync(id, IncidentPagesText.EscalatedFlash, () => services.GetRequiredService<EscalateIncident>().HandleAsync(id, revision, new EscalateInput(reason), ct), ct);

    public Task<IActionResult> OnPostVerifyAsync(long id, long revision, string? verification, CancellationToken ct) =>
        StepAsync(id, IncidentPagesText.VerifiedFlash, () => services.GetRequiredService<VerifyIncident>().HandleAsync(id, revision, new VerifyInput(verification), ct), ct);

    public Task<IActionResult> OnPostCloseAsync(long id, long revision, CancellationToken ct) =>
        StepAsync(id, IncidentPagesText.ClosedFlash, () => services.GetRequiredService<CloseIncident>().HandleAsync(id, revision, ct), ct);

    public Task<IActionResult> OnPostReopenAsync(long id, long revision, CancellationToken ct) =>
        StepAsync(id, IncidentPagesText.ReopenedFlash, () => services.GetRequiredService<ReopenIncident>().HandleAsync(id, revision, ct), ct);

    public async Task<IActionResult> OnGetHistoryAsync(long id, string? cursor, CancellationToken ct)
    {
        var entries = await services.GetRequiredService<GetIncidentHistory>().HandleAsync(id, new PageRequest(20, cursor), ct);
        var names = (await services.GetRequiredService<ListUsers>().HandleAsync(activeOnly: false, ct)).ToDictionary(u => u.Id, u => u.DisplayName);
        var page = new Page<HistoryEntryDto>([.. entries.Items.Select(e => new HistoryEntryDto(e.Id, e.At, e.UserId, e.UserName, e.Action, e.Changes))], entries.NextCursor);
        return Partial("/Auditing/_History.cshtml", new HistoryView(page, IncidentPagesText.ResourceManager,
            new Dictionary<string, Type>
            {
                ["status"] = typeof(IncidentStatus), ["severity"] = typeof(IncidentSeverity), ["claimStatus"] = typeof(ClaimStatus), ["step"] = typeof(EightDStep),
            },
            names, $"/incidents/{id}?handler=history"));
    }

    private async Task<IActionResult> StepAsync(long id, string done, Func<Task<IncidentDto>> step, CancellationToken ct)
    {
        // A value that did not parse (a cost, a date, a step) is bound as empty: saving it would
        // wipe what is on file, so the form is refused with the binder's message instead.
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await LoadAsync(id, ct);
            return Page();
        }
        try
        {
            await step();
            TempData["Flash"] = done;
            return Redirect($"/incidents/{id}");
        }
        catch (ConflictException e)
        {
            Refusal = e.Rules;
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        catch (ValidationException e)
        {
            foreach (var (field, messages) in e.Errors)
            {
                foreach (var message in messages)
                {
                    ModelState.AddModelError(field, message);
                }
            }
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        catch (PreconditionFailedException)
        {
            ModelState.AddModelError("", Shared.UiText.StaleEdit);
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        await LoadAsync(id, ct);
        return Page();
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        Incident = await get.HandleAsync(id, ct);
        if (Runs)
        {
            var users = await services.GetRequiredService<ListUsers>().HandleAsync(activeOnly: true, ct);
            Owners = Shared.Choices.Users(users.Where(u => u.Role is Role.Quality or Role.Admin));
            StepOwners = Shared.Choices.Users(users);
        }
    }
}
