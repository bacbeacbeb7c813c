using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Bridgehead.Perf.Soak;

/// <summary>Every answer of the run: its operation, status (0: no answer arrived), time and minute.</summary>
internal sealed class SoakStats
{
    private readonly ConcurrentQueue<(string Op, int Status, double Ms, int Minute)> _calls = new();

    public void Add(string op, int status, double ms, int minute) => _calls.Enqueue((op, status, ms, minute));

    public int Count(Func<int, bool> status) => _calls.Count(c => status(c.Status));

    public string? FirstServerError { get; set; }

    public static string Class(int status) => status == 0 ? "no answer" : $"{status / 100}xx";

    public string Report(TimeSpan measured)
    {
        var calls = _calls.ToArray();
        var s = new StringBuilder();
        s.AppendLine("| minute | requests | per second | 2xx | 4xx | 5xx | no answer |");
        s.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var m in calls.GroupBy(c => c.Minute).OrderBy(g => g.Key))
        {
            // The last minute may be partial.
            var seconds = Math.Min(60, measured.TotalSeconds - (m.Key * 60));
            s.AppendLine(Invariant($"| {m.Key + 1} | {m.Count():N0} | {m.Count() / Math.Max(1, seconds):N1} | {m.Count(c => c.Status is >= 200 and < 300):N0} | {m.Count(c => c.Status is >= 400 and < 500):N0} | {m.Count(c => c.Status >= 500):N0} | {m.Count(c => c.Status == 0):N0} |"));
        }
        s.AppendLine();
        s.AppendLine("| operation | calls | p50 ms | p95 ms | p99 ms | 2xx | 4xx (of which 412) | 5xx | no answer |");
        s.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var op in calls.GroupBy(c => c.Op).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var sorted = op.Where(c => c.Status != 0).Select(c => c.Ms).Order().ToList();
            s.AppendLine(Invariant($"| {op.Key} | {op.Count():N0} | {Percentile.NearestRank(sorted, 50):N0} | {Percentile.NearestRank(sorted, 95):N0} | {Percentile.NearestRank(sorted, 99):N0} | {op.Count(c => c.Status is >= 200 and < 300):N0} | {op.Count(c => c.Status is >= 400 and < 500):N0} ({op.Count(c => c.Status == 412):N0}) | {op.Count(c => c.Status >= 500):N0} | {op.Count(c => c.Status == 0):N0} |"));
        }
        s.AppendLine();
        s.AppendLine("Status classes: " + string.Join(", ", calls.GroupBy(c => Class(c.Status)).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Invariant($"{g.Key} {g.Count():N0}"))));
        s.AppendLine("Statuses: " + string.Join(", ", calls.GroupBy(c => c.Status).OrderBy(g => g.Key).Select(g => Invariant($"{g.Key} {g.Count():N0}"))));
        return s.ToString();
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// The client's record of every write the server acknowledged: each created record by its unique
/// text (a name, subject, title or reference), and each account's notes by the version the PATCH answered.
/// </summary>
internal sealed class Ledger
{
    /// <summary>Where each kind of record keeps its unique text.</summary>
    public static readonly IReadOnlyDictionary<string, (string Table, string Column)> Kinds = new Dictionary<string, (string, string)>
    {
        ["account"] = ("accounts", "name"),
        ["contact"] = ("contacts", "name"),
        ["activity"] = ("activities", "subject"),
        ["opportunity"] = ("opportunities", "title"),
        ["order"] = ("orders", "customer_reference"),
        ["incident"] = ("incidents", "title"),
    };

    public ConcurrentQueue<(string Kind, string Text, long Id)> Created { get; } = new();

    private readonly ConcurrentDictionary<long, (long Version, string Notes)> _notes = new();

    public void Create(string kind, string text, long id) => Created.Enqueue((kind, text, id));

    /// <summary>Keeps, per account, the notes of the highest version acknowledged.</summary>
    public void Patched(long accountId, long version, string notes) =>
        _notes.AddOrUpdate(accountId, (version, notes), (_, old) => version > old.Version ? (version, notes) : old);

    public IReadOnlyDictionary<long, (long Version, string Notes)> Notes => _notes;
}
