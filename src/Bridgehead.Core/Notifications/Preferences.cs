using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Notifications;

/// <summary>One event as the caller has it: in the inbox, by email, and whether that is their role's default (no choice of their own).</summary>
public sealed record NotificationPreferenceDto(NotificationEvent Event, bool InApp, bool Email, bool IsDefault, bool DefaultInApp, bool DefaultEmail);

/// <summary>One line of PUT /notification-preferences. The event is a camelCase name, checked here so a bad one is named in the answer.</summary>
public sealed record NotificationPreferenceInput(string? Event, bool? InApp, bool? Email);

/// <summary>The caller's choice for every event (their own, or their role's default).</summary>
public sealed class GetNotificationPreferences(BridgeheadDb db)
{
    public async Task<IReadOnlyList<NotificationPreferenceDto>> HandleAsync(CancellationToken ct)
    {
        var viewer = Access.Require(db.Viewer);
        var me = viewer.UserId ?? throw new NotFoundException("user");
        var own = await db.NotificationPreferences.AsNoTracking().Where(p => p.UserId == me).ToDictionaryAsync(p => p.Event, ct);
        return [.. NotificationDefaults.All.Select(e =>
        {
            var (inApp, email, isDefault) = NotificationDefaults.Effective(viewer.Role, own.GetValueOrDefault(e), e);
            var byDefault = NotificationDefaults.IsDefault(viewer.Role, e);
            return new NotificationPreferenceDto(e, inApp, email, isDefault, byDefault, byDefault);
        })];
    }
}

/// <summary>
/// Replaces the caller's choices with the full list sent: each event listed is kept as chosen;
/// an event left out goes back to the role's default. A bad or repeated event is 422, naming it,
/// and nothing changes.
/// </summary>
public sealed class SaveNotificationPreferences(BridgeheadDb db, GetNotificationPreferences get)
{
    public async Task<IReadOnlyList<NotificationPreferenceDto>> HandleAsync(IReadOnlyList<NotificationPreferenceInput>? input, CancellationToken ct)
    {
        var me = Access.Require(db.Viewer).UserId ?? throw new NotFoundException("user");
        var v = new Validator();
        var chosen = new Dictionary<NotificationEvent, NotificationPreferenceInput>();
        var known = string.Join(", ", NotificationDefaults.All.Select(Name));
        for (var i = 0; i < (input?.Count ?? 0); i++)
        {
            var line = input![i];
            var field = $"[{i}].event";
            if (line is null || string.IsNullOrWhiteSpace(line.Event))
            {
                v.Add(field, CommonText.Required);
                continue;
            }
            var what = NotificationDefaults.All.Where(e => Name(e) == line.Event.Trim()).Select(e => (NotificationEvent?)e).FirstOrDefault();
            if (what is not { } e)
            {
                v.Add(field, Validator.Format(NotificationText.UnknownEvent, line.Event, known));
            }
            else if (!chosen.TryAdd(e, line))
            {
                v.Add(field, Validator.Format(NotificationText.DuplicateEvent, line.Event));
            }
        }
        v.ThrowIfInvalid();

        var rows = await db.NotificationPreferences.Where(p => p.UserId == me).ToListAsync(ct);
        foreach (var row in rows.Where(r => !chosen.ContainsKey(r.Event)))
        {
            db.NotificationPreferences.Remove(row);
        }
        foreach (var (e, line) in chosen)
        {
            var row = rows.FirstOrDefault(r => r.Event == e);
            if (row is null)
            {
                row = new NotificationPreference { UserId = me, Event = e };
                db.NotificationPreferences.Add(row);
            }
            row.InApp = line.InApp ?? false;
            row.Email = line.Email ?? false;
        }
        await db.SaveChangesAsync(ct);
        return await get.HandleAsync(ct);
    }

    /// <summary>The camelCase name of an event, as the API writes it.</summary>
    public static string Name(NotificationEvent e) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(e.ToString());
}
