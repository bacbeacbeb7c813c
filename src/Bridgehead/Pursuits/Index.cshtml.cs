using System.Globalization;
using Bridgehead.Accounts;
using Bridgehead.Common;
using Bridgehead.Contacts;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Bridgehead.Pursuits;

/// <summary>
/// The opportunity list: filters (the navigation's stage links among them, stalled only, the pipeline), search and "show more"
/// paging, updated in place by htmx; also the compact list of one account's pursuits that the
/// account page embeds (<c>fragment=embedded</c>).
/// </summary>
[Authorize(Policy = Policies.ReadSales)]
public sealed class IndexModel(ListOpportunities list, ListAccounts accounts, GetAccount getAccount, ListUsers users, ListPipelines listPipelines) : PageModel
{
    /// <summary>Rows in the embedded list; beyond that it links to the full, filtered list.</summary>
    public const int EmbeddedLimit = 20;

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Stage { get; set; }
    [BindProperty(SupportsGet = true)] public OpportunityStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public long? OwnerId { get; set; }
    [BindProperty(SupportsGet = true)] public long? AccountId { get; set; }
    [BindProperty(SupportsGet = true)] public long? PipelineId { get; set; }

    /// <summary>The account's industry (a section covers its divisions).</summary>
    [BindProperty(SupportsGet = true)] public string? Industry { get; set; }

    /// <summary>The pursuit's application.</summary>
    [BindProperty(SupportsGet = true)] public long? ApplicationId { get; set; }

    /// <summary>True shows only open pursuits longer in their stage than their pipeline allows.</summary>
    [BindProperty(SupportsGet = true)] public bool? Stalled { get; set; }
    [BindProperty(SupportsGet = true)] public string? Cursor { get; set; }

    public Page<OpportunityDto> Results { get; private set; } = new([], null);

    public IReadOnlyList<SelectListItem> Accounts { get; private set; } = [];

    public IReadOnlyList<SelectListItem> Owners { get; private set; } = [];

    /// <summary>Every pipeline: stages read in their pipeline's names, and the filter shows when there are several.</summary>
    public IReadOnlyList<PipelineDto> Pipelines { get; private set; } = [];

    /// <summary>The account of the embedded list.</summary>
    public AccountDto? Account { get; private set; }

    public bool CanCreate { get; private set; }

    public bool Filtered => Q is not null || Stage is not null || Status is not null || OwnerId is not null || AccountId is not null
        || PipelineId is not null || Stalled is not null || Industry is not null || ApplicationId is not null;

    /// <summary>A row's stage as "3. Needs" in its pipeline's names.</summary>
    public string StageName(OpportunityDto o) => OpportunityView.StageName(OpportunityView.PipelineOf(Pipelines, o.PipelineId), o.Stage);

    public async Task<IActionResult> OnGetAsync(string? fragment, CancellationToken ct)
    {
        CanCreate = ViewerSource.FromPrincipal(User)?.CanEditSales == true;
        // Stage keys are lower case ("needs"); anything that is not a pursuit stage does not filter.
        Stage = Text.Clean(Stage)?.ToLowerInvariant() is { } key && Stages.IsPursuitStage(key) ? key : null;
        // Numbers and combinations bind to enums too; only named values filter.
        Status = Status is { } s && Enum.IsDefined(s) ? s : null;
        // "Stalled only" is a checkbox: unchecked means no filter, not "not stalled".
        Stalled = Stalled == true ? true : null;
        Pipelines = await listPipelines.HandleAsync(ct);
        PipelineId = PipelineId is { } pipelineId && Pipelines.Any(p => p.Id == pipelineId) ? pipelineId : null;
        if (fragment == "embedded")
        {
            if (AccountId is not { } accountId)
            {
                return BadRequest();
            }
            // An account the caller may not see answers 404, like the account itself.
            Account = await getAccount.HandleAsync(accountId, ct);
            Results = await list.HandleAsync(new OpportunityFilter { AccountId = accountId }, new PageRequest(EmbeddedLimit), ct);
            return Partial("_OpportunitiesEmbedded", this);
        }
        var filter = new OpportunityFilter
        {
            Q = Q, Stage = Stage, Status = Status, OwnerId = OwnerId, AccountId = AccountId, PipelineId = PipelineId, Stalled = Stalled,
            Industry = Industry, ApplicationId = ApplicationId,
        };
        try
        {
            Results = await list.HandleAsync(filter, new PageRequest(PageRequest.DefaultLimit, Cursor), ct);
        }
        catch (BadRequestException)
        {
            Results = await list.HandleAsync(filter, new PageRequest(), ct);
        }
        if (fragment == "rows")
        {
            return Partial("_OpportunityRows", this);
        }
        if (Request.Headers.ContainsKey("HX-Request") && Request.Headers["HX-Target"] == "results")
        {
            return Partial("_OpportunityResults", this);
        }
        Accounts = await AccountOptions.LoadAsync(accounts, getAccount, AccountId, ct);
        Owners = Choices.Users(await users.OwnersAsync(ct));
        return Page();
    }

    /// <summary>The address of the next page's rows, keeping the filters.</summary>
    public string NextUrl() => QueryString.Create(new Dictionary<string, string?>
    {
        ["q"] = Q,
        ["stage"] = Stage,
        ["status"] = Status?.ToString(),
        ["ownerId"] = OwnerId?.ToString(CultureInfo.InvariantCulture),
        ["accountId"] = AccountId?.ToString(CultureInfo.InvariantCulture),
        ["pipelineId"] = PipelineId?.ToString(CultureInfo.InvariantCulture),
        ["stalled"] = Stalled == true ? "true" : null,
        ["industry"] = Text.Clean(Industry),
        ["applicationId"] = ApplicationId?.ToString(CultureInfo.InvariantCulture),
        ["cursor"] = Results.NextCursor,
        ["fragment"] = "rows",
    }.Where(p => p.Value is not null)).ToUriComponent();
}
