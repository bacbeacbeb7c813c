using System.Globalization;
using System.Text.Json;
using Bridgehead.Common;
using Bridgehead.Forecasting;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Bridgehead.Industries;
using Bridgehead.Pursuits;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Bridgehead.Reports;

/// <summary>A quick choice of period on the filter form: a link with the same filters and these dates.</summary>
public sealed record PeriodPick(string Label, DateOnly From, DateOnly To);

/// <summary>
/// One page for every report: the filters in the address (GET, so a view can be bookmarked and
/// shared), the chart (drawn by /js/reports.js from a JSON block), the table, the note and the
/// CSV/XLSX downloads of the same filters. 404 for an unknown report, 403 for one not for the caller.
/// </summary>
[Authorize(Policy = Policies.ReadAccounts)]
public sealed class ReportPageModel(
    RunReport run, IEnumerable<IReport> reports, ListUsers users, ListPipelines pipelines, ListApplications applications, CurrencySettings currency) : PageModel
{
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public long? TeamId { get; set; }
    [BindProperty(SupportsGet = true)] public long? OwnerId { get; set; }
    [BindProperty(SupportsGet = true)] public long? PipelineId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Industry { get; set; }
    [BindProperty(SupportsGet = true)] public long? ApplicationId { get; set; }

    public IReport Report { get; private set; } = null!;

    /// <summary>Null when the filters were refused; the reasons are next to the fields.</summary>
    public ReportRun? Run { get; private set; }

    public string BaseCurrency => currency.BaseCurrency;

    /// <summary>Empty when the caller has no choice of team (reps).</summary>
    public IReadOnlyList<SelectListItem> Teams { get; private set; } = [];

    public IReadOnlyList<SelectListItem> Owners { get; private set; } = [];

    public IReadOnlyList<SelectListItem> Pipelines { get; private set; } = [];

    public IReadOnlyList<SelectListItem> Industries { get; private set; } = [];

    public IReadOnlyList<SelectListItem> Applications { get; private set; } = [];

    public IReadOnlyList<PeriodPick> Picks { get; private set; } = [];

    public async Task OnGetAsync(string name, CancellationToken ct)
    {
        var viewer = ViewerSource.FromPrincipal(User) ?? throw new ForbiddenException(ReportsText.NotForRole);
        Report = run.Available().FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw (reports.Any(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))
                ? new ForbiddenException(ReportsText.NotForRole)
                : (Exception)new NotFoundException("report"));
        if (ModelState.IsValid)
        {
            try
            {
                Run = await run.HandleAsync(Report.Name, new ReportQuery(From, To, TeamId, OwnerId, PipelineId, Industry, ApplicationId), ct);
                From = Run.Filter.From;
                To = Run.Filter.To;
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
        await LoadChoicesAsync(viewer, ct);
    }

    private async Task LoadChoicesAsync(Viewer viewer, CancellationToken ct)
    {
        // Only the choices that can narrow what the caller sees: a rep chooses no team and no other owner.
        var owners = await users.OwnersAsync(ct);
        if (viewer.SeesAllAccounts)
        {
            Teams = [.. (await users.TeamsAsync(ct)).Select(t => new SelectListItem(t.Name, Key(t.Id)))];
        }
        else if (viewer.ManagedTeamId is { } team)
        {
            Teams = [.. (await users.TeamsAsync(ct)).Where(t => t.Id == team).Select(t => new SelectListItem(t.Name, Key(t.Id)))];
            owners = [.. owners.Where(o => o.TeamId == team)];
        }
        else
        {
            owners = [.. owners.Where(o => o.Id == viewer.UserId)];
        }
        Owners = Choices.Users(owners);
        Pipelines = [.. (await pipelines.HandleAsync(ct)).Select(p => new SelectListItem(p.Name, Key(p.Id)))];
        Industries = TaxonomyChoices.Industries();
        Applications = await TaxonomyChoices.ApplicationsAsync(applications, ct);

        var today = DateOnly.FromDateTime(Display.Local(DateTime.UtcNow));
        var quarter = new DateOnly(today.Year, ((today.Month - 1) / 3 * 3) + 1, 1);
        Picks =
        [
            new(ReportPagesText.Pick_ThisQuarter, quarter, quarter.AddMonths(3).AddDays(-1)),
            new(ReportPagesText.Pick_LastQuarter, quarter.AddMonths(-3), quarter.AddDays(-1)),
            new(ReportPagesText.Pick_Last12Months, today.AddYears(-1).AddDays(1), today),
            new(ReportPagesText.Pick_ThisYear, new DateOnly(today.Year, 1, 1), new DateOnly(today.Year, 12, 31)),
        ];
    }

    public static string Key(long id) => id.ToString(CultureInfo.InvariantCulture);

    public static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    /// <summary>The filters as a query string, with this period and (for a download) the format.</summary>
    public string Query(DateOnly? from, DateOnly? to, string? format = null)
    {
        var parts = new List<KeyValuePair<string, string?>>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add(new(key, value));
            }
        }
        Add("from", Date(from));
        Add("to", Date(to));
        Add("teamId", TeamId is { } t ? Key(t) : null);
        Add("ownerId", OwnerId is { } o ? Key(o) : null);
        Add("pipelineId", PipelineId is { } p ? Key(p) : null);
        Add("industry", Text.Clean(Industry));
        Add("applicationId", ApplicationId is { } a ? Key(a) : null);
        Add("format", format);
        return Microsoft.AspNetCore.Http.QueryString.Create(parts).ToUriComponent();
    }

    public string Download(string format) => $"/api/v1/reports/{Uri.EscapeDataString(Report.Name)}{Query(From, To, format)}";

    public string Pick(PeriodPick pick) => $"/reports/{Uri.EscapeDataString(Report.Name)}{Query(pick.From, pick.To)}";

    public string? ErrorOf(string field) =>
        ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? string.Join(" ", entry.Errors.Select(e => e.ErrorMessage)) : null;

    public string? Attempted(string field) => ModelState.TryGetValue(field, out var entry) ? entry.AttemptedValue : null;

    /// <summary>A cell as people read it in the UI language: counts and numbers grouped, money with the base currency, percent with %, days with "days".</summary>
    public string Format(object? value, ReportColumnKind kind)
    {
        if (value is null)
        {
            return "";
        }
        if (value is DateOnly date)
        {
            return Display.Date(date);
        }
        if (value is DateTime time)
        {
            return Display.Date(time);
        }
        if (value is string || kind == ReportColumnKind.Text)
        {
            return Convert.ToString(value, CultureInfo.CurrentCulture) ?? "";
        }
        var number = Convert.ToDecimal(value, CultureInfo.InvariantCulture);
        return kind switch
        {
            ReportColumnKind.Text => number.ToString(CultureInfo.CurrentCulture),
            ReportColumnKind.Count => number.ToString("#,0", CultureInfo.CurrentCulture),
            ReportColumnKind.Number => number.ToString("#,0.##", CultureInfo.CurrentCulture),
            ReportColumnKind.Money => $"{number.ToString("#,0.##", CultureInfo.CurrentCulture)} {BaseCurrency}",
            ReportColumnKind.Percent => number.ToString("#,0.#", CultureInfo.CurrentCulture) + "%",
            ReportColumnKind.Days => Validator.Format(ReportPagesText.DaysValue, number.ToString("#,0.#", CultureInfo.CurrentCulture)),
            ReportColumnKind.Date => number.ToString(CultureInfo.CurrentCulture),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    public static bool IsNumeric(ReportColumnKind kind) => kind switch
    {
        ReportColumnKind.Text or ReportColumnKind.Date => false,
        ReportColumnKind.Count or ReportColumnKind.Number or ReportColumnKind.Money or ReportColumnKind.Percent or ReportColumnKind.Days => true,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The chart as reports.js reads it: kind, the labels, and one series per charted column (label, values, how to format them).</summary>
    public string ChartJson()
    {
        var result = Run!.Result;
        var chart = result.Chart!;
        var columns = result.Columns;
        var labelIndex = IndexOf(columns, chart.LabelColumn);
        return JsonSerializer.Serialize(new
        {
            kind = JsonNamingPolicy.CamelCase.ConvertName(chart.Kind.ToString()),
            locale = CultureInfo.CurrentUICulture.Name,
            currency = BaseCurrency,
            labels = result.Rows.Select(r => labelIndex >= 0 && labelIndex < r.Length ? Convert.ToString(r[labelIndex], CultureInfo.CurrentCulture) : ""),
            series = chart.Series.Select(key => IndexOf(columns, key)).Where(i => i >= 0).Select(i => new
            {
                key = columns[i].Key,
                label = columns[i].Label,
                format = JsonNamingPolicy.CamelCase.ConvertName(columns[i].Kind.ToString()),
                data = result.Rows.Select(r => i < r.Length && r[i] is { } v and not string ? Convert.ToDecimal(v, CultureInfo.InvariantCulture) : (decimal?)null),
            }),
        });
    }

    private static int IndexOf(IReadOnlyList<ReportColumn> columns, string key)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].Key == key)
            {
                return i;
            }
        }
        return -1;
    }
}
