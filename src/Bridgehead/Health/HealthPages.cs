using System.Globalization;
using Bridgehead.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Health;

/// <summary>/accounts/health: the customers the caller sees, worst first, with the top reason each.</summary>
[Authorize(Policy = Policies.ReadSales)]
public sealed class IndexModel(ListAccountHealth list) : PageModel
{
    [BindProperty(SupportsGet = true)] public HealthBand? Band { get; set; }

    public IReadOnlyList<AccountHealthRowDto> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Rows = await list.HandleAsync(Band, null, ListAccountHealth.MaxRows, ct);
}

/// <summary>The account page's Refresh button: rescores the account now and goes back to it.</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class RefreshModel(RefreshAccountHealth refresh) : PageModel
{
    public IActionResult OnGet(long id) => Redirect($"/accounts/{id}#health");

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        await refresh.HandleAsync(id, ct);
        TempData["Flash"] = HealthPagesText.Refreshed;
        return Redirect($"/accounts/{id}#health");
    }
}

/// <summary>The 90-day trend as an SVG polyline, drawn on the server (no script, no inline style).</summary>
public static class Sparkline
{
    public const int Width = 180;
    public const int Height = 40;

    /// <summary>The polyline's points: x by day over the 90 days up to <paramref name="today"/>, y by score (100 at the top).</summary>
    public static string Points(IReadOnlyList<HealthPointDto> trend, DateOnly today)
    {
        var from = today.AddDays(-(HealthData.RecentDays - 1));
        return string.Join(" ", trend.Select(p =>
        {
            var x = Math.Clamp(p.Date.DayNumber - from.DayNumber, 0, HealthData.RecentDays - 1) * (Width - 2m) / (HealthData.RecentDays - 1) + 1;
            var y = (Height - 2) - (Math.Clamp(p.Score, 0, 100) * (Height - 4m) / 100m);
            return x.ToString("0.#", CultureInfo.InvariantCulture) + "," + y.ToString("0.#", CultureInfo.InvariantCulture);
        }));
    }

    /// <summary>The y of a score (for the band lines).</summary>
    public static string Y(int score) => ((Height - 2) - (score * (Height - 4m) / 100m)).ToString("0.#", CultureInfo.InvariantCulture);
}
