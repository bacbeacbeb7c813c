using Bridgehead.Common;
using Npgsql;
using NpgsqlTypes;

namespace Bridgehead.Perf;

/// <summary>
/// The floor: the same database work as the endpoints, written by hand in SQL and sent through
/// plain Npgsql (one <see cref="NpgsqlDataSource"/>, the statements of one call in one batch, so
/// one round trip; every column of every row read into a value as a client would). Each call
/// authenticates the caller's bearer token with the API's own lookup (SHA-256 of the token, the
/// unique hash, not revoked, not expired, an active user), reads the columns the API returns for
/// the same ids, page size and filters, and restricts a rep the way the API starts a rep's reads:
/// from the accounts the rep owns or is on the account team of (NearViewer), not by testing each
/// row. The API cannot need less: it must authenticate before it reads.
/// </summary>
internal sealed class Floor(NpgsqlDataSource source, Samples s, string adminToken, string repToken)
{
    // The opportunity list's row: the columns of OpportunityDto (the pursuit, its account's and
    // owner's names, its stage's probability and stall threshold, its application's names).
    private const string ListRow = """
        SELECT o.id, o.account_id, a.name AS account_name, o.title, o.pipeline_id, o.stage, o.stage_entered_at, o.product_category,
               o.application_id, ap.name_en AS application_en, ap.name_ko AS application_ko, o.entry_angle, o.route, o.route_rationale,
               o.route_decided_at, o.estimated_annual_value, o.currency, o.expected_close_date, o.probability, ps.probability AS stage_probability,
               o.probability_reason, o.forecast_category, o.status, o.closed_at, o.close_reason, o.winning_competitor_id, o.owner_id,
               u.display_name AS owner_name, o.notes, ps.stalled_after_days, o.version, o.created_at, o.updated_at
        FROM opportunities o
        JOIN accounts a ON a.id = o.account_id
        JOIN users u ON u.id = o.owner_id
        LEFT JOIN pipeline_stages ps ON ps.pipeline_id = o.pipeline_id AND ps.key = o.stage
        LEFT JOIN applications ap ON ap.id = o.application_id
        WHERE o.status = 'Open' AND o.stage = $1
        """;

    // The bearer token's lookup, as the API's (ValidateToken): the user's id, role, team, name and stamp.
    private const string TokenLookup = """
        SELECT u.id, u.role, u.team_id, u.display_name, u.security_stamp, t.id, t.last_used_at
        FROM api_tokens t JOIN users u ON u.id = t.user_id
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > $2 AND u.is_active
        LIMIT 1
        """;

    /// <summary>The rep's linked accounts (NearViewer for a rep, who manages no team): exactly the accounts a rep sees.</summary>
    private static string RepAccounts(string p) =>
        $"(SELECT a2.id FROM accounts a2 WHERE a2.owner_id = {p} UNION ALL SELECT m.account_id FROM account_team_members m WHERE m.user_id = {p})";

    /// <summary>The first page's last key per list filter, for the next-page calls.</summary>
    public sealed record PageKey(ListFilter Filter, string SearchName, long Id);

    public Task<int> AccountAsync(long accountId, CancellationToken ct)
    {
        var b = Authenticated(rep: false);
        b.BatchCommands.Add(Command("""
            SELECT a.id, a.name, a.type, a.industry, a.employees, a.fit_score, a.country, a.city, a.website, a.tier, a.status,
                   a.owner_id, u.display_name AS owner_name, a.parent_id, p.name AS parent_name, a.notes, a.is_strategic,
                   a.executive_sponsor_id, a.version, a.created_at, a.updated_at,
                   ARRAY(SELECT x.application_id FROM account_applications x WHERE x.account_id = a.id ORDER BY x.application_id) AS application_ids,
                   ARRAY(SELECT ap.name_en FROM account_applications x JOIN applications ap ON ap.id = x.application_id WHERE x.account_id = a.id ORDER BY x.application_id) AS names_en,
                   ARRAY(SELECT ap.name_ko FROM account_applications x JOIN applications ap ON ap.id = x.application_id WHERE x.account_id = a.id ORDER BY x.application_id) AS names_ko,
                   ARRAY(SELECT m.user_id FROM account_team_members m WHERE m.account_id = a.id ORDER BY m.user_id) AS team
            FROM accounts a JOIN users u ON u.id = a.owner_id LEFT JOIN accounts p ON p.id = a.parent_id WHERE a.id = $1
            """, accountId));
        return ReadAsync(b, ct);
    }

    /// <summary>A batch that starts with the caller's token lookup; the call's reads are added to it.</summary>
    private NpgsqlBatch Authenticated(bool rep)
    {
        var b = new NpgsqlBatch();
        var hash = Bridgehead.Identity.ApiToken.Hash(rep ? repToken : adminToken);
        b.BatchCommands.Add(Command(TokenLookup, hash, DateTime.UtcNow));
        return b;
    }

    public Task<int> ListAsync(ListFilter f, bool rep, PageKey? after, CancellationToken ct) =>
        ReadAsync(List(f, rep, after), ct);

    private NpgsqlBatch List(ListFilter f, bool rep, PageKey? after, bool authenticate = true)
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
            + (rep ? " AND o.account_id IN " + RepAccounts(P(s.RepId)) : "")
            + (after is null ? "" : " AND (o.search_name, o.id) > (" + P(after.SearchName) + ", " + P(after.Id) + ")")
            + " ORDER BY o.search_name, o.id LIMIT 51";
        cmd.CommandText = sql;
        var b = authenticate ? Authenticated(rep) : new NpgsqlBatch();
        b.BatchCommands.Add(cmd);
        return b;
    }

    /// <summary>The ids of a list page (first 50), to check the floor against the API.</summary>
    public async Task<List<long>> ListIdsAsync(ListFilter f, bool rep, CancellationToken ct) =>
        [.. (await IdsAsync(List(f, rep, null, authenticate: false), ct))[0].Take(50)];

    /// <summary>The ids of the search hits per kind (accounts, contacts, opportunities).</summary>
    public Task<List<List<long>>> SearchIdsAsync(string word, bool rep, CancellationToken ct) => IdsAsync(Search(word, rep, authenticate: false), ct);

    /// <summary>The key after each filter's first page, for filters that have a second page.</summary>
    public async Task<List<PageKey>> FirstPageKeysAsync(IEnumerable<ListFilter> filters, bool rep, CancellationToken ct)
    {
        var keys = new List<PageKey>();
        foreach (var f in filters)
        {
            await using var c = await source.OpenConnectionAsync(ct);
            await using var b = List(f, rep, null, authenticate: false);
            b.Connection = c;
            await using var r = await b.ExecuteReaderAsync(ct);
            var rows = new List<(string, long)>();
            while (await r.ReadAsync(ct))
            {
                // The key of the list's order, as the API's cursor takes it from the title.
                rows.Add((Text.SearchKey(r.GetString(r.GetOrdinal("title"))), r.GetInt64(r.GetOrdinal("id"))));
            }
            if (rows.Count > 50)
            {
                keys.Add(new PageKey(f, rows[49].Item1, rows[49].Item2));
            }
        }
        return keys;
    }

    /// <summary>
    /// The board: counts and sums per stage and currency, and the first 21 cards of every column.
    /// The cards' order is written exactly as the board's expression index (COALESCE(value, -1.0):
    /// -1 instead of -1.0 is another expression to PostgreSQL, which then sorted every open pursuit);
    /// a rep's pursuits are those of the rep's accounts, as the board starts from them. The admin's
    /// heads are read from the table PostgreSQL keeps them in, as the product reads them.
    /// </summary>
    public Task<int> BoardAsync(bool rep, CancellationToken ct)
    {
        var b = Authenticated(rep);
        b.BatchCommands.Add(rep
            ? Command($"""
                SELECT o.stage, o.currency, count(*), sum(o.estimated_annual_value) FROM opportunities o
                WHERE o.pipeline_id = $1 AND o.status = 'Open' AND o.account_id IN {RepAccounts("$2")} GROUP BY o.stage, o.currency
                """, [s.PipelineId, s.RepId])
            : Command("""
                SELECT h.stage, h.currency, sum(h.open_count), sum(h.value_sum) FROM board_heads h
                WHERE h.pipeline_id = $1 GROUP BY h.stage, h.currency HAVING sum(h.open_count) > 0
                """, [s.PipelineId]));
        var cards = new NpgsqlBatchCommand(($"""
            SELECT c.* FROM pipeline_stages st CROSS JOIN LATERAL (
              SELECT o.id, o.title, o.account_id, a.name AS account_name, o.stage, o.stage_entered_at, o.estimated_annual_value,
                     o.currency, o.expected_close_date, o.owner_id, u.display_name, o.probability, o.product_category, o.version
              FROM opportunities o JOIN accounts a ON a.id = o.account_id JOIN users u ON u.id = o.owner_id
              WHERE o.pipeline_id = st.pipeline_id AND o.stage = st.key AND o.status = 'Open' {(rep ? "AND o.account_id IN " + RepAccounts("$3") : "")}
              ORDER BY coalesce(o.estimated_annual_value, -1.0) DESC, o.id LIMIT 21) c
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
    public Task<int> SearchAsync(string word, bool rep, CancellationToken ct) => ReadAsync(Search(word, rep, authenticate: true), ct);

    private NpgsqlBatch Search(string word, bool rep, bool authenticate)
    {
        // The API's search (SearchAll): a term of 3+ characters anywhere in the name, a shorter
        // one at the start of a word; per kind the ten newest (highest id). The admin's statement
        // finds up to 1,001 matches through the trigram index once (a materialized CTE) and runs
        // only the branch that fits: the ten highest of the few, or (a common word) the primary
        // key walked down. The rep's statement starts from the rep's accounts and sorts their matches.
        var key = Text.SearchKey(word);
        string Test(string name) => key.Length >= Bridgehead.Search.SearchAll.AnywhereLength
            ? $"{name} LIKE $1 ESCAPE '\\'"
            : $"({name} LIKE $1 ESCAPE '\\' OR {name} LIKE $2 ESCAPE '\\')";
        var pattern = Text.ContainsPattern(key);
        object[] args = key.Length >= Bridgehead.Search.SearchAll.AnywhereLength ? [pattern] : [pattern[1..], "% " + pattern[1..]];
        var p = args.Length + 1;
        string Kind(string table, string columns, string join, string accountId)
        {
            if (rep)
            {
                return $"""
                    SELECT {columns} FROM {table} x {join}
                    WHERE {accountId} IN {RepAccounts("$" + p)} AND {Test("(x.search_name || '')")} ORDER BY x.id + 0 DESC LIMIT 10
                    """;
            }
            return $"""
                WITH probe AS MATERIALIZED (SELECT y.id FROM {table} y WHERE {Test("y.search_name")} LIMIT {Bridgehead.Search.SearchAll.FewMatches + 1})
                (SELECT {columns} FROM {table} x {join}
                 WHERE (SELECT count(*) FROM probe) <= {Bridgehead.Search.SearchAll.FewMatches}
                   AND x.id IN (SELECT p.id FROM probe p ORDER BY p.id DESC LIMIT 10) ORDER BY x.id DESC)
                UNION ALL
                (SELECT {columns} FROM {table} x {join}
                 WHERE (SELECT count(*) FROM probe) > {Bridgehead.Search.SearchAll.FewMatches} AND {Test("(x.search_name || '')")} ORDER BY x.id DESC LIMIT 10)
                """;
        }
        object[] all = rep ? [.. args, s.RepId] : args;
        var b = authenticate ? Authenticated(rep) : new NpgsqlBatch();
        b.BatchCommands.Add(Command(Kind("accounts", "x.id, x.name, x.city", "", "x.id"), all));
        b.BatchCommands.Add(Command(Kind("contacts", "x.id, x.name, a.name", "JOIN accounts a ON a.id = x.account_id", "x.account_id"), all));
        b.BatchCommands.Add(Command(Kind("opportunities", "x.id, x.title, a.name, x.stage", "JOIN accounts a ON a.id = x.account_id", "x.account_id"), all));
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
