using Bridgehead.Accounts;
using Bridgehead.Activities;
using Bridgehead.Common;
using Bridgehead.Forecasting;
using Bridgehead.Health;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Bridgehead.ProductRequests;
using Bridgehead.Pursuits;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Home;

/// <summary>What kind of home a role gets at <c>/</c>.</summary>
public enum HomeKind
{
    /// <summary>A rep: this week's work on their own deals and accounts.</summary>
    Rep,

    /// <summary>Manager, admin and viewer: the team's (or everyone's) pipeline, forecast and what waits for a decision.</summary>
    Overview,

    /// <summary>Quality: open incidents, trials in progress, the recent PPM.</summary>
    Quality,

    /// <summary>Product: requests by revenue at stake and the newest ones.</summary>
    Product,
}

/// <summary>
/// The signed-in user's home, per role (see <see cref="HomeKind"/>). Each panel's data comes from
/// one small use case that asks the database a fixed number of times, whatever the number of rows;
/// the panels other modules own are partials that load their own data.
/// </summary>
public sealed class IndexModel(IServiceProvider services) : PageModel
{
    public const int PanelRows = 8;

    public Viewer Viewer { get; private set; } = null!;

    public HomeKind Kind { get; private set; }

    public Page<AccountDto> MyAccounts { get; private set; } = new([], null);

    public IReadOnlyList<TaskDto> DueSoon { get; private set; } = [];

    public IReadOnlyList<(Stage Stage, int Count)> Pipeline { get; private set; } = [];

    public IReadOnlyList<ActivityDto> Recent { get; private set; } = [];

    public HomeList<StalledDealDto> Stalled { get; private set; } = HomeList.Empty<StalledDealDto>();

    public HomeList<UnansweredFeedbackDto> Unanswered { get; private set; } = HomeList.Empty<UnansweredFeedbackDto>();

    public HomeList<ApprovalAskDto> Asked { get; private set; } = HomeList.Empty<ApprovalAskDto>();

    public TeamPipelineDto? Team { get; private set; }

    public ForecastDto? Forecast { get; private set; }

    public IReadOnlyList<AccountHealthRowDto>? AtRisk { get; private set; }

    public SystemStatusDto? SystemStatus { get; private set; }

    public QualityOverviewDto? Quality { get; private set; }

    public HomeList<TrialInProgressDto> Trials { get; private set; } = HomeList.Empty<TrialInProgressDto>();

    public IReadOnlyList<ProductRequestDto> ByRevenue { get; private set; } = [];

    public IReadOnlyList<ProductRequestDto> Newest { get; private set; } = [];

    public static HomeKind KindOf(Role role) => role switch
    {
        Role.Rep => HomeKind.Rep,
        Role.Manager or Role.Admin or Role.Viewer => HomeKind.Overview,
        Role.Quality => HomeKind.Quality,
        Role.Product => HomeKind.Product,
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    private T Use<T>() where T : notnull => services.GetRequiredService<T>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Viewer = ViewerSource.FromPrincipal(User)!;
        Kind = KindOf(Viewer.Role);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var localToday = DateOnly.FromDateTime(Display.Local(DateTime.UtcNow));
        if (Viewer.CanKeepTasks)
        {
            DueSoon = (await Use<ListTasks>().HandleAsync(new TaskFilter { AssigneeId = Viewer.UserId, Done = false, DueBefore = today.AddDays(7) }, new PageRequest(20), ct)).Items;
        }
        if (Viewer.CanEditSales)
        {
            MyAccounts = await Use<ListAccounts>().HandleAsync(new AccountFilter { OwnerId = Viewer.UserId }, new PageRequest(10), ct);
        }
        await LoadPanelsAsync(Kind, localToday, ct);
    }

    private async Task LoadPanelsAsync(HomeKind kind, DateOnly localToday, CancellationToken ct)
    {
        switch (kind)
        {
            case HomeKind.Rep:
                Stalled = await Use<ListMyStalledDeals>().HandleAsync(PanelRows, ct);
                Unanswered = await Use<ListUnansweredFeedback>().HandleAsync(PanelRows, ct);
                Asked = await Use<ListMyApprovalRequests>().HandleAsync(PanelRows, ct);
                Pipeline = await Use<CountPipeline>().HandleAsync(Viewer.UserId!.Value, ct);
                Recent = (await Use<ListActivities>().HandleAsync(new ActivityFilter(), new PageRequest(8), ct)).Items;
                break;
            case HomeKind.Overview:
                Team = await Use<LoadTeamPipeline>().HandleAsync(ct);
                var quarter = QuarterStart(localToday);
                Forecast = await Use<Forecast>().HandleAsync(new ForecastQuery
                {
                    By = ForecastPeriod.Quarter, From = quarter, To = quarter.AddMonths(3).AddDays(-1), TeamId = Viewer.ManagedTeamId,
                }, ct);
                if (Viewer.Role is Role.Admin or Role.Viewer)
                {
                    // Managers get the health partial (the drops of their customers this week); admin and viewer the company's accounts at risk.
                    AtRisk = await Use<ListAccountHealth>().HandleAsync(HealthBand.AtRisk, null, PanelRows, ct);
                }
                if (Viewer.IsAdmin)
                {
                    SystemStatus = await Use<LoadSystemStatus>().HandleAsync(ct);
                }
                Recent = (await Use<ListActivities>().HandleAsync(new ActivityFilter(), new PageRequest(8), ct)).Items;
                break;
            case HomeKind.Quality:
                Quality = await Use<LoadQualityOverview>().HandleAsync(ct);
                Trials = await Use<ListTrialsInProgress>().HandleAsync(PanelRows, ct);
                break;
            case HomeKind.Product:
                var requests = Use<ListProductRequests>();
                ByRevenue = (await requests.HandleAsync(new ProductRequestFilter { Open = true, Sort = ProductRequestSort.Revenue }, new PageRequest(PanelRows), ct)).Items;
                Newest = (await requests.HandleAsync(new ProductRequestFilter { Sort = ProductRequestSort.Newest }, new PageRequest(5), ct)).Items;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    public static DateOnly QuarterStart(DateOnly date) => new(date.Year, ((date.Month - 1) / 3 * 3) + 1, 1);

    /// <summary>The bar's length: the stage's value against the largest stage's, or its count when nothing has a value.</summary>
    public (decimal Value, decimal Max) Bar(PipelineStageDto stage) =>
        Team is null ? (0, 0)
        : Team.Stages.Max(s => s.Value) > 0 ? (stage.Value, Team.Stages.Max(s => s.Value))
        : (stage.Count, Math.Max(1, Team.Stages.Max(s => s.Count)));
}

/// <summary>How the home panels write numbers.</summary>
public static class HomeDisplay
{
    /// <summary>An amount or quantity as people read it: grouped, at most two decimals, no currency.</summary>
    public static string Number(decimal value) => value.ToString("#,0.##", System.Globalization.CultureInfo.CurrentCulture);
}
