using System.Text.Json;
using Bridgehead.Common;
using Bridgehead.Data;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Auditing;

/// <summary>One entry of a record's history.</summary>
public sealed record HistoryEntryDto(long Id, DateTime At, long? UserId, string UserName, AuditAction Action, IReadOnlyList<AuditChange> Changes);

/// <summary>
/// The history of one record, newest first. The caller checks first that the record itself is
/// visible; the audit filters then also hide entries made while it lived under an account the
/// caller may not see.
/// </summary>
public sealed class GetHistory(BridgeheadDb db)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Fields that hold a cost or a margin, in any record: dropped from every entry for those who
    /// may not see costs (<see cref="Identity.Viewer.SeesCosts"/>).
    /// </summary>
    public static readonly IReadOnlySet<string> CostFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "unitCost", "costTotal", "margin", "marginPercent",
    };

    /// <summary>Fields that hold a price, in any record: dropped for those who may not see prices (<see cref="Identity.Viewer.SeesPrices"/>).</summary>
    public static readonly IReadOnlySet<string> PriceFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "unitPrice", "listPrice", "lineTotal", "total", "subtotal", "lines",
    };

    public async Task<Page<HistoryEntryDto>> HandleAsync(string entityType, long entityId, PageRequest page, CancellationToken ct)
    {
        var rows = await db.AuditEntries.AsNoTracking()
            .Where(e => e.EntityType == entityType && e.EntityId == entityId)
            .ToPageAsync(e => e.Id, e => e.Id, descending: true, page,
                e => new { e.Id, e.At, e.UserId, e.UserName, e.Action, e.Changes },
                e => (e.Id, e.Id), ct);
        var seesCosts = db.Viewer?.SeesCosts ?? false;
        var seesPrices = db.Viewer?.SeesPrices ?? false;
        var items = rows.Items
            .Select(e => new HistoryEntryDto(e.Id, e.At, e.UserId, e.UserName, e.Action,
                [.. (JsonSerializer.Deserialize<List<AuditChange>>(e.Changes, Json) ?? []).Where(c => (seesCosts || !CostFields.Contains(c.Field)) && (seesPrices || !PriceFields.Contains(c.Field)))]))
            .ToList();
        return new Page<HistoryEntryDto>(items, rows.NextCursor);
    }
}
