using Bridgehead.Accounts;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Forecasting;
using Bridgehead.Pursuits;
using Bridgehead.Wallet;

namespace Bridgehead.Bench;

/// <summary>One measured call: a use case as a request would run it, returning how many rows or cards it produced.</summary>
/// <param name="MaxRuns">Fewer timed runs than <c>--runs</c> for a slow baseline (thousands of round trips per call).</param>
internal sealed record Scenario(string Name, Func<BridgeheadDb, CancellationToken, Task<int>> Run, int? MaxRuns = null);

/// <summary>The columns of a board the way the naive baseline builds them, to check it against the real board.</summary>
internal sealed record NaiveColumn(string Stage, int Count, IReadOnlyList<Money> Sums, IReadOnlyList<long> FirstPage, IReadOnlyDictionary<long, int> GateMet);

/// <summary>The calls the bench measures. Every one builds its use case on the context it is given, as the web host's request scope does.</summary>
internal static class Scenarios
{
    /// <summary>Page size the naive board reads the opportunity list with: the API's largest.</summary>
    private const int NaivePage = PageRequest.MaxLimit;

    public static GateEngine Engine(BridgeheadDb db) => new(db, GateCriteria.All());

    /// <summary>The board as built: counts and sums by the database, first page of every column, gates of those cards only.</summary>
    public static Scenario Board() => new("board (LoadBoard)", async (db, ct) =>
    {
        var board = await new LoadBoard(db, Engine(db)).HandleAsync(new BoardFilter(), BoardData.DefaultPageSize, ct);
        return board.Columns.Sum(c => c.Cards.Items.Count);
    });

    /// <summary>What a simple CRM does: every open pursuit of the pipeline to memory, grouped there, a gate for each.</summary>
    public static Scenario Naive() => new("baseline (naive board)", async (db, ct) =>
    {
        var (rows, _) = await NaiveBoardAsync(db, ct);
        return rows;
    });

    /// <summary>The "more" button: the second page of the first (fullest) column, after the first page's cursor.</summary>
    public static Scenario ColumnPage(string stage, string? cursor) => new("board column, page 2", async (db, ct) =>
    {
        var page = await new LoadBoardColumn(db, Engine(db)).HandleAsync(new BoardFilter(), stage, cursor, BoardData.DefaultPageSize, ct);
        return page.Cards.Items.Count;
    });

    /// <summary>The column headers alone, as the board refreshes them after a move.</summary>
    public static Scenario Counts() => new("board counts (CountBoard)", async (db, ct) =>
        (await new CountBoard(db).HandleAsync(new BoardFilter(), ct)).Count);

    public static Scenario ProcessOverview() => new("process overview", async (db, ct) =>
        (await new GetProcessOverview(db, new Orders.GetOrderAlerts(db)).HandleAsync(null, null, ct)).Stages.Count);

    /// <summary>Timed runs of the naive Openings list: each call is a few thousand round trips for the admin.</summary>
    public const int NaiveOpeningsRuns = 5;

    /// <summary>The Openings list as built: first page of 50, default sort (combined), no filter.</summary>
    public static Scenario Openings() => new("openings (ListOpenings)", async (db, ct) =>
        (await OpeningsAsync(db, ct)).Items.Count);

    /// <summary>What a simple CRM does: every visible account, then the account page's wallet and signal of each.</summary>
    public static Scenario NaiveOpenings() => new("baseline (naive openings)", async (db, ct) =>
    {
        var (rows, _, _) = await NaiveOpeningsAsync(db, ct);
        return rows;
    }, NaiveOpeningsRuns);

    public static Task<OpeningsDto> OpeningsAsync(BridgeheadDb db, CancellationToken ct) =>
        new ListOpenings(db, CurrencySettings.Default).HandleAsync(new OpeningsQuery(), new PageRequest(), ct);

    /// <summary>
    /// The naive Openings list: pages through the account list (the API's AccountDto), then for each
    /// account calls what its page shows, the share of wallet (<see cref="GetShareOfWallet"/>) and the
    /// opening signal (<see cref="GetOpeningSignal"/>), about five queries per account; scores,
    /// sorts and cuts the first page in memory. Returns the accounts read, the total that qualify
    /// and the first page.
    /// </summary>
    public static async Task<(int Rows, int Total, IReadOnlyList<OpeningDto> FirstPage)> NaiveOpeningsAsync(BridgeheadDb db, CancellationToken ct)
    {
        var accounts = new List<AccountDto>();
        var list = new ListAccounts(db);
        string? cursor = null;
        do
        {
            var page = await list.HandleAsync(new AccountFilter(), new PageRequest(PageRequest.MaxLimit, cursor), ct);
            accounts.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        var settings = CurrencySettings.Default;
        var wallet = new GetShareOfWallet(db, settings);
        var signal = new GetOpeningSignal(db);
        var rows = new List<(AccountDto Account, decimal Signal, int Slips, decimal NotOurs, bool Unconverted)>();
        foreach (var account in accounts)
        {
            var w = await wallet.HandleAsync(account.Id, ct);
            var s = await signal.HandleAsync(account.Id, ct);
            if (s.Score > 0 || w.WalletNotOurs.Amount > 0)
            {
                rows.Add((account, s.Score, s.Contributions.Count, w.WalletNotOurs.Amount, w.UnconvertedCurrencies.Count > 0));
            }
        }
        var largest = rows.Count == 0 ? 0 : rows.Max(r => r.NotOurs);
        var items = rows.Select(r =>
            {
                var walletScore = largest > 0 ? decimal.Round(r.NotOurs * 100m / largest, 1, MidpointRounding.AwayFromZero) : 0;
                var combined = decimal.Round((ListOpenings.SignalWeight * r.Signal) + (ListOpenings.FitWeight * (r.Account.FitScore ?? 0))
                    + (ListOpenings.WalletWeight * walletScore), 1, MidpointRounding.AwayFromZero);
                return new OpeningDto(r.Account.Id, r.Account.Name, r.Account.Status, r.Account.Industry, r.Signal, r.Account.FitScore,
                    new Money(r.NotOurs, settings.BaseCurrency), walletScore, combined, r.Slips, r.Unconverted);
            })
            .OrderByDescending(o => o.Combined).ThenBy(o => Text.SearchKey(o.AccountName), StringComparer.Ordinal).ThenBy(o => o.AccountId)
            .ToList();
        return (accounts.Count, items.Count, [.. items.Take(PageRequest.DefaultLimit)]);
    }

    /// <summary>
    /// The naive board: pages through the opportunity list (OpportunityDto, the API's shape) until
    /// the end, groups by stage in memory, sums per currency, sorts each column, and judges the
    /// gate of every card, since each card shows its readiness.
    /// </summary>
    public static async Task<(int Rows, IReadOnlyList<NaiveColumn> Columns)> NaiveBoardAsync(BridgeheadDb db, CancellationToken ct)
    {
        var pipelines = await GateEngine.LoadPipelinesAsync(db, ct);
        var pipeline = pipelines.First(p => p.IsDefault);
        var all = new List<OpportunityDto>();
        var filter = new OpportunityFilter { PipelineId = pipeline.Id, Status = OpportunityStatus.Open };
        var list = new ListOpportunities(db);
        string? cursor = null;
        do
        {
            var page = await list.HandleAsync(filter, new PageRequest(NaivePage, cursor), ct);
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        var gates = await Engine(db).JudgeAsync([.. all.Select(o => new GateSubject(o.Id, o.PipelineId, o.Stage))], pipelines, ct);
        var byStage = all.ToLookup(o => o.Stage);
        var columns = PipelineRules.ActiveStages(pipeline).Select(s =>
        {
            var cards = byStage[s.Key]
                .OrderByDescending(o => o.EstimatedAnnualValue?.Amount ?? -1m).ThenBy(o => o.Id)
                .ToList();
            var sums = cards.Where(o => o.EstimatedAnnualValue is not null)
                .GroupBy(o => o.EstimatedAnnualValue!.Currency.Trim())
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new Money(g.Sum(o => o.EstimatedAnnualValue!.Amount), g.Key))
                .ToList();
            return new NaiveColumn(s.Key, cards.Count, sums, [.. cards.Take(BoardData.DefaultPageSize).Select(o => o.Id)],
                cards.ToDictionary(o => o.Id, o => gates[o.Id].MetCount));
        }).ToList();
        return (all.Count, columns);
    }
}

/// <summary>The gate criteria the product knows, found the way the web host finds them: every IGateCriterion in the core.</summary>
internal static class GateCriteria
{
    private static readonly Type[] Types = [.. typeof(IGateCriterion).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IGateCriterion).IsAssignableFrom(t))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)];

    public static IReadOnlyList<IGateCriterion> All() => [.. Types.Select(t => (IGateCriterion)Activator.CreateInstance(t)!)];

    public static int Count => Types.Length;
}
