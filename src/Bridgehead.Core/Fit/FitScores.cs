using System.Globalization;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Industries;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Fit;

/// <summary>
/// Keeps <see cref="Accounts.Account.FitScore"/> current. The score is written with a bulk update,
/// not through the change tracker: it is derived, so it neither raises the account's version
/// (its ETag) nor writes an audit entry.
/// </summary>
internal static class FitScores
{
    private const int Chunk = 2000;

    /// <summary>One account, after it was created or changed.</summary>
    public static async Task<int?> RecomputeAsync(BridgeheadDb db, long accountId, CancellationToken ct)
    {
        var criteria = FitRules.Compile(await db.FitCriteria.AsNoTracking().OrderBy(c => c.Id).ToListAsync(ct));
        var accounts = db.Accounts.IgnoreQueryFilters();
        var facts = await FactsAsync(db, accountId, ct);
        if (facts.Count == 0)
        {
            return null;
        }
        var (_, current, fact) = facts[0];
        var score = FitRules.Score(criteria, fact);
        if (score != current)
        {
            await accounts.Where(a => a.Id == accountId).ExecuteUpdateAsync(s => s.SetProperty(a => a.FitScore, score), ct);
        }
        return score;
    }

    /// <summary>Every account, after the criteria changed: one read, then one update per distinct new score (in chunks).</summary>
    public static async Task RecomputeAllAsync(BridgeheadDb db, CancellationToken ct)
    {
        var criteria = FitRules.Compile(await db.FitCriteria.AsNoTracking().OrderBy(c => c.Id).ToListAsync(ct));
        var accounts = db.Accounts.IgnoreQueryFilters();
        if (criteria.Count == 0)
        {
            await accounts.Where(a => a.FitScore != null).ExecuteUpdateAsync(s => s.SetProperty(a => a.FitScore, (int?)null), ct);
            return;
        }
        var facts = await FactsAsync(db, null, ct);
        var changed = facts
            .Select(f => (f.Id, f.Score, New: FitRules.Score(criteria, f.Facts)))
            .Where(x => x.Score != x.New)
            .GroupBy(x => x.New);
        foreach (var group in changed)
        {
            var score = group.Key;
            foreach (var chunk in group.Select(x => x.Id).Chunk(Chunk))
            {
                var ids = chunk.ToList();
                await accounts.Where(a => ids.Contains(a.Id)).ExecuteUpdateAsync(s => s.SetProperty(a => a.FitScore, score), ct);
            }
        }
    }

    /// <summary>What the fit reads of the accounts, with their stored scores: two queries whatever their number.</summary>
    private static async Task<List<(long Id, int? Score, FitFacts Facts)>> FactsAsync(BridgeheadDb db, long? onlyId, CancellationToken ct)
    {
        var accounts = db.Accounts.IgnoreQueryFilters().AsNoTracking();
        var tags = db.AccountApplications.IgnoreQueryFilters().AsNoTracking();
        if (onlyId is { } id)
        {
            accounts = accounts.Where(a => a.Id == id);
            tags = tags.Where(x => x.AccountId == id);
        }
        var rows = await accounts.Select(a => new { a.Id, a.Industry, a.Employees, a.Country, a.FitScore }).ToListAsync(ct);
        var applications = (await tags.Select(x => new { x.AccountId, x.ApplicationId }).ToListAsync(ct))
            .ToLookup(x => x.AccountId, x => x.ApplicationId);
        return [.. rows.Select(r => (r.Id, r.FitScore, new FitFacts(r.Industry, applications[r.Id].ToList(), r.Employees, r.Country)))];
    }
}

/// <summary>Recomputes one account's fit score; the account use cases call it after each save.</summary>
public sealed class RecomputeAccountFit(BridgeheadDb db)
{
    public Task<int?> HandleAsync(long accountId, CancellationToken ct) => FitScores.RecomputeAsync(db, accountId, ct);
}

/// <summary>Recomputes every account's fit score (after the criteria changed, or demo data was made); admin or the system.</summary>
public sealed class RecomputeAllFit(BridgeheadDb db)
{
    public Task HandleAsync(CancellationToken ct)
    {
        var viewer = Access.Require(db.Viewer);
        if (!viewer.IsSystem)
        {
            Access.RequireAdmin(viewer, FitText.AdminsOnly);
        }
        return FitScores.RecomputeAllAsync(db, ct);
    }
}

/// <summary>Industry and application names for reading criteria and accounts aloud.</summary>
internal sealed class FitNames(IReadOnlyDictionary<long, ApplicationTag> applications)
{
    public static async Task<FitNames> LoadAsync(BridgeheadDb db, IEnumerable<FitCriterion> criteria, IEnumerable<long> more, CancellationToken ct)
    {
        var ids = criteria.Where(c => c.Dimension == FitDimension.Application)
            .SelectMany(c => c.Values)
            .Select(v => long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1)
            .Where(id => id > 0)
            .Concat(more).Distinct().ToList();
        var found = ids.Count == 0 ? [] : await db.Applications.AsNoTracking().Where(a => ids.Contains(a.Id))
            .Select(a => new ApplicationTag(a.Id, a.NameEn, a.NameKo)).ToListAsync(ct);
        return new FitNames(found.ToDictionary(a => a.Id));
    }

    public static string Industry(string code) => IsicCatalogue.Find(code) is { } i ? $"{i.Code} · {i.Name}" : code;

    public string Application(long id) => applications.TryGetValue(id, out var a) ? a.Name : Common.Validator.Format(FitText.UnknownApplicationName, id);

    public string Application(string value) => long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? Application(id) : value;

    public static string Range(int? min, int? max) => (min, max) switch
    {
        ({ } a, { } b) => Common.Validator.Format(FitText.RangeBetween, a.ToString("N0", CultureInfo.CurrentCulture), b.ToString("N0", CultureInfo.CurrentCulture)),
        ({ } a, null) => Common.Validator.Format(FitText.RangeAtLeast, a.ToString("N0", CultureInfo.CurrentCulture)),
        (null, { } b) => Common.Validator.Format(FitText.RangeAtMost, b.ToString("N0", CultureInfo.CurrentCulture)),
        _ => "",
    };

    /// <summary>What the criterion asks for, as people read it.</summary>
    public string Targets(FitCriterion c) => c.Dimension switch
    {
        FitDimension.Industry => string.Join(", ", c.Values.Select(Industry)),
        FitDimension.Application => string.Join(", ", c.Values.Select(Application)),
        FitDimension.Size => Range(c.MinEmployees, c.MaxEmployees),
        FitDimension.Region => string.Join(", ", c.Values),
        _ => throw new ArgumentOutOfRangeException(nameof(c)),
    };
}
