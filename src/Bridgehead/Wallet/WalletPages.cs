using Bridgehead.Accounts;
using Bridgehead.Common;
using Bridgehead.Competitors;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Wallet;

/// <summary>Records a share of wallet at an account.</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class NewShareModel(GetAccount getAccount, CreateSupplierShare create, CreateCompetitor createCompetitor, ListCompetitors competitors, BridgeheadDb db) : PageModel
{
    [BindProperty]
    public ShareForm Form { get; set; } = new();

    public WalletFormView<ShareForm> View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Form = new ShareForm { Supplier = SupplierKind.Competitor, AsOf = Wallets.Today(db), Currency = "KRW" };
        await LoadAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        await getAccount.HandleAsync(id, ct);
        var result = await WalletSave.TryAsync(db, createCompetitor, ModelState, Form.CompetitorId, Form.NewCompetitorFor(),
            competitorId => create.HandleAsync(id, Form.ToInput(competitorId), ct), ShareForm.Fields);
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = WalletPagesText.ShareSaved;
            return Redirect($"/accounts/{id}#wallet");
        }
        await LoadAsync(id, ct);
        return Page();
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        var account = await getAccount.HandleAsync(id, ct);
        View = new WalletFormView<ShareForm>(Form, await WalletSave.CompetitorsAsync(competitors, ct), id, account.Name);
    }
}

/// <summary>Corrects a share-of-wallet entry; refuses to overwrite a newer version saved by someone else.</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class EditShareModel(GetAccount getAccount, GetSupplierShare get, UpdateSupplierShare update, CreateCompetitor createCompetitor, ListCompetitors competitors, BridgeheadDb db) : PageModel
{
    [BindProperty]
    public ShareForm Form { get; set; } = new();

    public WalletFormView<ShareForm> View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, long shareId, CancellationToken ct)
    {
        Form = ShareForm.From(await get.HandleAsync(id, shareId, ct));
        await LoadAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, long shareId, CancellationToken ct)
    {
        await get.HandleAsync(id, shareId, ct);
        var result = await WalletSave.TryAsync(db, createCompetitor, ModelState, Form.CompetitorId, Form.NewCompetitorFor(),
            competitorId => update.HandleAsync(id, shareId, Form.Version, _ => Form.ToInput(competitorId), ct), ShareForm.Fields);
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = WalletPagesText.ShareSaved;
            return Redirect($"/accounts/{id}#wallet");
        }
        if (result == SaveResult.Stale)
        {
            Form = ShareForm.From(await get.HandleAsync(id, shareId, ct));
        }
        await LoadAsync(id, ct);
        return Page();
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        var account = await getAccount.HandleAsync(id, ct);
        View = new WalletFormView<ShareForm>(Form, await WalletSave.CompetitorsAsync(competitors, ct), id, account.Name);
    }
}

/// <summary>Asks before deleting a share-of-wallet entry.</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class DeleteShareModel(GetAccount getAccount, GetSupplierShare get, DeleteSupplierShare delete) : PageModel
{
    public SupplierShareDto Share { get; private set; } = null!;

    public AccountDto Account { get; private set; } = null!;

    public IReadOnlyList<string> Blockers { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, long shareId, CancellationToken ct)
    {
        await LoadAsync(id, shareId, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, long shareId, long version, CancellationToken ct)
    {
        try
        {
            await delete.HandleAsync(id, shareId, version, ct);
            TempData["Flash"] = WalletPagesText.ShareDeleted;
            return Redirect($"/accounts/{id}#wallet");
        }
        catch (ConflictException e)
        {
            await LoadAsync(id, shareId, ct);
            Blockers = e.Rules;
            return Page();
        }
        catch (PreconditionFailedException)
        {
            await LoadAsync(id, shareId, ct);
            ModelState.AddModelError("", UiText.StaleEdit);
            return Page();
        }
    }

    private async Task LoadAsync(long id, long shareId, CancellationToken ct)
    {
        Account = await getAccount.HandleAsync(id, ct);
        Share = await get.HandleAsync(id, shareId, ct);
    }
}

/// <summary>Records an incumbent's slip at an account.</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class NewSlipModel(GetAccount getAccount, CreateIncumbentEvent create, CreateCompetitor createCompetitor, ListCompetitors competitors, BridgeheadDb db) : PageModel
{
    [BindProperty]
    public SlipForm Form { get; set; } = new();

    public WalletFormView<SlipForm> View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Form = new SlipForm { Severity = Severity.Major, OccurredOn = Wallets.Today(db) };
        await LoadAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        await getAccount.HandleAsync(id, ct);
        var result = await WalletSave.TryAsync(db, createCompetitor, ModelState, Form.CompetitorId, Form.NewCompetitor,
            competitorId => create.HandleAsync(id, Form.ToInput(competitorId), ct));
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = WalletPagesText.SlipSaved;
            return Redirect($"/accounts/{id}#wallet");
        }
        await LoadAsync(id, ct);
        return Page();
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        var account = await getAccount.HandleAsync(id, ct);
        View = new WalletFormView<SlipForm>(Form, await WalletSave.CompetitorsAsync(competitors, ct), id, account.Name);
    }
}

/// <summary>Corrects an incumbent's slip.</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class EditSlipModel(GetAccount getAccount, GetIncumbentEvent get, UpdateIncumbentEvent update, CreateCompetitor createCompetitor, ListCompetitors competitors, BridgeheadDb db) : PageModel
{
    [BindProperty]
    public SlipForm Form { get; set; } = new();

    public WalletFormView<SlipForm> View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, long eventId, CancellationToken ct)
    {
        Form = SlipForm.From(await get.HandleAsync(id, eventId, ct));
        await LoadAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, long eventId, CancellationToken ct)
    {
        await get.HandleAsync(id, eventId, ct);
        var result = await WalletSave.TryAsync(db, createCompetitor, ModelState, Form.CompetitorId, Form.NewCompetitor,
            competitorId => update.HandleAsync(id, eventId, Form.Version, _ => Form.ToInput(competitorId), ct));
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = WalletPagesText.SlipSaved;
            return Redirect($"/accounts/{id}#wallet");
        }
        if (result == SaveResult.Stale)
        {
            Form = SlipForm.From(await get.HandleAsync(id, eventId, ct));
        }
        await LoadAsync(id, ct);
        return Page();
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        var account = await getAccount.HandleAsync(id, ct);
        View = new WalletFormView<SlipForm>(Form, await WalletSave.CompetitorsAsync(competitors, ct), id, account.Name);
    }
}

/// <summary>Asks before deleting a slip.</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class DeleteSlipModel(GetAccount getAccount, GetIncumbentEvent get, DeleteIncumbentEvent delete) : PageModel
{
    public IncumbentEventDto Slip { get; private set; } = null!;

    public AccountDto Account { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, long eventId, CancellationToken ct)
    {
        await LoadAsync(id, eventId, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, long eventId, long version, CancellationToken ct)
    {
        try
        {
            await delete.HandleAsync(id, eventId, version, ct);
            TempData["Flash"] = WalletPagesText.SlipDeleted;
            return Redirect($"/accounts/{id}#wallet");
        }
        catch (PreconditionFailedException)
        {
            await LoadAsync(id, eventId, ct);
            ModelState.AddModelError("", UiText.StaleEdit);
            return Page();
        }
    }

    private async Task LoadAsync(long id, long eventId, CancellationToken ct)
    {
        Account = await getAccount.HandleAsync(id, ct);
        Slip = await get.HandleAsync(id, eventId, ct);
    }
}
