using Bridgehead.Common;
using Npgsql;
using NpgsqlTypes;

namespace Bridgehead.Perf;

/// <summary>
/// The floor: the same reads as the endpoints, written by hand in SQL and sent through plain Npgsql
/// (one <see cref="NpgsqlDataSource"/>, the statements of one call in one batch, every column of
/// every row read into a value as a client would). Same ids, same page size, same filters and the
/// same visibility rule for the rep (owner or on the account team; a rep manages no team).
/// </summary>
internal sealed class Floor(NpgsqlDataSource source, Samples s)
{
    // The opportunity list's row: the pursuit, its account's and owner's names, its stage's
    // probability and stall threshold, its application's names (OpportunityDto).
    private const string ListRow = """
        SELECT o.*, a.name AS account_name, u.display_name AS owner_name, ps.probability AS stage_probability,
               ps.stalled_after_days, ap.name_en AS application_en, ap.name_ko AS application_ko
        FROM opportunities o
        JOIN accounts a ON a.id = o.account_id
        JOIN users u ON u.id = o.owner_id
        LEFT JOIN pipeline_stages ps ON ps.pipeline_id = o.pipeline_id AND ps.key = o.stage
        LEFT JOIN applications ap ON ap.id = o.application_id
        WHERE o.status = 'Open' AND o.stage = $1
        """;

    private static string RepSees(string p) => $"(a.owner_id = {p} OR EXISTS (SELECT 1 FROM account_team_members m WHERE m.account_id = a.id AND m.user_id = {p}))";

    /// <summary>The first page's last key per list filter, for the next-page calls.</summary>
    public sealed record PageKey(ListFilter Filter, string SearchName, long Id);

    public Task<int> AccountAsync(long accountId, CancellationToken ct)
    {
        var b = new NpgsqlBatch();
        b.BatchCommands.Add(Command("""
            SELECT a.*, u.display_name AS owner_name, p.name AS parent_name
            FROM accounts a JOIN users u ON u.id = a.owner_id LEFT JOIN accounts p ON p.id = a.parent_id WHERE a.id = $1
            """, accountId));
        b.BatchCommands.Add(Command("""
            SELECT x.application_id, ap.name_en, ap.name_ko FROM account_applications x JOIN applications ap ON ap.id = x.application_id
            WHERE x.account_id = $1 ORDER BY x.application_id
            """, accountId));
        b.BatchCommands.Add(Command("SELECT user_id FROM account_team_members WHERE account_id = $1 ORDER BY user_id", accountId));
        return ReadAsync(b, ct);
    }

    public Task<int> ListAsync(ListFilter f, bool rep, PageKey? after, CancellationToken ct) =>
        ReadAsync(List(f, rep, after), ct);

    private NpgsqlBatch List(ListFilter f, bool rep, PageKey? after)
    {
        var cmd = new NpgsqlBatchCommand();
        string P(object value, NpgsqlDbType? type = null)
        {
            var p = new NpgsqlParameter { Value = value };
            if (type is { } t)
            {
                p.NpgsqlDbType = t;
            }
            cmd.Parameters.Add(p);
            return "$" + cmd.Parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        P(f.Stage);
        var sql = ListRow
            + (f.Industry is null ? "" : " AND a.industry = ANY(" + P(Covered(f.Industry), NpgsqlDbType.Array | NpgsqlDbType.Text) + ")")
            + (rep ? " AND " + RepSees(P(s.RepId)) : "")
            + (after is null ? "" : " AND (o.search_name, o.id) > (" + P(after.SearchName) + ", " + P(after.Id) + ")")
            + " ORDER BY o.search_name, o.id LIMIT 51";
        cmd.CommandText = sql;
        var b = new NpgsqlBatch();
        b.BatchCommands.Add(cmd);
        return b;
    }

    /// <summary>The ids of a list page (first 50), to check the floor against the API.</summary>
    public async Task<List<long>> ListIdsAsync(ListFilter f, bool rep, CancellationToken ct) =>
        [.. (await IdsAsync(List(f, rep, null), ct))[0].Take(50)];

    /// <summary>The ids of the search hits per kind (accounts, contacts, opportunities).</summary>
    public Task<List<List<long>>> SearchIdsAsync(string word, bool rep, CancellationToken ct) => IdsAsync(Search(word, rep), ct);

    /// <summary>The key after each filter's first page, for filters that have a second page.</summary>
    public async Task<List<PageKey>> FirstPageKeysAsync(IEnumerable<ListFilter> filters, bool rep, CancellationToken ct)
    {
        var keys = new List<PageKey>();
        foreach (var f in filters)
        {
            await using var c = await source.OpenConnectionAsync(ct);
            await using var b = List(f, rep, null);
            b.Connection = c;
            await using var r = await b.ExecuteReaderAsync(ct);
            var rows = new List<(string, long)>();
            while (await r.ReadAsync(ct))
            {
                rows.Add((r.GetString(r.GetOrdinal("search_name")), r.GetInt64(r.GetOrdinal("id"))));
            }
            if (rows.Count > 50)
            {
                keys.Add(new PageKey(f, rows[49].Item1, rows[49].Item2));
            }
        }
        return keys;
    }

    /// <summary>The board: counts and sums per stage and currency, and the first 21 cards of every column.</summary>
    public Task<int> BoardAsync(bool rep, CancellationToken ct)
    {
        var b = new NpgsqlBatch();
        b.BatchCommands.Add(Command(($"""
            SELECT o.stage, o.currency, count(*), sum(o.estimated_annual_value) FROM opportunities o JOIN accounts a ON a.id = o.account_id
            WHERE o.pipeline_id = $1 AND o.status = 'Open' {(rep ? "AND " + RepSees("$2") : "")} GROUP BY o.stage, o.currency
            """), rep ? [s.PipelineId, s.RepId] : [s.PipelineId]));
        var cards = new NpgsqlBatchCommand(($"""
            SELECT c.* FROM pipeline_stages st CROSS JOIN LATERAL (
              SELECT o.id, o.title, o.account_id, a.name AS account_name, o.stage, o.stage_entered_at, o.estimated_annual_value,
                     o.currency, o.expected_close_date, o.owner_id, u.display_name, o.probability, o.product_category, o.version
              FROM opportunities o JOIN accounts a ON a.id = o.account_id JOIN users u ON u.id = o.owner_id
              WHERE o.pipeline_id = st.pipeline_id AND o.stage = st.key AND o.status = 'Open' {(rep ? "AND " + RepSees("$3") : "")}
              ORDER BY coalesce(o.estimated_annual_value, -1) DESC, o.id LIMIT 21) c
            WHERE st.pipeline_id = $1 AND st.key = ANY($2)
            """));
        cards.Parameters.Add(new NpgsqlParameter { Value = s.PipelineId });
        cards.Parameters.Add(new NpgsqlParameter { Value = s.Stages.ToArray() });
        if (rep)
        {
            cards.Parameters.Add(new NpgsqlParameter { Value = s.RepId });
        }
        b.BatchCommands.Add(cards);
        return ReadAsync(b, ct);
    }

    /// <summary>Search: ten accounts, ten contacts and ten pursuits by part of the name.</summary>
    public Task<int> SearchAsync(string word, bool rep, CancellationToken ct) => ReadAsync(Search(word, rep), ct);

    private NpgsqlBatch Search(string word, bool rep)
    {
        var pattern = Text.ContainsPattern(word);
        var vis = rep ? "AND " + RepSees("$2") : "";
        object[] args = rep ? [pattern, s.RepId] : [pattern];
        var b = new NpgsqlBatch();
        b.BatchCommands.Add(Command(($"""
            SELECT a.id, a.name, a.city FROM accounts a WHERE a.search_name LIKE $1 ESCAPE '\' {vis} ORDER BY a.search_name, a.id LIMIT 10
            """), args));
        b.BatchCommands.Add(Command(($"""
            SELECT c.id, c.name, a.name FROM contacts c JOIN accounts a ON a.id = c.account_id
            WHERE c.search_name LIKE $1 ESCAPE '\' {vis} ORDER BY c.search_name, c.id LIMIT 10
            """), args));
        b.BatchCommands.Add(Command(($"""
            SELECT o.id, o.title, a.name, o.stage FROM opportunities o JOIN accounts a ON a.id = o.account_id
            WHERE o.search_name LIKE $1 ESCAPE '\' {vis} ORDER BY o.search_name, o.id LIMIT 10
            """), args));
        return b;
    }

    private static string[] Covered(string code) => [.. Bridgehead.Industries.IsicCatalogue.Covered(code)];

    private static NpgsqlBatchCommand Command(string sql, params object[] args)
    {
        var cmd = new NpgsqlBatchCommand(sql);
        foreach (var a in args)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        }
        return cmd;
    }

    private async Task<List<List<long>>> IdsAsync(NpgsqlBatch batch, CancellationToken ct)
    {
        await using (batch)
        {
            await using var c = await source.OpenConnectionAsync(ct);
            batch.Connection = c;
            await using var r = await batch.ExecuteReaderAsync(ct);
            var sets = new List<List<long>>();
            do
            {
                var ids = new List<long>();
                while (await r.ReadAsync(ct))
                {
                    ids.Add(r.GetInt64(0));
                }
                sets.Add(ids);
            }
            while (await r.NextResultAsync(ct));
            return sets;
        }
    }

    /// <summary>Runs the batch on a pooled connection and reads every value of every row; answers the rows read.</summary>
    private async Task<int> ReadAsync(NpgsqlBatch batch, CancellationToken ct)
    {
        await using (batch)
        {
            await using var c = await source.OpenConnectionAsync(ct);
            batch.Connection = c;
            await using var r = await batch.ExecuteReaderAsync(ct);
            var rows = 0;
            do
            {
                var values = new object[r.FieldCount];
                while (await r.ReadAsync(ct))
                {
                    r.GetValues(values);
                    rows++;
                }
            }
            while (await r.NextResultAsync(ct));
            return rows;
        }
    }
}
