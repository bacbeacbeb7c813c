using System.Globalization;
using Bridgehead.Common;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Bridgehead.Forecasting;

/// <summary>
/// The forecast page: filters in the address (so a view can be shared and bookmarked), a table per
/// period and forecast category, what could not be counted, and a bar per period.
/// </summary>
[Authorize(Policy = Policies.ReadSales)]
public sealed class ForecastModel(Forecast forecast, ListUsers users, ListPipelines pipelines) : PageModel
{
    [BindProperty(SupportsGet = true)] public ForecastPeriod? By { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public long? OwnerId { get; set; }
    [BindProperty(SupportsGet = true)] public long? TeamId { get; set; }
    [BindProperty(SupportsGet = true)] public long? PipelineId { get; set; }

    /// <summary>Null when the filters were refused; the reasons are on the form.</summary>
    public ForecastDto? Result { get; private set; }

    public IReadOnlyList<SelectListItem> Owners { get; private set; } = [];

    public IReadOnlyList<SelectListItem> Teams { get; private set; } = [];

    public IReadOnlyList<SelectListItem> Pipelines { get; private set; } = [];

    public bool IsAdmin { get; private set; }

    public static readonly IReadOnlyList<ForecastCategory> Categories = Enum.GetValues<ForecastCategory>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        IsAdmin = ViewerSource.FromPrincipal(User)?.IsAdmin == true;
        // Numbers and combinations bind to enums too; only named values count.
        By = By is { } by && Enum.IsDefined(by) ? by : null;
        if (ModelState.IsValid)
        {
            try
            {
                Result = await forecast.HandleAsync(new ForecastQuery
                {
                    By = By ?? ForecastPeriod.Quarter,
                    From = From,
                    To = To,
                    OwnerId = OwnerId,
                    TeamId = TeamId,
                    PipelineId = PipelineId,
                }, ct);
                By = Result.By;
                From = Result.From;
                To = Result.To;
            }
            catch (ValidationException e)
            {
                foreach (var (field, messages) in e.Errors)
                {
                    foreach (var message in messages)
                    {
                        ModelState.AddModelError(char.ToUpperInvariant(field[0]) + field[1..], message);
                    }
                }
            }
        }
        Owners = Choices.Users(await users.OwnersAsync(ct));
        Teams = [.. (await users.TeamsAsync(ct)).Select(t => new SelectListItem(t.Name, Key(t.Id)))];
        Pipelines = [.. (await pipelines.HandleAsync(ct)).Select(p => new SelectListItem(p.Name, Key(p.Id)))];
    }

    public static string Key(long id) => id.ToString(CultureInfo.InvariantCulture);

    public static string Amount(Money money) => money.Amount.ToString("#,0.##", CultureInfo.CurrentCulture);

    public static string Amount(decimal amount) => amount.ToString("#,0.##", CultureInfo.CurrentCulture);

    public static string Count(int count) => count.ToString("N0", CultureInfo.CurrentCulture);

    /// <summary>"November 2026" or "Q4 2026" in the UI language.</summary>
    public static string Label(ForecastPeriodDto period, ForecastPeriod by) => by switch
    {
        ForecastPeriod.Month => period.Start.ToString("Y", CultureInfo.CurrentCulture),
        ForecastPeriod.Quarter => Validator.Format(ForecastText.QuarterLabel, period.Start.Year, ((period.Start.Month - 1) / 3) + 1),
        _ => throw new ArgumentOutOfRangeException(nameof(by)),
    };

    public string? ErrorOf(string field) =>
        ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? string.Join(" ", entry.Errors.Select(e => e.ErrorMessage)) : null;

    public string? Attempted(string field) => ModelState.TryGetValue(field, out var entry) ? entry.AttemptedValue : null;

    /// <summary>A bar segment's length, in percent of the largest period's weighted value.</summary>
    public static string Percent(decimal part, decimal largest) =>
        largest <= 0 ? "0" : Math.Round(Math.Max(0, part) / largest * 100m, 2).ToString(CultureInfo.InvariantCulture);
}
