using Bridgehead.Accounts;
using Bridgehead.Auditing;
using Bridgehead.Common;
using Bridgehead.Forecasting;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Bridgehead.Quotes;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Contracts;

/// <summary>What the contract form shows around its fields: where it belongs, the products to pick, whether it may win.</summary>
public sealed record ContractFormView(ContractForm Form, IReadOnlyList<QuoteProductChoice> Products, bool OffersWin, string CancelUrl, string SubmitLabel);

/// <summary>
/// Records a contract: for a pursuit (<c>?opportunityId=</c>, prefilled from its contract draft,
/// with "win the pursuit now" checked when it is in its last stage) or for an account alone
/// (<c>?accountId=</c>). A refused win says the unmet criteria above the form and saves nothing.
/// </summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class NewModel(GetContractDraft draft, CreateContract create, GetOpportunity getOpportunity, GetAccount getAccount, ListContracts list,
    ListQuoteProducts products, CurrencySettings currencies) : PageModel
{
    [BindProperty]
    public ContractForm Form { get; set; } = new();

    public OpportunityDto? Opportunity { get; private set; }

    public AccountDto? Account { get; private set; }

    public IReadOnlyList<QuoteProductChoice> Products { get; private set; } = [];

    /// <summary>Why no contract can be recorded here (a lost or dropped pursuit).</summary>
    public IReadOnlyList<string> Blocked { get; private set; } = [];

    public ContractFormView View => new(Form, Products, Opportunity is { Status: OpportunityStatus.Open }, CancelUrl, ContractPagesText.Record);

    public string CancelUrl => Opportunity is { } o ? $"/opportunities/{o.Id}#contract" : $"/accounts/{Account?.Id}#contracts";

    public async Task<IActionResult> OnGetAsync(long? opportunityId, long? accountId, CancellationToken ct)
    {
        if (await LoadAsync(opportunityId, accountId, ct) is { } existing)
        {
            return Redirect($"/contracts/{existing}");
        }
        if (Opportunity is { } o)
        {
            try
            {
                Form = ContractForm.From(await draft.HandleAsync(o.Id, ct));
            }
            catch (ConflictException e)
            {
                Blocked = e.Rules;
                Response.StatusCode = StatusCodes.Status409Conflict;
            }
        }
        else
        {
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            Form = new ContractForm { StartsOn = today, EndsOn = today.AddYears(1).AddDays(-1), Currency = currencies.BaseCurrency }.WithBlankRows();
        }
        await LoadProductsAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long? opportunityId, long? accountId, CancellationToken ct)
    {
        await LoadAsync(opportunityId, accountId, ct);
        var offersWin = Opportunity is { Status: OpportunityStatus.Open };
        ContractDto? created = null;
        var input = Form.ToInput(Opportunity is null ? Account?.Id : null, Opportunity?.Id, offersWin ? Form.Win : null);
        var result = await FormSave.TryOrRefuseAsync(this, async () => created = await create.HandleAsync(input, ct), Form.ErrorFields());
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = input.Win == true ? ContractPagesText.RecordedAndWon : ContractPagesText.Recorded;
            return Redirect($"/contracts/{created!.Id}");
        }
        // The rows stay as posted, so each error sits on the row it is about.
        await LoadProductsAsync(ct);
        return Page();
    }

    /// <summary>The pursuit or account (404 when the caller does not see it); the id of the pursuit's contract when it has one already.</summary>
    private async Task<long?> LoadAsync(long? opportunityId, long? accountId, CancellationToken ct)
    {
        if (opportunityId is { } id)
        {
            Opportunity = await getOpportunity.HandleAsync(id, ct);
            var existing = await list.HandleAsync(new ContractFilter { OpportunityId = id }, new PageRequest(1), ct);
            return existing.Items.Count > 0 ? existing.Items[0].Id : null;
        }
        Account = accountId is { } a ? await getAccount.HandleAsync(a, ct) : throw new NotFoundException("account");
        return null;
    }

    private async Task LoadProductsAsync(CancellationToken ct) =>
        Products = await products.HandleAsync([.. Form.Lines.Where(l => l.ProductId is not null).Select(l => l.ProductId!.Value)], ct);
}

/// <summary>One contract: period and status, lines with what was called off, terms, and its history.</summary>
[Authorize(Policy = Policies.ReadSales)]
public sealed partial class DetailModel(GetContract get, IServiceProvider services) : PageModel
{
    public ContractDto Contract { get; private set; } = null!;

    public bool CanEdit => ViewerSource.FromPrincipal(User) is { CanEditSales: true };

    public async Task OnGetAsync(long id, CancellationToken ct) => Contract = await get.HandleAsync(id, ct);

    public async Task<IActionResult> OnGetHistoryAsync(long id, string? cursor, CancellationToken ct)
    {
        var contract = await get.HandleAsync(id, ct);
        // A line is kept as "1. #42 x 100 @ 1150"; the product reads by its SKU where the catalogue still lists it.
        var skus = (await services.GetRequiredService<ListQuoteProducts>().HandleAsync([.. contract.Lines.Select(l => l.ProductId)], ct))
            .ToDictionary(p => p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), p => p.Sku);
        return await HistoryFragment.RenderAsync(this, services, "contract", id, cursor, ContractPagesText.ResourceManager,
            new Dictionary<string, Type>(), $"/contracts/{id}?handler=history", ct,
            new Dictionary<string, Func<string, string>>
            {
                ["lines"] = value => ProductRef().Replace(value, m => skus.GetValueOrDefault(m.Groups[1].Value) ?? m.Value),
            });
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"#(\d+)")]
    private static partial System.Text.RegularExpressions.Regex ProductRef();
}

/// <summary>Changes a contract; its account and pursuit stay. Refuses to overwrite a newer version (412, the latest shown).</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class EditModel(GetContract get, UpdateContract update, ListQuoteProducts products) : PageModel
{
    [BindProperty]
    public ContractForm Form { get; set; } = new();

    public ContractDto Contract { get; private set; } = null!;

    public IReadOnlyList<QuoteProductChoice> Products { get; private set; } = [];

    public ContractFormView View => new(Form, Products, false, $"/contracts/{Contract.Id}", Shared.UiText.Save);

    public async Task OnGetAsync(long id, CancellationToken ct)
    {
        Contract = await get.HandleAsync(id, ct);
        Form = ContractForm.From(Contract);
        await LoadProductsAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        Contract = await get.HandleAsync(id, ct);
        var result = await FormSave.TryOrRefuseAsync(this,
            () => update.HandleAsync(id, Form.Version, current => Form.ToInput(current.AccountId, current.OpportunityId, null), ct), Form.ErrorFields());
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = ContractPagesText.Updated;
            return Redirect($"/contracts/{id}");
        }
        if (result == SaveResult.Stale)
        {
            Contract = await get.HandleAsync(id, ct);
            Form = ContractForm.From(Contract);
            Response.StatusCode = StatusCodes.Status412PreconditionFailed;
        }
        await LoadProductsAsync(ct);
        return Page();
    }

    private async Task LoadProductsAsync(CancellationToken ct) =>
        Products = await products.HandleAsync([.. Contract.Lines.Select(l => l.ProductId)], ct);
}

/// <summary>Asks before deleting a contract; says up front what keeps it (orders calling it off, the pursuit it won).</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class DeleteModel(GetContract get, DeleteContract delete, GetContractBlockers blockers) : PageModel
{
    public ContractDto Contract { get; private set; } = null!;

    public IReadOnlyList<string> Blockers { get; private set; } = [];

    public async Task OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct);

    public async Task<IActionResult> OnPostAsync(long id, long version, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        try
        {
            await delete.HandleAsync(id, version, ct);
            TempData["Flash"] = ContractPagesText.Deleted;
            return Redirect(Contract.OpportunityId is { } o ? $"/opportunities/{o}" : $"/accounts/{Contract.AccountId}");
        }
        catch (ConflictException e)
        {
            Blockers = e.Rules;
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        catch (PreconditionFailedException)
        {
            await LoadAsync(id, ct);
            ModelState.AddModelError("", Shared.UiText.StaleEdit);
            Response.StatusCode = StatusCodes.Status412PreconditionFailed;
        }
        return Page();
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        Contract = await get.HandleAsync(id, ct);
        Blockers = await blockers.HandleAsync(id, ct);
    }
}
