using Bridgehead.Auditing;
using Bridgehead.Common;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Orders;

/// <summary>A promise the page showed for a line, posted back with "Confirm".</summary>
public sealed class ShownPromise
{
    public long LineId { get; set; }
    public DateOnly? PromisedDate { get; set; }
}

/// <summary>
/// One order: its facts, lines with requested and promised dates, delivery progress, OTIF and risk;
/// for sales roles the steps that apply (confirm a draft as planned, record or undo a delivery,
/// notes, cancel with confirmation). Quality reads it without any price.
/// </summary>
[Authorize(Policy = Policies.ReadAccounts)]
public sealed class DetailModel(GetOrder get, IServiceProvider services) : PageModel
{
    public OrderDto Order { get; private set; } = null!;

    /// <summary>A draft's promises as they stand now (what confirming would book).</summary>
    public IReadOnlyList<PlannedLine> Plan { get; private set; } = [];

    /// <summary>The rules that refused the last step.</summary>
    public IReadOnlyList<string> Refusal { get; private set; } = [];

    /// <summary>The line whose delivery form was refused, to show its errors there.</summary>
    public long? DeliveryLine { get; private set; }

    public Viewer Viewer => ViewerSource.FromPrincipal(User)!;

    public bool SeesPrices => Viewer.SeesPrices;

    public bool CanEdit => Viewer.CanEditSales;

    public bool CanDeliver => CanEdit && Order.Status is OrderStatus.Confirmed or OrderStatus.PartlyDelivered or OrderStatus.Delivered;

    public bool CanCancel => CanEdit && Order.Status is OrderStatus.Draft or OrderStatus.Confirmed or OrderStatus.PartlyDelivered;

    /// <summary>Whether every line of the draft can be promised, so it may be confirmed as shown.</summary>
    public bool CanConfirm => CanEdit && Order.Status == OrderStatus.Draft && Plan.Count > 0 && Plan.All(p => p.Promise.PromisedDate is not null);

    public DateOnly Today => DateOnly.FromDateTime(services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);

    public async Task OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct);

    public Task<IActionResult> OnPostConfirmAsync(long id, long revision, List<ShownPromise>? shown, CancellationToken ct) =>
        StepAsync(id, OrderPagesText.Confirmed, () => services.GetRequiredService<ConfirmOrder>().HandleAsync(id, revision,
            new ConfirmInput([.. (shown ?? []).Select(s => new ExpectedPromise(s.LineId, s.PromisedDate))]), ct), ct);

    public async Task<IActionResult> OnPostDeliverAsync(long id, long lineId, decimal? quantity, DateOnly? deliveredOn, string? note, bool allowOver, CancellationToken ct)
    {
        DeliveryLine = lineId;
        return await StepAsync(id, OrderPagesText.DeliveryRecorded, async () =>
            (await services.GetRequiredService<RecordDelivery>().HandleAsync(id, lineId, new DeliveryInput(quantity, deliveredOn, note, allowOver), ct)).Order, ct);
    }

    public Task<IActionResult> OnPostUndoAsync(long id, long deliveryId, long version, CancellationToken ct) =>
        StepAsync(id, OrderPagesText.DeliveryUndone, () => services.GetRequiredService<UndoDelivery>().HandleAsync(deliveryId, version, ct), ct);

    public Task<IActionResult> OnPostCancelAsync(long id, long revision, string? reason, CancellationToken ct) =>
        StepAsync(id, OrderPagesText.CancelledFlash, () => services.GetRequiredService<CancelOrder>().HandleAsync(id, revision, new CancelInput(reason), ct), ct);

    public Task<IActionResult> OnPostNotesAsync(long id, long revision, string? customerReference, string? notes, CancellationToken ct) =>
        StepAsync(id, OrderPagesText.Saved, () => services.GetRequiredService<UpdateOrder>().HandleAsync(id, revision,
            current => current with { CustomerReference = customerReference, Notes = notes }, ct), ct);

    public async Task<IActionResult> OnGetHistoryAsync(long id, string? cursor, CancellationToken ct)
    {
        var entries = await services.GetRequiredService<GetOrderHistory>().HandleAsync(id, new PageRequest(20, cursor), ct);
        var names = (await services.GetRequiredService<ListUsers>().HandleAsync(activeOnly: false, ct)).ToDictionary(u => u.Id, u => u.DisplayName);
        var page = new Page<HistoryEntryDto>([.. entries.Items.Select(e => new HistoryEntryDto(e.Id, e.At, e.UserId, e.UserName, e.Action, e.Changes))], entries.NextCursor);
        return Partial("/Auditing/_History.cshtml", new HistoryView(page, OrderPagesText.ResourceManager,
            new Dictionary<string, Type> { ["status"] = typeof(OrderStatus), ["kind"] = typeof(OrderKind), ["rhythm"] = typeof(CallOffRhythm) },
            names, $"/orders/{id}?handler=history"));
    }

    private async Task<IActionResult> StepAsync(long id, string done, Func<Task<OrderDto>> step, CancellationToken ct)
    {
        try
        {
            await step();
            TempData["Flash"] = done;
            return Redirect($"/orders/{id}");
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
        }
        catch (PreconditionFailedException)
        {
            ModelState.AddModelError("", Shared.UiText.StaleEdit);
        }
        await LoadAsync(id, ct);
        return Page();
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        Order = await get.HandleAsync(id, ct);
        if (Order.Status == OrderStatus.Draft)
        {
            Plan = await services.GetRequiredService<PlanDraft>().HandleAsync(id, ct);
        }
    }
}
