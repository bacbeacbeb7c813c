using System.Globalization;
using Bridgehead.Accounts;
using Bridgehead.Common;
using Bridgehead.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Bridgehead.Orders;

/// <summary>
/// Order entry, for a new order and for a draft: kind, lines (fixed blank rows), the call-off plan
/// of a scheduled order, the specification of a made-to-order one. "Check dates" shows each line's
/// promise before anything is saved; "Confirm order" saves and confirms in one step, provided the
/// promises shown still hold (else the new ones are shown); "Save as draft" keeps it for later.
/// </summary>
[Authorize(Policy = Policies.EditSales)]
public abstract class OrderEntryPage(IServiceProvider services) : PageModel
{
    [BindProperty]
    public OrderForm Form { get; set; } = new();

    public OrderChoices Choices { get; private set; } = new("", [], []);

    /// <summary>The promises "Check dates" found, line by line.</summary>
    public IReadOnlyList<PlannedLine>? Plan { get; private set; }

    /// <summary>The rules that refused the last step.</summary>
    public IReadOnlyList<string> Refusal { get; private set; } = [];

    /// <summary>The draft being changed; null for a new order.</summary>
    public abstract long? DraftId { get; }

    /// <summary>The page's own address (without query).</summary>
    public abstract string Path { get; }

    /// <summary>Whether every line can be promised, so the order may be confirmed as shown.</summary>
    public bool CanConfirm => Plan is { Count: > 0 } plan && plan.All(p => p.Promise.PromisedDate is not null) && Form.Shown.Count == plan.Count;

    protected T Use<T>() where T : notnull => services.GetRequiredService<T>();

    protected async Task LoadChoicesAsync(CancellationToken ct) =>
        Choices = await Use<ListOrderChoices>().HandleAsync(Form.AccountId ?? 0,
            [.. Form.Lines.Where(l => l.ProductId is not null).Select(l => l.ProductId!.Value)], DraftId, ct);

    public async Task<IActionResult> OnPostCheckAsync(CancellationToken ct)
    {
        await CheckAsync(ct);
        await LoadChoicesAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDraftAsync(CancellationToken ct)
    {
        var (input, rows) = Form.ToInput();
        if (ModelState.IsValid)
        {
            try
            {
                var order = DraftId is { } id
                    ? await Use<UpdateOrder>().HandleAsync(id, Form.Revision, _ => input, ct)
                    : await Use<CreateOrder>().HandleAsync(input, ct);
                TempData["Flash"] = OrderPagesText.DraftSaved;
                return Redirect($"/orders/{order.Id}");
            }
            catch (ValidationException e)
            {
                OrderForm.ApplyErrors(ModelState, e, rows);
            }
            catch (PreconditionFailedException)
            {
                await ShowLatestAsync(ct);
            }
            catch (ConflictException e)
            {
                Refusal = e.Rules;
                Response.StatusCode = StatusCodes.Status409Conflict;
            }
        }
        Form.Shown = [];
        await LoadChoicesAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken ct)
    {
        if (Form.Shown.Count == 0)
        {
            return await OnPostCheckAsync(ct);
        }
        var (input, rows) = Form.ToInput();
        if (ModelState.IsValid)
        {
            try
            {
                var order = await Use<PlaceOrder>().HandleAsync(DraftId, DraftId is null ? null : Form.Revision, input, Form.Shown, ct);
                TempData["Flash"] = OrderPagesText.Confirmed;
                return Redirect($"/orders/{order.Id}");
            }
            catch (ValidationException e)
            {
                OrderForm.ApplyErrors(ModelState, e, rows);
                Form.Shown = [];
            }
            catch (PreconditionFailedException)
            {
                await ShowLatestAsync(ct);
                Form.Shown = [];
            }
            catch (ConflictException e)
            {
                Refusal = e.Rules;
                Response.StatusCode = StatusCodes.Status409Conflict;
                // Show the promises as they stand now, ready to confirm again.
                await CheckAsync(ct);
            }
        }
        await LoadChoicesAsync(ct);
        return Page();
    }

    /// <summary>Someone else saved the draft first: the form shows the latest version, and says so.</summary>
    private async Task ShowLatestAsync(CancellationToken ct)
    {
        ModelState.Clear();
        ModelState.AddModelError("", Shared.UiText.StaleEdit);
        if (DraftId is { } id)
        {
            Form = OrderForm.From(await Use<GetOrder>().HandleAsync(id, ct));
        }
    }

    /// <summary>The promises of the lines as written, or the reasons they cannot be planned.</summary>
    private async Task CheckAsync(CancellationToken ct)
    {
        Form.Shown = [];
        Plan = null;
        if (!ModelState.IsValid)
        {
            return;
        }
        var (input, rows) = Form.ToInput();
        try
        {
            Plan = await Use<PreviewOrder>().HandleAsync(input, DraftId, ct);
            Form.Shown = [.. Plan.Select(p => p.Promise.PromisedDate)];
        }
        catch (ValidationException e)
        {
            OrderForm.ApplyErrors(ModelState, e, rows);
        }
    }

    /// <summary>The form's address for another kind of order, keeping the account.</summary>
    public string KindUrl(OrderKind kind) => DraftId is null
        ? $"{Path}?accountId={Form.AccountId?.ToString(CultureInfo.InvariantCulture)}&kind={kind}"
        : $"{Path}?kind={kind}";

    public IReadOnlyList<SelectListItem> ContractItems() =>
        [.. Choices.Contracts.Select(c => new SelectListItem(
            Validator.Format(OrderPagesText.ContractChoice, c.Number ?? "#" + c.Id.ToString(CultureInfo.InvariantCulture), Shared.Display.Date(c.StartsOn), Shared.Display.Date(c.EndsOn), c.Currency),
            c.Id.ToString(CultureInfo.InvariantCulture)))];

    public IReadOnlyList<SelectListItem> CallOffProducts() =>
        [.. Choices.Contracts.Where(c => Form.ContractId is null || c.Id == Form.ContractId).SelectMany(c => c.Lines)
            .GroupBy(l => l.ProductId).Select(g => g.First())
            .Select(l => new SelectListItem(Validator.Format(OrderPagesText.ContractLineChoice, l.Sku, l.Name, OrderDisplay.Number(l.Remaining), l.Unit),
                l.ProductId.ToString(CultureInfo.InvariantCulture)))];

    public static IReadOnlyList<SelectListItem> Currencies(string? current) =>
        [.. Money.CommonCurrencies.Union(current is null ? [] : [current]).Select(c => new SelectListItem(c, c))];
}

/// <summary>/orders/new?accountId=&amp;kind=: a new order for an account (without an account: pick one first).</summary>
public sealed class NewModel(IServiceProvider services, ListAccounts accounts, TimeProvider clock) : OrderEntryPage(services)
{
    public override long? DraftId => null;

    public override string Path => "/orders/new";

    /// <summary>The accounts to pick from when none was named.</summary>
    public IReadOnlyList<AccountDto>? Accounts { get; private set; }

    public async Task<IActionResult> OnGetAsync(long? accountId, string? kind, CancellationToken ct)
    {
        if (accountId is not { } id)
        {
            Accounts = (await accounts.HandleAsync(new AccountFilter(), new PageRequest(PageRequest.MaxLimit), ct)).Items;
            return Page();
        }
        Form = new OrderForm
        {
            AccountId = id,
            Kind = Enum.TryParse<OrderKind>(kind, ignoreCase: true, out var k) && Enum.IsDefined(k) ? k : OrderKind.Spot,
            OrderedOn = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime),
        }.WithBlankRows();
        await LoadChoicesAsync(ct);
        return Page();
    }
}

/// <summary>/orders/{id}/edit: a draft in the order entry form; anything but a draft opens its page instead.</summary>
public sealed class EditModel(IServiceProvider services) : OrderEntryPage(services)
{
    [FromRoute]
    public long Id { get; set; }

    public override long? DraftId => Id;

    public override string Path => $"/orders/{Id.ToString(CultureInfo.InvariantCulture)}/edit";

    public async Task<IActionResult> OnGetAsync(string? kind, CancellationToken ct)
    {
        var order = await Use<GetOrder>().HandleAsync(Id, ct);
        if (order.Status != OrderStatus.Draft)
        {
            return Redirect($"/orders/{Id}");
        }
        Form = OrderForm.From(order);
        if (Enum.TryParse<OrderKind>(kind, ignoreCase: true, out var k) && Enum.IsDefined(k))
        {
            Form.Kind = k;
        }
        await LoadChoicesAsync(ct);
        return Page();
    }
}
