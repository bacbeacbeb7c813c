using System.Linq.Expressions;
using Bridgehead.Common;
using Bridgehead.Industries;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Pursuits;

/// <summary>Which open pursuits a board shows; each filter is optional and they combine with AND.</summary>
public sealed record BoardFilter
{
    /// <summary>The pipeline whose active stages are the columns; null: the default pipeline.</summary>
    public long? PipelineId { get; init; }

    public long? OwnerId { get; init; }

    /// <summary>The owner's team.</summary>
    public long? TeamId { get; init; }

    /// <summary>The account's industry, whole (as the account list filters it).</summary>
    public string? Industry { get; init; }

    /// <summary>The opportunity's application, whole.</summary>
    public long? ApplicationId { get; init; }

    /// <summary>
    /// Least estimated annual value, compared with the amount in the pursuit's own currency (no
    /// conversion: 1,000 means 1,000 KRW on a KRW pursuit and 1,000 USD on a USD one). With a bound
    /// set, pursuits without a value drop out.
    /// </summary>
    public decimal? MinValue { get; init; }

    /// <summary>Greatest estimated annual value, in the pursuit's own currency (see <see cref="MinValue"/>).</summary>
    public decimal? MaxValue { get; init; }
}

/// <summary>One pursuit on the board.</summary>
/// <param name="StalledAfterDays">The pipeline's stall threshold for the stage; null: never stalls.</param>
/// <param name="GateMet">Criteria of the current stage's gate that are met.</param>
/// <param name="GateTotal">Criteria the pipeline applies to leave the current stage (0: the gate is open).</param>
/// <param name="Version">The version to send with a move, so a stale card is refused.</param>
public sealed record BoardCard(
    long Id,
    string Title,
    long AccountId,
    string AccountName,
    long OwnerId,
    string OwnerName,
    Money? Value,
    long PipelineId,
    string Stage,
    DateTime StageEnteredAt,
    int DaysInStage,
    int? StalledAfterDays,
    bool Stalled,
    int GateMet,
    int GateTotal,
    long Version);

/// <summary>An active stage of the board's pipeline, with the pipeline's name for it.</summary>
public sealed record BoardStage(string Key, int Number, string Name)
{
    internal static IReadOnlyList<BoardStage> Of(Pipeline pipeline) =>
        [.. PipelineRules.ActiveStages(pipeline).Select(s => new BoardStage(s.Key, s.Number, s.Name))];
}

/// <summary>A column's header: the stage, how many open pursuits are in it and their value per currency.</summary>
public sealed record BoardColumnHead(string Stage, int Number, string Name, int Count, IReadOnlyList<Money> Sums);

/// <summary>A column: its header and the first page of cards, by value (highest first), then id.</summary>
public sealed record BoardColumn(BoardColumnHead Head, Page<BoardCard> Cards);

/// <summary>A page of one column's cards, with the stages a card can move to.</summary>
public sealed record BoardCards(IReadOnlyList<BoardStage> Stages, Page<BoardCard> Cards);

/// <summary>One card, with the stages of its pipeline it can move to.</summary>
public sealed record BoardCardOnBoard(IReadOnlyList<BoardStage> Stages, BoardCard Card);

/// <summary>A pipeline the board can show.</summary>
public sealed record BoardPipeline(long Id, string Name, bool IsDefault);

/// <summary>The board of one pipeline: a column per active stage.</summary>
/// <param name="Pipelines">Every pipeline, the default first, for a picker.</param>
/// <param name="Stages">The active stages, one column each.</param>
/// <param name="Elsewhere">Open pursuits of this pipeline (within the filters) in stages it now skips, which have no column.</param>
public sealed record BoardDto(
    long PipelineId, string PipelineName, IReadOnlyList<BoardPipeline> Pipelines, IReadOnlyList<BoardStage> Stages, IReadOnlyList<BoardColumn> Columns, int Elsewhere);

/// <summary>
/// The kanban of a pipeline: a column per active stage with its count and value sums, and the first
/// page of cards of every column with their gate readiness. The number of queries does not grow
/// with the number of pursuits: pipelines (1), counts and sums of all columns (1), the cards of all
/// columns (1), and one per gate criterion for all cards together (at most one per criterion).
/// </summary>
public sealed class LoadBoard(BridgeheadDb db, GateEngine engine)
{
    public async Task<BoardDto> HandleAsync(BoardFilter filter, int pageSize = BoardData.DefaultPageSize, CancellationToken ct = default)
    {
        Access.RequireSalesReader(db.Viewer);
        BoardData.CheckPageSize(pageSize);
        var pipelines = await GateEngine.LoadPipelinesAsync(db, ct);
        var pipeline = BoardData.PipelineOf(pipelines, filter.PipelineId);
        var stages = PipelineRules.ActiveStages(pipeline);
        var keys = stages.Select(s => s.Key).ToList();
        var open = BoardData.Open(db, pipeline, filter);

        Dictionary<string, (int Count, List<Money> Sums)> totals;
        List<BoardData.CardRow> rows;
        if (BoardData.StartsNearViewer(db, filter))
        {
            // A rep's or manager's open pursuits of the pipeline are a few thousand at most, found from
            // their linked accounts: one pass over them gives the column heads and the top of every
            // column, where a statement per column (below) tested the visibility of the same rows again
            // for each stage. The cards are then read by id.
            var all = await open.Select(o => new BoardData.KeyRow(o.Id, o.Stage, o.Currency, o.EstimatedAnnualValue)).ToListAsync(ct);
            totals = BoardData.Totals(all);
            var top = BoardData.TopPerStage(all, keys, pageSize + 1);
            rows = await db.Opportunities.AsNoTracking().Where(o => top.Contains(o.Id)).Select(BoardData.Row).ToListAsync(ct);
        }
        else
        {
            totals = await BoardData.TotalsAsync(db, pipeline, filter, open, ct);
            // Top N per stage in one statement: a UNION ALL of one ORDER BY ... LIMIT N + 1 per column (so a
            // column knows it has more). Each branch can walk an index in board order and stop after N + 1
            // rows, where numbering every open pursuit of the pipeline (ROW_NUMBER) grew with the pipeline.
            rows = await BoardData.TopPerStage(open, keys, pageSize + 1).ToListAsync(ct);
        }
        var cards = await BoardData.CardsAsync(db, engine, pipelines, rows, ct);

        var columns = stages.Select(s =>
        {
            var page = BoardData.Page([.. cards.Where(c => c.Stage == s.Key).OrderByDescending(c => BoardData.SortKey(c)).ThenBy(c => c.Id)], pageSize);
            return new BoardColumn(BoardData.Head(s, totals), page);
        }).ToList();
        var elsewhere = totals.Where(t => !keys.Contains(t.Key)).Sum(t => t.Value.Count);
        return new BoardDto(pipeline.Id, pipeline.Name, [.. pipelines.Select(p => new BoardPipeline(p.Id, p.Name, p.IsDefault))], BoardStage.Of(pipeline), columns, elsewhere);
    }
}

/// <summary>The next page of one column of the board, after the cursor of the page before.</summary>
public sealed class LoadBoardColumn(BridgeheadDb db, GateEngine engine)
{
    public async Task<BoardCards> HandleAsync(BoardFilter filter, string stage, string? cursor, int pageSize = BoardData.DefaultPageSize, CancellationToken ct = default)
    {
        Access.RequireSalesReader(db.Viewer);
        BoardData.CheckPageSize(pageSize);
        var pipelines = await GateEngine.LoadPipelinesAsync(db, ct);
        var pipeline = BoardData.PipelineOf(pipelines, filter.PipelineId);
        if (!PipelineRules.ActiveStages(pipeline).Any(s => s.Key == stage))
        {
            throw new BadRequestException("stage", OpportunityInput.UnknownStage());
        }
        var query = BoardData.Open(db, pipeline, filter).Where(o => o.Stage == stage);
        if (!string.IsNullOrEmpty(cursor))
        {
            var (lastKey, lastId) = Keyset.Decode<decimal>(cursor);
            query = query.Where(o => (o.EstimatedAnnualValue ?? BoardData.NoValue) < lastKey
                || ((o.EstimatedAnnualValue ?? BoardData.NoValue) == lastKey && o.Id > lastId));
        }
        var rows = await BoardData.InBoardOrder(query)
            .Take(pageSize + 1)
            .Select(BoardData.Row)
            .ToListAsync(ct);
        return new BoardCards(BoardStage.Of(pipeline), BoardData.Page(await BoardData.CardsAsync(db, engine, pipelines, rows, ct), pageSize));
    }
}

/// <summary>One card as the board shows it, e.g. after a move (any status: the caller decides what a closed one means).</summary>
public sealed class GetBoardCard(BridgeheadDb db, GateEngine engine)
{
    public async Task<BoardCardOnBoard> HandleAsync(long id, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        var rows = await db.Opportunities.AsNoTracking().Where(o => o.Id == id).Select(BoardData.Row).ToListAsync(ct);
        if (rows.Count == 0)
        {
            throw new NotFoundException("opportunity");
        }
        var pipelines = await GateEngine.LoadPipelinesAsync(db, ct);
        var card = (await BoardData.CardsAsync(db, engine, pipelines, rows, ct))[0];
        return new BoardCardOnBoard(BoardStage.Of(pipelines.First(p => p.Id == card.PipelineId)), card);
    }
}

/// <summary>The column headers of a board alone (counts and sums), e.g. to refresh them after a move.</summary>
public sealed class CountBoard(BridgeheadDb db)
{
    public async Task<IReadOnlyList<BoardColumnHead>> HandleAsync(BoardFilter filter, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        var pipelines = await GateEngine.LoadPipelinesAsync(db, ct);
        var pipeline = BoardData.PipelineOf(pipelines, filter.PipelineId);
        var totals = await BoardData.TotalsAsync(db, pipeline, filter, BoardData.Open(db, pipeline, filter), ct);
        return [.. PipelineRules.ActiveStages(pipeline).Select(s => BoardData.Head(s, totals))];
    }
}

/// <summary>What the board's use cases share: the filtered query, the card shape, the sort key and the cursor.</summary>
public static class BoardData
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>Sort key of a pursuit without a value: below every real amount (amounts are never negative), so they come last.</summary>
    internal const decimal NoValue = -1m;

    internal sealed record CardRow(
        long Id, string Title, long AccountId, string AccountName, long OwnerId, string OwnerName,
        decimal? Amount, string? Currency, long PipelineId, string Stage, DateTime StageEnteredAt, long Version);

    internal static readonly Expression<Func<Opportunity, CardRow>> Row = o => new CardRow(
        o.Id, o.Title, o.AccountId, o.Account!.Name, o.OwnerId, o.Owner!.DisplayName,
        o.EstimatedAnnualValue, o.Currency, o.PipelineId, o.Stage, o.StageEnteredAt, o.Version);

    /// <summary>A pursuit's board key and value: what the column heads add up and the columns sort by.</summary>
    internal sealed record KeyRow(long Id, string Stage, string? Currency, decimal? Amount);

    /// <summary>True when <see cref="Open"/> starts from the viewer's linked accounts (reps and managers, no owner picked).</summary>
    internal static bool StartsNearViewer(BridgeheadDb db, BoardFilter f) => f.OwnerId is null && db.Viewer is { SeesAllAccounts: false };

    /// <summary>The ids of the first <paramref name="take"/> rows of every stage, in board order.</summary>
    internal static List<long> TopPerStage(IReadOnlyList<KeyRow> all, IReadOnlyList<string> stages, int take) =>
        [.. all.Where(r => stages.Contains(r.Stage))
            .GroupBy(r => r.Stage, StringComparer.Ordinal)
            .SelectMany(g => g.OrderByDescending(r => r.Amount ?? NoValue).ThenBy(r => r.Id).Take(take))
            .Select(r => r.Id)];

    /// <summary>The column heads of rows already read: what <see cref="TotalsAsync(IQueryable{Opportunity}, CancellationToken)"/> counts in SQL.</summary>
    internal static Dictionary<string, (int Count, List<Money> Sums)> Totals(IReadOnlyList<KeyRow> all) =>
        all.GroupBy(r => r.Stage, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            // As in SQL: a currency whose pursuits have no value yet sums to zero (COALESCE(sum, 0)).
            g => (g.Count(), g.Where(r => r.Currency is not null)
                .GroupBy(r => r.Currency!.Trim(), StringComparer.Ordinal)
                .OrderBy(c => c.Key, StringComparer.Ordinal)
                .Select(c => new Money(c.Sum(r => r.Amount ?? 0m), c.Key))
                .ToList()),
            StringComparer.Ordinal);

    /// <summary>The first <paramref name="take"/> rows of every stage, in board order, as one UNION ALL.</summary>
    internal static IQueryable<CardRow> TopPerStage(IQueryable<Opportunity> open, IReadOnlyList<string> stages, int take)
    {
        // The union is of entities (EF cannot unite constructor projections); the card's account and
        // owner are joined once, after it.
        IQueryable<Opportunity>? all = null;
        foreach (var stage in stages)
        {
            var key = stage;
            var one = InBoardOrder(open.Where(o => o.Stage == key)).Take(take);
            all = all is null ? one : all.Concat(one);
        }
        return (all ?? open.Where(o => false)).Select(Row);
    }

    /// <summary>Value, highest first (no value last), then id: the order of a column and of its cursor.</summary>
    internal static IQueryable<Opportunity> InBoardOrder(IQueryable<Opportunity> query) =>
        query.OrderByDescending(o => o.EstimatedAnnualValue ?? NoValue).ThenBy(o => o.Id);

    internal static void CheckPageSize(int pageSize)
    {
        if (pageSize is < 1 or > MaxPageSize)
        {
            throw new BadRequestException("limit", Validator.Format(CommonText.OutOfRange, 1, MaxPageSize));
        }
    }

    internal static Pipeline PipelineOf(IReadOnlyList<Pipeline> pipelines, long? id) =>
        id is { } wanted
            ? pipelines.FirstOrDefault(p => p.Id == wanted) ?? throw new NotFoundException("pipeline")
            : pipelines.FirstOrDefault(p => p.IsDefault) ?? (pipelines.Count > 0 ? pipelines[0] : throw new NotFoundException("pipeline"));

    /// <summary>The open pursuits of the pipeline that pass the filters (and, as always, the caller's visibility).</summary>
    internal static IQueryable<Opportunity> Open(BridgeheadDb db, Pipeline pipeline, BoardFilter f)
    {
        var pipelineId = pipeline.Id;
        // An owner picks few rows through their own index; otherwise reps and managers start from the
        // accounts linked to them (see NearViewer), as the lists do: the open pursuits of the whole
        // pipeline, each tested against the account filter, took seconds at a million.
        var query = StartsNearViewer(db, f)
            ? db.NearViewer(db.Opportunities.AsNoTracking(), o => o.AccountId)
            : db.Opportunities.AsNoTracking();
        query = query.Where(o => o.PipelineId == pipelineId && o.Status == OpportunityStatus.Open);
        if (f.OwnerId is { } ownerId)
        {
            query = query.Where(o => o.OwnerId == ownerId);
        }
        if (f.TeamId is { } teamId)
        {
            query = query.Where(o => o.Owner!.TeamId == teamId);
        }
        if (Text.Clean(f.Industry) is { } industry)
        {
            var codes = IsicCatalogue.Find(industry) is { } known ? IsicCatalogue.Covered(known.Code) : [industry];
            query = query.Where(o => o.Account!.Industry != null && codes.Contains(o.Account.Industry));
        }
        if (f.ApplicationId is { } applicationId)
        {
            query = query.Where(o => o.ApplicationId == applicationId);
        }
        if (f.MinValue is { } min)
        {
            query = query.Where(o => o.EstimatedAnnualValue != null && o.EstimatedAnnualValue >= min);
        }
        if (f.MaxValue is { } max)
        {
            query = query.Where(o => o.EstimatedAnnualValue != null && o.EstimatedAnnualValue <= max);
        }
        return query;
    }

    /// <summary>
    /// Count and value per currency of every stage. On PostgreSQL, for a viewer who sees every
    /// pursuit and filters by owner or team at most, read from the heads the database keeps as
    /// pursuits change (board_heads, see the BoardHeads migration): a few thousand rows, where
    /// counting read every open pursuit of the pipeline. Otherwise one GROUP BY stage, currency
    /// over <paramref name="open"/>.
    /// </summary>
    internal static async Task<Dictionary<string, (int Count, List<Money> Sums)>> TotalsAsync(
        BridgeheadDb db, Pipeline pipeline, BoardFilter f, IQueryable<Opportunity> open, CancellationToken ct)
    {
        var kept = db.Viewer is { SeesAllAccounts: true, CanReadSales: true }
            && f is { Industry: null or "", ApplicationId: null, MinValue: null, MaxValue: null }
            && db.Database.IsNpgsql();
        return kept ? ByStage(await KeptHeadsAsync(db, pipeline.Id, f, ct)) : await TotalsAsync(open, ct);
    }

    /// <summary>Count and value per currency of every stage of <paramref name="open"/>, in one GROUP BY stage, currency.</summary>
    internal static async Task<Dictionary<string, (int Count, List<Money> Sums)>> TotalsAsync(IQueryable<Opportunity> open, CancellationToken ct) =>
        ByStage(await open
            .GroupBy(o => new { o.Stage, o.Currency })
            .Select(g => new HeadRow(g.Key.Stage, g.Key.Currency, g.Count(), g.Sum(o => o.EstimatedAnnualValue)))
            .ToListAsync(ct));

    private static Dictionary<string, (int Count, List<Money> Sums)> ByStage(List<HeadRow> rows)
    {
        return rows.GroupBy(r => r.Stage).ToDictionary(
            g => g.Key,
            g => (g.Sum(r => r.Count), g.Where(r => r.Currency is not null && r.Sum is not null)
                .OrderBy(r => r.Currency, StringComparer.Ordinal)
                .Select(r => new Money(r.Sum!.Value, r.Currency!.Trim()))
                .ToList()));
    }

    internal sealed record HeadRow(string Stage, string? Currency, int Count, decimal? Sum);

    /// <summary>The kept heads of a pipeline, per stage and currency ('' in the table: no currency), for one owner or team if asked.</summary>
    private static Task<List<HeadRow>> KeptHeadsAsync(BridgeheadDb db, long pipelineId, BoardFilter f, CancellationToken ct) =>
        db.Database.SqlQuery<HeadRow>($"""
            SELECT h.stage, NULLIF(h.currency, '') AS currency, sum(h.open_count)::int AS count, sum(h.value_sum) AS sum
            FROM board_heads h
            WHERE h.pipeline_id = {pipelineId}
              AND ({f.OwnerId}::bigint IS NULL OR h.owner_id = {f.OwnerId})
              AND ({f.TeamId}::bigint IS NULL OR h.owner_id IN (SELECT u.id FROM users u WHERE u.team_id = {f.TeamId}))
            GROUP BY h.stage, h.currency
            HAVING sum(h.open_count) > 0
            """).ToListAsync(ct);

    internal static BoardColumnHead Head(PipelineStage stage, Dictionary<string, (int Count, List<Money> Sums)> totals)
    {
        var (count, sums) = totals.GetValueOrDefault(stage.Key, (0, []));
        return new BoardColumnHead(stage.Key, stage.Number, stage.Name, count, sums);
    }

    /// <summary>The rows as cards, with the gate readiness of all of them judged together: one query per criterion.</summary>
    internal static async Task<IReadOnlyList<BoardCard>> CardsAsync(
        BridgeheadDb db, GateEngine engine, IReadOnlyList<Pipeline> pipelines, IReadOnlyList<CardRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return [];
        }
        var gates = await engine.JudgeAsync([.. rows.Select(r => new GateSubject(r.Id, r.PipelineId, r.Stage))], pipelines, ct);
        var now = db.Clock.GetUtcNow().UtcDateTime;
        return [.. rows.Select(r =>
        {
            var stage = pipelines.First(p => p.Id == r.PipelineId).Stages.FirstOrDefault(s => s.Key == r.Stage);
            var days = OpportunityDto.DaysBetween(r.StageEnteredAt, now);
            var gate = gates[r.Id];
            return new BoardCard(r.Id, r.Title, r.AccountId, r.AccountName, r.OwnerId, r.OwnerName, Money.From(r.Amount, r.Currency?.Trim()),
                r.PipelineId, r.Stage, r.StageEnteredAt, days, stage?.StalledAfterDays, stage?.StalledAfterDays is { } limit && days > limit,
                gate.MetCount, gate.Criteria.Count, r.Version);
        })];
    }

    internal static decimal SortKey(BoardCard card) => card.Value?.Amount ?? NoValue;

    /// <summary>Cuts the extra row read to know whether there is more, and makes the cursor after the last card kept.</summary>
    internal static Page<BoardCard> Page(IReadOnlyList<BoardCard> cards, int pageSize)
    {
        if (cards.Count <= pageSize)
        {
            return new Page<BoardCard>(cards, null);
        }
        var kept = cards.Take(pageSize).ToList();
        return new Page<BoardCard>(kept, Keyset.Encode(SortKey(kept[^1]), kept[^1].Id));
    }
}
