using Bridgehead.Common;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Bridgehead.Care;

/// <summary>Care due this week or overdue, of the customers the user sees; managers and admins filter by owner.</summary>
[Authorize(Policy = Policies.ReadSales)]
public sealed class IndexModel(ListCareDue list, ListUsers users) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Due { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? OwnerId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public CareDueFilter Filter { get; private set; }

    public Page<CareDueDto> Items { get; private set; } = new([], null);

    public IReadOnlyList<SelectListItem> Owners { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Filter = string.Equals(Due, "overdue", StringComparison.OrdinalIgnoreCase) ? CareDueFilter.Overdue : CareDueFilter.Week;
        var viewer = ViewerSource.FromPrincipal(User);
        if (viewer is { Role: Role.Manager or Role.Admin })
        {
            Owners = Shared.Choices.Users(await users.OwnersAsync(ct));
        }
        else
        {
            OwnerId = null;
        }
        Items = await list.HandleAsync(Filter, OwnerId, PageRequest.Of(50, Cursor), ct);
    }

    /// <summary>The same list, one page further.</summary>
    public string NextUrl(string cursor) =>
        $"/care?due={Filter.ToString().ToLowerInvariant()}" + (OwnerId is { } o ? $"&ownerId={o}" : "") + "&cursor=" + Uri.EscapeDataString(cursor);
}
