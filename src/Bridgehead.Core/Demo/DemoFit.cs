using System.Globalization;
using Bridgehead.Data;
using Bridgehead.Fit;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Demo;

/// <summary>
/// The invented supplier's ideal customer (it makes boilers, heat exchangers and flow parts):
/// machinery makers, shipyards and builders in Korea and Vietnam with 200-5,000 employees, best of
/// all those building heating and ship systems. Demo accounts get a head count, then every account
/// is scored.
/// </summary>
internal static class DemoFit
{
    /// <summary>Applications that name our sweet spot, by English name (only those the demo taxonomy holds are used).</summary>
    private static readonly string[] TargetApplications =
        ["Condensing boilers", "District heating", "District heating substations", "Heat pumps", "Container ships", "Bulk carriers"];

    public static async Task CreateAsync(BridgeheadDb db, CancellationToken ct)
    {
        foreach (var account in await db.Accounts.Where(a => a.Employees == null).OrderBy(a => a.Id).ToListAsync(ct))
        {
            account.Employees = HeadCount(account.Name, account.ParentId is not null);
        }
        await db.SaveChangesAsync(ct);

        var applications = await db.Applications.AsNoTracking()
            .Where(a => TargetApplications.Contains(a.NameEn))
            .OrderBy(a => a.Id)
            .Select(a => a.Id)
            .ToListAsync(ct);
        db.FitCriteria.AddRange(
            new FitCriterion { Dimension = FitDimension.Industry, Values = ["28", "30", "F"], Weight = 35 },
            new FitCriterion { Dimension = FitDimension.Region, Values = ["KR", "VN"], Weight = 25 },
            new FitCriterion { Dimension = FitDimension.Size, MinEmployees = 200, MaxEmployees = 5000, Weight = 20 });
        if (applications.Count > 0)
        {
            db.FitCriteria.Add(new FitCriterion
            {
                Dimension = FitDimension.Application,
                Values = [.. applications.Select(id => id.ToString(CultureInfo.InvariantCulture))],
                Weight = 20,
            });
        }
        await db.SaveChangesAsync(ct);
        await FitScores.RecomputeAllAsync(db, ct);
    }

    /// <summary>A head count from the name, the same on every run: plants and subsidiaries smaller, groups larger.</summary>
    private static int HeadCount(string name, bool isSubsidiary)
    {
        var seed = name.Aggregate(17, (h, c) => unchecked((h * 31) + c)) & 0x7FFFFFFF;
        int[] sizes = [85, 140, 260, 420, 680, 950, 1_400, 2_300, 3_800, 6_500, 12_000];
        var size = sizes[seed % sizes.Length];
        return isSubsidiary ? Math.Max(60, size / 3) : size;
    }
}
