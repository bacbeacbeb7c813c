using Bridgehead.Accounts;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Pursuits;

/// <summary>One of the ten stages on the process overview.</summary>
/// <param name="Open">Open pursuits in the stage (stages 1-8).</param>
/// <param name="Value">Their estimated annual value, one sum per currency.</param>
/// <param name="Entered">Pursuits that entered the stage in the period (opened in it or moved forward into it).</param>
/// <param name="MovedOn">Of those, the ones that later left it forward (advanced, overridden or won).</param>
public sealed record ProcessStageDto(string Key, int Number, string Name, bool IsPursuit, int Open, IReadOnlyList<Money> Value, int Entered, int MovedOn)
{
    /// <summary>Share of the entered that moved on, 0-100; null when none entered.</summary>
    public int? ConversionPercent => Entered == 0 ? null : (int)Math.Round(100.0 * MovedOn / Entered);
}

/// <summary>Stage 9 at a glance: the open orders (confirmed or partly delivered) the caller sees, and their lines late or at risk of being late.</summary>
public sealed record ProcessOrdersDto(int Open, int LateLines, int AtRiskLines);

/// <summary>Customers under care in one tier (customers without a tier follow the standard plan and count there).</summary>
public sealed record ProcessTierDto(AccountTier Tier, int Accounts);

/// <summary>Stage 10 at a glance: the customers the caller sees, by care tier, how many have care overdue, and their health by band.</summary>
/// <param name="NotScored">Customers without a health score yet.</param>
public sealed record ProcessCareDto(int Accounts, IReadOnlyList<ProcessTierDto> Tiers, int Overdue, int Healthy, int Watch, int AtRisk, int NotScored);

/// <summary>The whole process at a glance.</summary>
/// <param name="LiveCustomers">Accounts with status customer: the accounts in stages 9-10.</param>
/// <param name="Orders">Stage 9: the open orders and how their lines stand.</param>
/// <param name="Care">Stage 10: the customers under care and their health.</param>
public sealed record ProcessOverviewDto(DateOnly From, DateOnly To, IReadOnlyList<ProcessStageDto> Stages, int LiveCustomers, ProcessOrdersDto Orders, ProcessCareDto Care);

/// <summary>
/// Counts and values of open pursuits per stage, and conversion from each stage to the next over a
/// period, all counted by the database over the pursuits the caller may see.
/// </summary>
public sealed class GetProcessOverview(BridgeheadDb db, Orders.GetOrderAlerts orders)
{
    /// <summary>The period when none is chosen: the last 90 days.</summary>
    public const int DefaultDays = 90;

    public async Task<ProcessOverviewDto> HandleAsync(DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        PeriodBounds.Require(from, to);
        var today = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
        var until = to ?? today;
        var since = from ?? until.AddDays(-DefaultDays);
        if (since > until)
        {
            throw ValidationException.For("from", PursuitsText.PeriodBackwards);
        }
        var start = since.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = until.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

        var open = await BoardData.TotalsAsync(db.Opportunities.AsNoTracking().Where(o => o.Status == OpportunityStatus.Open), ct);

        // Entering a stage: opened in it, or moved forward into it (moving back is not progress).
        // A manager's override past the last gate wins the pursuit in place (status won, same stage):
        // it leaves the stage but enters none, so only steps that leave the pursuit open are entries.
        StageMove[] entering = [StageMove.Opened, StageMove.Advanced, StageMove.Overridden];
        StageMove[] leaving = [StageMove.Advanced, StageMove.Overridden, StageMove.Won];
        var entries = db.StageChanges.AsNoTracking()
            .Where(c => entering.Contains(c.Move) && c.Status == OpportunityStatus.Open && c.At >= start && c.At < end);
        var entered = await entries
            .GroupBy(c => c.ToStage)
            .Select(g => new { Stage = g.Key, Count = g.Select(c => c.OpportunityId).Distinct().Count() })
            .ToDictionaryAsync(x => x.Stage, x => x.Count, ct);
        var movedOn = await entries
            .Where(c => db.StageChanges.Any(n => n.OpportunityId == c.OpportunityId && n.FromStage == c.ToStage && n.At >= c.At && leaving.Contains(n.Move)))
            .GroupBy(c => c.ToStage)
            .Select(g => new { Stage = g.Key, Count = g.Select(c => c.OpportunityId).Distinct().Count() })
            .ToDictionaryAsync(x => x.Stage, x => x.Count, ct);

        var customers = await db.Accounts.AsNoTracking().CountAsync(a => a.Status == AccountStatus.Customer, ct);
        var alerts = await orders.HandleAsync(null, 0, ct);
        var care = await CareAsync(today, ct);

        var stages = Stages.All.Select(s => new ProcessStageDto(
            s.Key, s.Number, s.Name, s.IsPursuit,
            open.GetValueOrDefault(s.Key).Count,
            open.GetValueOrDefault(s.Key).Sums ?? [],
            entered.GetValueOrDefault(s.Key),
            movedOn.GetValueOrDefault(s.Key))).ToList();
        return new ProcessOverviewDto(since, until, stages, customers, new ProcessOrdersDto(alerts.OpenOrders, alerts.LateLines, alerts.AtRiskLines), care);
    }

    /// <summary>Stage 10 in four queries whatever the number of customers: the care schedule (three) and the health bands (one).</summary>
    private async Task<ProcessCareDto> CareAsync(DateOnly today, CancellationToken ct)
    {
        var schedule = await Care.CareSchedule.LoadAsync(db, db.Accounts, ct);
        var customers = db.Accounts.Where(a => a.Status == AccountStatus.Customer).Select(a => a.Id);
        var bands = await db.AccountHealth.AsNoTracking()
            .Where(h => customers.Contains(h.AccountId))
            .GroupBy(h => h.Band)
            .Select(g => new { Band = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Band, x => x.Count, ct);
        var tiers = Care.CarePlacement.TopDown
            .Select(t => new ProcessTierDto(t, schedule.Values.Count(c => c.Tier == t)))
            .ToList();
        var healthy = bands.GetValueOrDefault(Health.HealthBand.Healthy);
        var watch = bands.GetValueOrDefault(Health.HealthBand.Watch);
        var atRisk = bands.GetValueOrDefault(Health.HealthBand.AtRisk);
        return new ProcessCareDto(
            schedule.Count, tiers, schedule.Values.Count(c => c.IsOverdue(today)),
            healthy, watch, atRisk, Math.Max(0, schedule.Count - healthy - watch - atRisk));
    }
}
