using System.Globalization;
using Bridgehead.Orders;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Capacity;

/// <summary>
/// A product's capacity load per week (/products/{id}/capacity): booked against what each week
/// can make, across all accounts, as a chart and the same numbers as a table. Everyone who reads
/// the catalogue may look; quantities only.
/// </summary>
public sealed class ProductCapacityModel(GetProductCapacity get) : PageModel
{
    public ProductCapacityDto Load { get; private set; } = null!;

    public CapacityChart Chart { get; private set; } = null!;

    public int WeekCount { get; private set; }

    public DateOnly First => Load.Weeks[0].WeekStart;

    public async Task<IActionResult> OnGetAsync(long id, DateOnly? from, int? weeks, CancellationToken ct)
    {
        WeekCount = Math.Clamp(weeks ?? CapacityWeeks.DefaultWeeks, 1, CapacityWeeks.MaxWeeks);
        Load = await get.HandleAsync(id, CapacityPages.Within(from), WeekCount, ct);
        Chart = new CapacityChart(Load.Weeks);
        return Page();
    }

    public string WeeksUrl(DateOnly from) =>
        $"/products/{Load.ProductId}/capacity?from={CapacityPages.Iso(from)}&weeks={WeekCount.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>What the capacity pages share: dates in links, readable quantities, the heat of a week.</summary>
public static class CapacityPages
{
    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Quantity(decimal? value) => value is { } v ? v.ToString("#,0.##", CultureInfo.CurrentCulture) : Shared.UiText.NotSet;

    /// <summary>A start inside the years the calendar takes (a link edited by hand shows this week instead of an error).</summary>
    public static DateOnly? Within(DateOnly? from) =>
        from is { Year: >= Calendar.CalendarRules.FirstYear and < Calendar.CalendarRules.LastYear } ? from : null;

    /// <summary>Booked as a share of capacity, 0-100 and beyond, rounded down.</summary>
    public static int Percent(CapacityWeekDto week)
    {
        if (week.Capacity is { } capacity && capacity > 0)
        {
            return (int)Math.Min(999m, Math.Floor(week.Booked / capacity * 100m));
        }
        return week.Booked > 0 ? 100 : 0;
    }

    /// <summary>The CSS class of a week by its load: free, light, busy, nearly full, full, overbooked.</summary>
    public static string Heat(CapacityWeekDto week) => week switch
    {
        { Overbooked: true } => "heat-over",
        { Capacity: null } => "heat-none",
        { Capacity: 0m } => "heat-closed",
        _ when week.Free == 0 => "heat-full",
        _ => Percent(week) switch
        {
            0 => "heat-0",
            < 50 => "heat-1",
            < 80 => "heat-2",
            _ => "heat-3",
        },
    };

    /// <summary>The week's state in words.</summary>
    public static string State(CapacityWeekDto week) => week switch
    {
        { Overbooked: true } => CapacityPagesText.Overbooked,
        { Capacity: null } => CapacityPagesText.NotLimited,
        { Capacity: 0m } => CapacityPagesText.NoWorkingDays,
        _ when week.Free == 0 => CapacityPagesText.Full,
        _ => CapacityPagesText.HasRoom,
    };

    public static string Holidays(CapacityWeekDto week) =>
        string.Join(", ", week.Holidays.Select(h => $"{Shared.Display.Date(h.Date)} {h.LocalName(CultureInfo.CurrentUICulture)}"));
}
