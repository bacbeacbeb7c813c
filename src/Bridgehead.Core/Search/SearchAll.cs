using System.Linq.Expressions;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Search;

/// <summary>One search hit: what it is called and one line that tells hits with the same name apart.</summary>
public sealed record SearchHit(long Id, string Name, string? Detail);

/// <summary>Hits per kind of record; opportunities only for roles that may read them.</summary>
public sealed record SearchResults(IReadOnlyList<SearchHit> Accounts, IReadOnlyList<SearchHit> Contacts, IReadOnlyList<SearchHit> Opportunities);

/// <summary>
/// Finds accounts, contacts and opportunities by part of their name. Like every query it goes
/// through the visibility filters, so a hit is always a record the caller may open.
///
/// A term of three characters or more matches anywhere in the name; a shorter one (two
/// characters) only at the start of a word, since a pair of letters is inside a large share of
/// all names. Each kind lists its ten newest matches (highest id first): an order the database
/// keeps in an index, so a word found in a hundred thousand names costs no more than a rare one.
/// </summary>
public sealed class SearchAll(BridgeheadDb db)
{
    public const int MinLength = 2;
    public const int MaxLength = 100;
    public const int PerKind = 10;

    /// <summary>Terms shorter than this match at the start of a word only.</summary>
    public const int AnywhereLength = 3;

    /// <summary>
    /// Up to this many matches of a kind, PostgreSQL finds them all through the trigram index and
    /// the ten highest ids are read; past it (a common word), it walks the records newest first
    /// until it has ten, which takes few steps exactly because the word is common. Both give the
    /// same ten.
    /// </summary>
    public const int FewMatches = 1000;

    public async Task<SearchResults> HandleAsync(string? q, CancellationToken ct)
    {
        var viewer = Access.Require(db.Viewer);
        var text = Text.Clean(q);
        if (text is null || text.Length < MinLength || text.Length > MaxLength)
        {
            throw new BadRequestException("q", Validator.Format(CommonText.SearchLength, MinLength, MaxLength));
        }
        var test = Matches(text);
        // Reps and managers search their own thousand or so accounts (see NearViewer): testing the
        // name of each of their rows is fast, while PostgreSQL, asked per account, would AND the
        // trigram index in (10 ms a time, seconds in all). "name || ''" keeps that index out and
        // "id + 0" the primary key's order (which would walk every record for a rare word).
        // Roles that see everything choose between the index and the walk (see FewMatches).
        var near = !viewer.SeesAllAccounts;
        var wide = !near && db.Database.IsNpgsql();
        // Roles that see everything on PostgreSQL: one statement finds up to FewMatches + 1 ids of
        // each kind through the trigram indexes (stopping there). A kind with at most FewMatches
        // is then read by its ten highest ids; a common word walks that kind's primary key down.
        List<long> found = [];
        if (wide)
        {
            var probe = Probe(db.Accounts, a => a.SearchName, a => a.Id, test, 0)
                .Concat(Probe(db.Contacts, c => c.SearchName, c => c.Id, test, 1));
            if (viewer.CanReadSales)
            {
                probe = probe.Concat(Probe(db.Opportunities, o => o.SearchName, o => o.Id, test, 2));
            }
            found = await probe.ToListAsync(ct);
        }
        List<long>? Found(int kind) => wide ? [.. found.Where(v => v % Kinds == kind).Select(v => v / Kinds)] : null;
        var accounts = await Hits(db.NearViewer(db.Accounts.AsNoTracking(), a => a.Id), a => a.SearchName, a => a.Id, test, near, Found(0),
            a => new SearchHit(a.Id, a.Name, a.City), h => h.Id, ct);
        var contacts = await Hits(db.NearViewer(db.Contacts.AsNoTracking(), c => c.AccountId), c => c.SearchName, c => c.Id, test, near, Found(1),
            c => new SearchHit(c.Id, c.Name, c.Account!.Name), h => h.Id, ct);
        List<SearchHit> opportunities = [];
        if (viewer.CanReadSales)
        {
            var rows = await Hits(db.NearViewer(db.Opportunities.AsNoTracking(), o => o.AccountId), o => o.SearchName, o => o.Id, test, near, Found(2),
                o => new OpportunityRow(o.Id, o.Title, o.Account!.Name, o.Stage), r => r.Id, ct);
            opportunities = [.. rows.Select(o => new SearchHit(o.Id, o.Title, $"{o.Account} · {Stages.Find(o.Stage)?.Name ?? o.Stage}"))];
        }
        return new SearchResults(accounts, contacts, opportunities);
    }

    /// <summary>The probe's ids carry their kind: id * Kinds + kind.</summary>
    private const int Kinds = 4;

    private static IQueryable<long> Probe<T>(IQueryable<T> source, Expression<Func<T, string>> name, Expression<Func<T, long>> id, Expression<Func<string, bool>> test, int kind)
        where T : class
    {
        var tagged = Expression.Lambda<Func<T, long>>(
            Expression.Add(Expression.Multiply(id.Body, Expression.Constant((long)Kinds)), Expression.Constant((long)kind)), id.Parameters);
        return source.AsNoTracking().Where(On(name, test, hideIndex: false)).Select(tagged).Take(FewMatches + 1);
    }

    private sealed record OpportunityRow(long Id, string Title, string Account, string Stage);

    /// <summary>The test of a search name (lower case, single spaces: <see cref="Text.SearchKey"/>) for the term.</summary>
    internal static Expression<Func<string, bool>> Matches(string text)
    {
        var key = Text.SearchKey(text);
        if (key.Length >= AnywhereLength)
        {
            var anywhere = Text.ContainsPattern(key);
            return n => EF.Functions.Like(n, anywhere, Text.LikeEscape);
        }
        // "ab%" or "% ab%": the name, or a later word of it, starts with the term.
        var inside = Text.ContainsPattern(key);
        var first = inside[1..];
        var later = "% " + first;
        return n => EF.Functions.Like(n, first, Text.LikeEscape) || EF.Functions.Like(n, later, Text.LikeEscape);
    }

    private static async Task<List<TOut>> Hits<T, TOut>(
        IQueryable<T> source,
        Expression<Func<T, string>> name,
        Expression<Func<T, long>> id,
        Expression<Func<string, bool>> test,
        bool near,
        List<long>? found,
        Expression<Func<T, TOut>> projection,
        Func<TOut, long> idOf,
        CancellationToken ct)
    {
        if (found is null)
        {
            // Few rows to test (a rep's accounts), or no trigram index (SQLite): one plain query.
            var plain = source.Where(On(name, test, hideIndex: near));
            return await plain.OrderByDescending(near ? Unordered(id) : id).Take(PerKind).Select(projection).ToListAsync(ct);
        }
        if (found.Count == 0)
        {
            return [];
        }
        if (found.Count <= FewMatches)
        {
            // Every match is known: read the ten newest by id.
            var newest = new Holder([.. found.OrderDescending().Take(PerKind)]);
            var isNewest = Expression.Lambda<Func<T, bool>>(
                Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(long)],
                    Expression.Field(Expression.Constant(newest), nameof(Holder.Ids)), id.Body),
                id.Parameters);
            var rows = await source.Where(isNewest).Select(projection).ToListAsync(ct);
            return [.. rows.OrderByDescending(idOf)];
        }
        // A common word: down the primary key, testing each name ("name || ''" keeps the trigram
        // index out), until ten match; few steps, since many names match.
        return await source.Where(On(name, test, hideIndex: true)).OrderByDescending(id).Take(PerKind).Select(projection).ToListAsync(ct);
    }

    /// <summary>Ids as a field EF reads as one query parameter (the SQL text stays the same).</summary>
    private sealed class Holder(List<long> ids)
    {
        public readonly List<long> Ids = ids;
    }

    /// <summary>The id as an expression PostgreSQL cannot read from the primary key in order ("id + 0").</summary>
    private static Expression<Func<T, long>> Unordered<T>(Expression<Func<T, long>> id) =>
        Expression.Lambda<Func<T, long>>(Expression.Add(id.Body, Expression.Constant(0L)), id.Parameters);

    /// <summary>The test applied to a record's name, or to "name || ''" which no index serves.</summary>
    private static Expression<Func<T, bool>> On<T>(Expression<Func<T, string>> name, Expression<Func<string, bool>> test, bool hideIndex)
    {
        Expression value = hideIndex
            ? Expression.Add(name.Body, Expression.Constant(""), typeof(string).GetMethod(nameof(string.Concat), [typeof(string), typeof(string)]))
            : name.Body;
        return Expression.Lambda<Func<T, bool>>(new Replace(test.Parameters[0], value).Visit(test.Body), name.Parameters);
    }

    private sealed class Replace(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
