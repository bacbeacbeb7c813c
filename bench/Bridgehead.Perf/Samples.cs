using System.Data.Common;
using System.Globalization;

namespace Bridgehead.Perf;

/// <summary>One list request: status open, a stage, and for the admin an industry of the account.</summary>
internal sealed record ListFilter(string Stage, string? Industry);

/// <summary>
/// The ids and words the scenarios vary over, chosen by SQL, deterministically: a pool of about a
/// hundred per scenario spread over the table by <c>(id * 7919) % 10007</c>, so two runs of the
/// same data ask the same things and the calls are not all for one cached row.
/// </summary>
internal sealed record Samples(
    long AdminId,
    long RepId,
    string RepName,
    long RepVisibleOpportunities,
    long PipelineId,
    IReadOnlyList<string> Stages,
    IReadOnlyList<long> Accounts,
    IReadOnlyList<long> OpenOpportunities,
    IReadOnlyList<long> Products,
    IReadOnlyList<string> Words,
    IReadOnlyList<string> RepWords,
    IReadOnlyList<ListFilter> AdminLists,
    IReadOnlyList<ListFilter> RepLists,
    long Opportunities)
{
    private const string Spread = "(id * 7919) % 10007, id";

    public static async Task<Samples> LoadAsync(DbConnection c, string adminName, CancellationToken ct)
    {
        var admin = await ScalarAsync<long>(c, "SELECT id FROM users WHERE user_name = @p0", ct, adminName);
        // The typical rep: the median of the reps by the open and closed pursuits they see (owner or account team).
        var reps = await RowsAsync(c, """
            WITH visible AS (SELECT id AS account_id, owner_id AS user_id FROM accounts
                             UNION SELECT account_id, user_id FROM account_team_members),
                 per_account AS (SELECT account_id, count(*) AS n FROM opportunities GROUP BY account_id)
            SELECT u.id, u.user_name, coalesce(sum(p.n), 0) AS n
            FROM users u LEFT JOIN visible v ON v.user_id = u.id LEFT JOIN per_account p ON p.account_id = v.account_id
            WHERE u.role = 'Rep' AND u.is_active = @p0
            GROUP BY u.id, u.user_name ORDER BY 3, 1
            """, r => (Id: r.GetInt64(0), Name: r.GetString(1), Count: Convert.ToInt64(r.GetValue(2), CultureInfo.InvariantCulture)), ct, true);
        if (reps.Count == 0)
        {
            throw new InvalidOperationException("the database has no rep");
        }
        var rep = reps[(reps.Count - 1) / 2];
        var pipeline = await ScalarAsync<long>(c, "SELECT id FROM pipelines WHERE is_default = @p0", ct, true);
        var stages = await RowsAsync(c, "SELECT key FROM pipeline_stages WHERE pipeline_id = @p0 ORDER BY number", r => r.GetString(0), ct, pipeline);
        var pursuit = stages.Where(s => Bridgehead.Pursuits.Stages.IsPursuitStage(s)).ToList();
        var accounts = await RowsAsync(c, $"SELECT id FROM accounts ORDER BY {Spread} LIMIT 100", r => r.GetInt64(0), ct);
        var open = await RowsAsync(c, $"SELECT id FROM opportunities WHERE status = 'Open' ORDER BY {Spread} LIMIT 100", r => r.GetInt64(0), ct);
        var products = await RowsAsync(c, $"""
            SELECT id FROM products WHERE is_active = @p0 AND weekly_capacity IS NOT NULL AND weekly_capacity > 0
              AND production_lead_time_days IS NOT NULL ORDER BY {Spread} LIMIT 100
            """, r => r.GetInt64(0), ct, true);
        var names = await RowsAsync(c, $"SELECT name FROM accounts ORDER BY {Spread} LIMIT 300", r => r.GetString(0), ct);
        var repNames = await RowsAsync(c, $"""
            SELECT name FROM accounts a WHERE a.owner_id = @p0
               OR EXISTS (SELECT 1 FROM account_team_members m WHERE m.account_id = a.id AND m.user_id = @p0)
            ORDER BY {Spread} LIMIT 300
            """, r => r.GetString(0), ct, rep.Id);
        var industries = await RowsAsync(c, """
            SELECT a.industry FROM opportunities o JOIN accounts a ON a.id = o.account_id
            WHERE o.status = 'Open' AND a.industry IS NOT NULL GROUP BY a.industry ORDER BY count(*) DESC, a.industry LIMIT 5
            """, r => r.GetString(0), ct);
        var total = await ScalarAsync<long>(c, "SELECT count(*) FROM opportunities", ct);
        return new Samples(admin, rep.Id, rep.Name, rep.Count, pipeline, pursuit, accounts, open, products,
            PickWords(names), PickWords(repNames),
            [.. industries.SelectMany(i => pursuit.Select(s => new ListFilter(s, i)))],
            [.. pursuit.Select(s => new ListFilter(s, null))],
            total);
    }

    /// <summary>Search words: the longest word (3+ letters) of each name, distinct, up to 100.</summary>
    internal static IReadOnlyList<string> PickWords(IEnumerable<string> names) =>
        [.. names.Select(n => n.Split([' ', '-', ',', '.', '(', ')'], StringSplitOptions.RemoveEmptyEntries)
                .Where(w => w.Length >= 3 && !w.All(char.IsDigit)).OrderByDescending(w => w.Length).ThenBy(w => w, StringComparer.Ordinal).FirstOrDefault())
            .OfType<string>().Select(w => w.ToLowerInvariant()).Distinct().Take(100)];

    private static DbCommand Command(DbConnection c, string sql, object[] args)
    {
        var cmd = c.CreateCommand();
#pragma warning disable CA2100 // constant SQL of the bench, values as parameters
        cmd.CommandText = sql;
#pragma warning restore CA2100
        cmd.CommandTimeout = 0;
        for (var i = 0; i < args.Length; i++)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "@p" + i.ToString(CultureInfo.InvariantCulture);
            p.Value = args[i];
            cmd.Parameters.Add(p);
        }
        return cmd;
    }

    internal static async Task<T> ScalarAsync<T>(DbConnection c, string sql, CancellationToken ct, params object[] args)
    {
        await using var cmd = Command(c, sql, args);
        var value = await cmd.ExecuteScalarAsync(ct);
        return value is null or DBNull
            ? throw new InvalidOperationException("no row for: " + sql)
            : (T)Convert.ChangeType(value, typeof(T), CultureInfo.InvariantCulture);
    }

    internal static async Task<List<T>> RowsAsync<T>(DbConnection c, string sql, Func<DbDataReader, T> read, CancellationToken ct, params object[] args)
    {
        await using var cmd = Command(c, sql, args);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<T>();
        while (await r.ReadAsync(ct))
        {
            list.Add(read(r));
        }
        return list;
    }
}
