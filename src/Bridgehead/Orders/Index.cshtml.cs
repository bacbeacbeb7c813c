using Bridgehead.Common;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Orders;

/// <summary>/orders: the orders the caller sees, filtered by account, status, kind, product, at risk and late.</summary>
[Authorize(Policy = Policies.ReadAccounts)]
public sealed class IndexModel(ListOrders list, GetOrderAlerts alerts) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? AccountId { get; set; }
    [BindProperty(SupportsGet = true)] public OrderStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public OrderKind? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public long? ProductId { get; set; }
    [BindProperty(SupportsGet = true)] public bool AtRisk { get; set; }
    [BindProperty(SupportsGet = true)] public bool Late { get; set; }
    [BindProperty(SupportsGet = true)] public string? Cursor { get; set; }

    public Page<OrderDto> Results { get; private set; } = new([], null);

    /// <summary>How many lines are late and at risk among the open orders in view.</summary>
    public OrderAlertsDto? Alerts { get; private set; }

    public Viewer Viewer => ViewerSource.FromPrincipal(User)!;

    public bool SeesPrices => Viewer.SeesPrices;

    public bool Filtered => AccountId is not null || Status is not null || Kind is not null || ProductId is not null || AtRisk || Late;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var filter = new OrderFilter
        {
            AccountId = AccountId,
            Status = Status,
            Kind = Kind,
            ProductId = ProductId,
            AtRisk = AtRisk ? true : null,
            Late = Late ? true : null,
        };
        try
        {
            Results = await list.HandleAsync(filter, new PageRequest(PageRequest.DefaultLimit, Cursor), ct);
        }
        catch (BadRequestException)
        {
            Results = await list.HandleAsync(filter, new PageRequest(), ct);
        }
        Alerts = await alerts.HandleAsync(AccountId, 0, ct);
    }

    /// <summary>The address of the next page, keeping the filters.</summary>
    public string NextUrl() => QueryString.Create(new Dictionary<string, string?>
    {
        ["accountId"] = AccountId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["status"] = Status?.ToString(),
        ["kind"] = Kind?.ToString(),
        ["productId"] = ProductId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["atRisk"] = AtRisk ? "true" : null,
        ["late"] = Late ? "true" : null,
        ["cursor"] = Results.NextCursor,
    }.Where(p => p.Value is not null)).ToUriComponent();
}
