using System.Linq.Expressions;
using Bridgehead.Accounts;
using Bridgehead.Common;
using Bridgehead.Contacts;
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
/// </summary>
public sealed class SearchAll(BridgeheadDb db)
{
    public const int MinLength = 2;
    public const int MaxLength = 100;
    public const int PerKind = 10;

    public async Task<SearchResults> HandleAsync(string? q, CancellationToken ct)
    {
        var viewer = Access.Require(db.Viewer);
        var text = Text.Clean(q);
        if (text is null || text.Length < MinLength || text.Length > MaxLength)
        {
            throw new BadRequestException("q", Validator.Format(CommonText.SearchLength, MinLength, MaxLength));
        }
        var pattern = Text.ContainsPattern(text);
        // Reps and managers search their own thousand or so accounts (see NearViewer): testing the
        // name of each of their rows is fast, while PostgreSQL, asked per account, would AND the
        // trigram index in (10 ms a time, seconds in all). "name || ''" keeps that index out;
        // roles that see everything use it (LIKE '%x%' over a million names otherwise).
        var near = !viewer.SeesAllAccounts;
        var accounts = await db.NearViewer(db.Accounts.AsNoTracking(), a => a.Id)
            .Where(near ? (Expression<Func<Account, bool>>)(a => EF.Functions.Like(a.SearchName + "", pattern, Text.LikeEscape)) : a => EF.Functions.Like(a.SearchName, pattern, Text.LikeEscape))
            .OrderBy(a => a.SearchName).ThenBy(a => a.Id).Take(PerKind)
            .Select(a => new SearchHit(a.Id, a.Name, a.City))
            .ToListAsync(ct);
        var contacts = await db.NearViewer(db.Contacts.AsNoTracking(), c => c.AccountId)
            .Where(near ? (Expression<Func<Contact, bool>>)(c => EF.Functions.Like(c.SearchName + "", pattern, Text.LikeEscape)) : c => EF.Functions.Like(c.SearchName, pattern, Text.LikeEscape))
            .OrderBy(c => c.SearchName).ThenBy(c => c.Id).Take(PerKind)
            .Select(c => new SearchHit(c.Id, c.Name, c.Account!.Name))
            .ToListAsync(ct);
        List<SearchHit> opportunities = [];
        if (viewer.CanReadSales)
        {
            var rows = await db.NearViewer(db.Opportunities.AsNoTracking(), o => o.AccountId)
                .Where(near ? (Expression<Func<Opportunity, bool>>)(o => EF.Functions.Like(o.SearchName + "", pattern, Text.LikeEscape)) : o => EF.Functions.Like(o.SearchName, pattern, Text.LikeEscape))
                .OrderBy(o => o.SearchName).ThenBy(o => o.Id).Take(PerKind)
                .Select(o => new { o.Id, o.Title, Account = o.Account!.Name, o.Stage })
                .ToListAsync(ct);
            opportunities = [.. rows.Select(o => new SearchHit(o.Id, o.Title, $"{o.Account} · {Stages.Find(o.Stage)?.Name ?? o.Stage}"))];
        }
        return new SearchResults(accounts, contacts, opportunities);
    }
}
