using System.Globalization;
using System.Text.Json;
using Bridgehead.Accounts;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Forecasting;
using Bridgehead.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Health;

/// <summary>One signal as the API returns it: the numbers and a sentence in the caller's language.</summary>
public sealed record HealthSignalDto(string Key, int PointsLost, int MaxPoints, IReadOnlyDictionary<string, decimal> Facts, string Explanation)
{
    /// <summary>The signal's name in the caller's language.</summary>
    public string Name => HealthExplain.Name(Key);

    public static HealthSignalDto Of(HealthSignal s) => new(s.Key, s.PointsLost, s.MaxPoints, s.Facts, HealthExplain.Sentence(s));
}

/// <summary>The score of one day.</summary>
public sealed record HealthPointDto(DateOnly Date, int Score, HealthBand Band);

/// <summary>
/// An account's health: the score computed now from its signals, and the daily scores of the last
/// 90 days. Accounts that are not customers have no score: <see cref="Score"/> and
/// <see cref="Band"/> are null and <see cref="Reason"/> says why.
/// </summary>
public sealed record AccountHealthDto(
    long AccountId,
    string AccountName,
    int? Score,
    HealthBand? Band,
    IReadOnlyList<HealthSignalDto> Signals,
    DateTime ScoredAt,
    IReadOnlyList<HealthPointDto> Trend,
    string? Reason);

/// <summary>Turns a signal's numbers into a sentence in the current UI language.</summary>
public static class HealthExplain
{
    public static string Name(string key) => HealthText.ResourceManager.GetString("Signal_" + key, CultureInfo.CurrentUICulture) ?? key;

    public static string Sentence(HealthSignal s)
    {
        ArgumentNullException.ThrowIfNull(s);
        decimal F(string name) => s.Facts.TryGetValue(name, out var v) ? v : 0;
        string N(decimal value) => value.ToString("0.#", CultureInfo.CurrentCulture);
        return s.Key switch
        {
            HealthScorer.ShareOfWalletTrend => F("categories") == 0 ? HealthText.ShareNone
                : Validator.Format(HealthText.Share, N(F("shareBefore")), N(F("shareNow")), N(F("categories"))),
            HealthScorer.CompetitorMoves => F("moves") == 0 ? HealthText.MovesNone
                : Validator.Format(HealthText.Moves, N(F("moves")), N(F("poachingAttempts")), N(F("highImpact"))),
            HealthScorer.OpenIncidents => F("critical") + F("major") + F("minor") == 0 ? HealthText.IncidentsNone
                : Validator.Format(HealthText.Incidents, N(F("critical")), N(F("major")), N(F("minor"))),
            HealthScorer.OtifTrend => F("linesDue") == 0 ? HealthText.OtifNone
                : s.Facts.ContainsKey("previousOtif") ? Validator.Format(HealthText.OtifTrend, N(F("otif")), N(F("linesDue")), N(F("previousOtif")))
                : Validator.Format(HealthText.Otif, N(F("otif")), N(F("linesDue"))),
            HealthScorer.UnansweredFeedback => F("unanswered") == 0 ? HealthText.FeedbackNone
                : Validator.Format(HealthText.Feedback, N(F("unanswered")), N(F("oldestDays"))),
            HealthScorer.OverdueCare => F("visitOverdue") + F("reviewOverdue") + F("sponsorMissing") == 0 ? HealthText.CareNone
                : string.Join(" ", new[]
                {
                    F("visitOverdue") > 0 ? HealthText.CareVisit : null,
                    F("reviewOverdue") > 0 ? HealthText.CareReview : null,
                    F("sponsorMissing") > 0 ? HealthText.CareSponsor : null,
                }.Where(x => x is not null)),
            HealthScorer.ChampionGoneQuiet => F("champions") == 0 ? HealthText.ChampionsNone
                : Validator.Format(HealthText.Champions, N(F("quiet")), N(F("champions"))),
            HealthScorer.OrderVolumeTrend => !s.Facts.ContainsKey("changePercent") ? HealthText.OrdersNone
                : Validator.Format(F("byQuantity") > 0 ? HealthText.OrdersQuantity : HealthText.OrdersValue, N(F("changePercent"))),
            _ => s.Key,
        };
    }
}

/// <summary>Scores accounts and stores the result: shared by the hourly job and the refresh button.</summary>
public static class HealthScoring
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Serialize(IReadOnlyList<HealthSignal> signals) => JsonSerializer.Serialize(signals, Json);

    public static IReadOnlyList<HealthSignal> Deserialize(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<List<HealthSignal>>(json, Json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    public static DateOnly Today(BridgeheadDb db) => DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);

    public static string DedupKey(long accountId, DateOnly day) =>
        "account:" + accountId.ToString(CultureInfo.InvariantCulture) + ":" + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// Scores the customer accounts named (id to name) and stages, without saving: the account's
    /// <see cref="AccountHealth"/> row (added or updated), today's <see cref="HealthSnapshot"/>
    /// (added or updated, never a second one), and a <see cref="NotificationEvent.HealthBandDropped"/>
    /// event when the new band is worse than the stored one (at most one per account and day: the
    /// dedup key is the account and the date). A constant number of queries per batch.
    /// </summary>
    public static async Task<IReadOnlyDictionary<long, HealthResult>> StageAsync(
        BridgeheadDb db, IReadOnlyDictionary<long, string> accounts, DateOnly today, CurrencySettings? currency, CancellationToken ct)
    {
        var facts = await HealthData.LoadAsync(db, [.. accounts.Keys], today, currency, ct);
        var ids = facts.Keys.ToList();
        if (ids.Count == 0)
        {
            return new Dictionary<long, HealthResult>();
        }
        var stored = await db.AccountHealth.Where(h => ids.Contains(h.AccountId)).ToDictionaryAsync(h => h.AccountId, ct);
        var snapshots = await db.HealthSnapshots.Where(s => ids.Contains(s.AccountId) && s.ScoredOn == today).ToDictionaryAsync(s => s.AccountId, ct);
        var keys = ids.Select(id => DedupKey(id, today)).ToList();
        var raised = (await db.OutboxEvents.AsNoTracking()
            .Where(e => e.Event == NotificationEvent.HealthBandDropped && e.DedupKey != null && keys.Contains(e.DedupKey))
            .Select(e => e.DedupKey!)
            .ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var results = new Dictionary<long, HealthResult>();
        foreach (var id in ids)
        {
            var result = HealthScorer.Score(facts[id]);
            results[id] = result;
            var json = Serialize(result.Signals);
            if (stored.TryGetValue(id, out var health))
            {
                var key = DedupKey(id, today);
                if (HealthScorer.IsWorse(result.Band, health.Band) && !raised.Contains(key))
                {
                    Events.Raise(db, NotificationEvent.HealthBandDropped, "account", id, id,
                        new { name = accounts[id], fromBand = Key(health.Band), toBand = Key(result.Band), score = result.Score }, key);
                }
                health.Score = result.Score;
                health.Band = result.Band;
                health.Signals = json;
                health.ScoredAt = now;
            }
            else
            {
                db.AccountHealth.Add(new AccountHealth { AccountId = id, Score = result.Score, Band = result.Band, Signals = json, ScoredAt = now });
            }
            if (snapshots.TryGetValue(id, out var snapshot))
            {
                snapshot.Score = result.Score;
                snapshot.Band = result.Band;
            }
            else
            {
                db.HealthSnapshots.Add(new HealthSnapshot { AccountId = id, ScoredOn = today, Score = result.Score, Band = result.Band });
            }
        }
        return results;
    }

    /// <summary>
    /// Stages and saves. The job and a refresh may insert the same account's first row or today's
    /// snapshot at the same moment; the loser of that race reloads and tries again (up to three times).
    /// </summary>
    public static async Task<IReadOnlyDictionary<long, HealthResult>> StoreAsync(
        BridgeheadDb db, IReadOnlyDictionary<long, string> accounts, DateOnly today, CurrencySettings? currency, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var results = await StageAsync(db, accounts, today, currency, ct);
                await db.SaveChangesAsync(ct);
                return results;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>The band as the API spells it (camelCase).</summary>
    public static string Key(HealthBand band) => band switch
    {
        HealthBand.Healthy => "healthy",
        HealthBand.Watch => "watch",
        HealthBand.AtRisk => "atRisk",
        _ => throw new ArgumentOutOfRangeException(nameof(band)),
    };

    internal static async Task<IReadOnlyList<HealthPointDto>> TrendAsync(BridgeheadDb db, long accountId, DateOnly today, CancellationToken ct) =>
        await db.HealthSnapshots.AsNoTracking()
            .Where(s => s.AccountId == accountId && s.ScoredOn > today.AddDays(-HealthData.RecentDays) && s.ScoredOn <= today)
            .OrderBy(s => s.ScoredOn)
            .Select(s => new HealthPointDto(s.ScoredOn, s.Score, s.Band))
            .ToListAsync(ct);

    internal static AccountHealthDto Dto(long id, string name, HealthResult result, DateTime scoredAt, IReadOnlyList<HealthPointDto> trend) =>
        new(id, name, result.Score, result.Band, [.. result.Signals.Select(HealthSignalDto.Of)], scoredAt, trend, null);

    internal static AccountHealthDto NotScored(long id, string name, DateTime now, IReadOnlyList<HealthPointDto> trend) =>
        new(id, name, null, null, [], now, trend, HealthText.CustomersOnly);
}

/// <summary>
/// GET /accounts/{id}/health: computed live. Sales readers of the account; 404 when the account is
/// not visible; 403 for quality and product. A prospect or former customer gets 200 without a
/// score and with the reason (health is scored for customers only).
/// </summary>
public sealed class GetAccountHealth(BridgeheadDb db, CurrencySettings currency)
{
    public async Task<AccountHealthDto> HandleAsync(long accountId, CancellationToken ct)
    {
        Identity.Access.RequireSalesReader(db.Viewer);
        var account = await db.Accounts.AsNoTracking().Where(a => a.Id == accountId).Select(a => new { a.Id, a.Name, a.Status }).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("account");
        var today = HealthScoring.Today(db);
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var trend = await HealthScoring.TrendAsync(db, accountId, today, ct);
        if (account.Status != AccountStatus.Customer)
        {
            return HealthScoring.NotScored(account.Id, account.Name, now, trend);
        }
        var facts = await HealthData.LoadAsync(db, [accountId], today, currency, ct);
        return HealthScoring.Dto(account.Id, account.Name, HealthScorer.Score(facts[accountId]), now, trend);
    }
}

/// <summary>
/// POST /accounts/{id}/health/refresh: rescores one customer now, stores it as the hourly job does
/// (and may raise the band-drop event). Sales writers of the account; 409 for a non-customer.
/// </summary>
public sealed class RefreshAccountHealth(BridgeheadDb db, CurrencySettings currency)
{
    public async Task<AccountHealthDto> HandleAsync(long accountId, CancellationToken ct)
    {
        Identity.Access.RequireSalesWriter(db.Viewer);
        var account = await db.Accounts.AsNoTracking().Where(a => a.Id == accountId).Select(a => new { a.Id, a.Name, a.Status }).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("account");
        if (account.Status != AccountStatus.Customer)
        {
            throw new ConflictException([HealthText.CustomersOnly]);
        }
        var today = HealthScoring.Today(db);
        var results = await HealthScoring.StoreAsync(db, new Dictionary<long, string> { [account.Id] = account.Name }, today, currency, ct);
        var trend = await HealthScoring.TrendAsync(db, accountId, today, ct);
        return HealthScoring.Dto(account.Id, account.Name, results[accountId], db.Clock.GetUtcNow().UtcDateTime, trend);
    }
}

/// <summary>One customer in the health list: its stored score and the signal that costs the most.</summary>
public sealed record AccountHealthRowDto(long AccountId, string AccountName, string OwnerName, int Score, HealthBand Band, DateTime ScoredAt, HealthSignalDto? TopReason);

/// <summary>
/// The stored health of the customers the caller sees, worst first (optionally one band), for the
/// health page and the home panel. Sales readers only.
/// </summary>
public sealed class ListAccountHealth(BridgeheadDb db)
{
    public const int MaxRows = 500;

    /// <param name="droppedSinceDays">When set: only accounts at risk or whose band dropped in that many days.</param>
    public async Task<IReadOnlyList<AccountHealthRowDto>> HandleAsync(HealthBand? band, int? droppedSinceDays, int limit, CancellationToken ct)
    {
        Identity.Access.RequireSalesReader(db.Viewer);
        var query = db.AccountHealth.AsNoTracking()
            .Join(db.Accounts.Where(a => a.Status == AccountStatus.Customer), h => h.AccountId, a => a.Id, (h, a) => new { h, a.Name, OwnerName = a.Owner!.DisplayName });
        if (band is { } b)
        {
            query = query.Where(x => x.h.Band == b);
        }
        if (droppedSinceDays is { } days)
        {
            var since = db.Clock.GetUtcNow().UtcDateTime.AddDays(-days);
            query = query.Where(x => x.h.Band == HealthBand.AtRisk || db.OutboxEvents.Any(e =>
                e.Event == NotificationEvent.HealthBandDropped && e.AccountId == x.h.AccountId && e.OccurredAt >= since));
        }
        var rows = await query.OrderBy(x => x.h.Score).ThenBy(x => x.Name).ThenBy(x => x.h.AccountId)
            .Take(Math.Clamp(limit, 1, MaxRows))
            .Select(x => new { x.h.AccountId, x.Name, x.OwnerName, x.h.Score, x.h.Band, x.h.ScoredAt, x.h.Signals })
            .ToListAsync(ct);
        return [.. rows.Select(r => new AccountHealthRowDto(r.AccountId, r.Name, r.OwnerName, r.Score, r.Band, r.ScoredAt,
            HealthScorer.TopReason(HealthScoring.Deserialize(r.Signals)) is { } top ? HealthSignalDto.Of(top) : null))];
    }
}

/// <summary>The stored band of each of the given accounts the caller may see (the accounts list's badge column).</summary>
public static class HealthBands
{
    public static async Task<IReadOnlyDictionary<long, HealthBand>> OfAsync(BridgeheadDb db, IReadOnlyCollection<long> accountIds, CancellationToken ct)
    {
        if (accountIds.Count == 0 || db.Viewer?.CanReadSales != true)
        {
            return new Dictionary<long, HealthBand>();
        }
        return await db.AccountHealth.AsNoTracking()
            .Where(h => accountIds.Contains(h.AccountId))
            .ToDictionaryAsync(h => h.AccountId, h => h.Band, ct);
    }
}
