using System.Globalization;
using System.Text.Json;
using Bridgehead.Accounts;
using Bridgehead.Auditing;
using Bridgehead.Common;
using Bridgehead.Contacts;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Bridgehead.Duplicates;

/// <summary>A merge as the trace shows it.</summary>
public sealed record MergeDto(
    long Id, string EntityType, long SurvivorId, long MergedId, string MergedName, long AccountId,
    long MergedById, string MergedByName, DateTime MergedAt, DateTime UndoUntil, DateTime? UndoneAt, long? UndoneById,
    bool CanUndo, long? SurvivorVersion);

/// <summary>What to merge into the survivor: the other record, and per field whose value stays ("survivor", the default, or "merged").</summary>
public sealed record MergeInput(long? MergedId, Dictionary<string, string>? Fields);

/// <summary>The fields whose surviving value may be chosen, by JSON name, with their property.</summary>
public static class MergeFields
{
    public static IReadOnlyList<string> Account { get; } =
        ["name", "type", "industry", "employees", "country", "city", "website", "status", "parentId", "executiveSponsorId", "notes", "externalId"];

    public static IReadOnlyList<string> Contact { get; } =
        ["name", "title", "department", "buyingRole", "influence", "stance", "pains", "email", "phone", "externalId"];

    public static string Property(string field) => char.ToUpperInvariant(field[0]) + field[1..];
}

/// <summary>
/// The work shared by account and contact merges: validate, move every link, delete the merged
/// record, keep the snapshot, and the reverse for an undo. All in one transaction.
/// </summary>
internal static class MergeWork
{
    public const string Survivor = "survivor";
    public const string Merged = "merged";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    public static readonly TimeSpan UndoWindow = TimeSpan.FromHours(24);

    public static void Validate(MergeInput input, long survivorId, IReadOnlyList<string> fields)
    {
        var v = new Validator();
        if (input.MergedId is not { } merged)
        {
            v.Add("mergedId", CommonText.Required);
        }
        else if (merged == survivorId)
        {
            v.Add("mergedId", DuplicatesText.MergeWithItself);
        }
        foreach (var (field, choice) in input.Fields ?? [])
        {
            if (!fields.Contains(field))
            {
                v.Add("fields." + field, CommonText.UnknownValue);
            }
            else if (choice is not (Survivor or Merged))
            {
                v.Add("fields." + field, DuplicatesText.ChoiceSurvivorOrMerged);
            }
        }
        v.ThrowIfInvalid();
    }

    /// <summary>Copies the chosen fields of the merged record onto the survivor, keeping the survivor's old values in the snapshot.</summary>
    public static void TakeFields(BridgeheadDb db, Entity survivor, MergeSnapshot snapshot, Dictionary<string, string>? fields)
    {
        var entry = db.Entry(survivor);
        // What hangs on the survivor changed even when none of its fields did: its version (the ETag) moves.
        entry.Property(e => e.UpdatedAt).IsModified = true;
        foreach (var (field, choice) in fields ?? [])
        {
            if (choice != Merged)
            {
                continue;
            }
            var name = MergeFields.Property(field);
            Remember(entry, snapshot, name);
            var property = entry.Metadata.FindProperty(name)!;
            entry.Property(name).CurrentValue = snapshot.Record[name].Deserialize(property.ClrType, Json);
            if (name == "Name")
            {
                Remember(entry, snapshot, "SearchName");
                entry.Property("SearchName").CurrentValue = Text.SearchKey((string)entry.Property(name).CurrentValue!);
            }
        }
    }

    public static void Remember(EntityEntry entry, MergeSnapshot snapshot, string name)
    {
        var p = entry.Property(name);
        snapshot.Survivor.TryAdd(name, JsonSerializer.SerializeToElement(p.CurrentValue, p.Metadata.ClrType, Json));
    }

    /// <summary>Re-points the merged record's trail to the survivor: its own entries, and entries under its account.</summary>
    public static async Task RepointAuditAsync(BridgeheadDb db, string entityType, long mergedId, long survivorId, bool account, MergeSnapshot snapshot, CancellationToken ct)
    {
        var audit = db.AuditEntries.IgnoreQueryFilters();
        snapshot.AuditEntity = await audit.Where(e => e.EntityType == entityType && e.EntityId == mergedId).Select(e => e.Id).ToListAsync(ct);
        if (account)
        {
            snapshot.AuditAccount = await audit.Where(e => e.AccountId == mergedId).Select(e => e.Id).ToListAsync(ct);
        }
        foreach (var chunk in snapshot.AuditEntity.Chunk(500))
        {
            await audit.Where(e => chunk.Contains(e.Id)).ExecuteUpdateAsync(s => s.SetProperty(e => e.EntityId, survivorId), ct);
        }
        foreach (var chunk in snapshot.AuditAccount.Chunk(500))
        {
            await audit.Where(e => chunk.Contains(e.Id)).ExecuteUpdateAsync(s => s.SetProperty(e => e.AccountId, survivorId), ct);
        }
    }

    public static async Task RestoreAuditAsync(BridgeheadDb db, long mergedId, MergeSnapshot snapshot, CancellationToken ct)
    {
        var audit = db.AuditEntries.IgnoreQueryFilters();
        foreach (var chunk in snapshot.AuditEntity.Chunk(500))
        {
            await audit.Where(e => chunk.Contains(e.Id)).ExecuteUpdateAsync(s => s.SetProperty(e => e.EntityId, mergedId), ct);
        }
        foreach (var chunk in snapshot.AuditAccount.Chunk(500))
        {
            await audit.Where(e => chunk.Contains(e.Id)).ExecuteUpdateAsync(s => s.SetProperty(e => e.AccountId, mergedId), ct);
        }
    }

    /// <summary>An entry in the survivor's history naming what happened to it.</summary>
    public static void Note(BridgeheadDb db, string entityType, long survivorId, long? accountId, string field, string? value)
    {
        var viewer = db.Viewer ?? Viewer.System;
        db.AuditEntries.Add(new AuditEntry
        {
            At = db.Clock.GetUtcNow().UtcDateTime,
            UserId = viewer.UserId,
            UserName = viewer.Name,
            EntityType = entityType,
            EntityId = survivorId,
            AccountId = accountId,
            Action = AuditAction.Updated,
            Changes = JsonSerializer.Serialize(new[] { new AuditChange(field, null, value) }, WebJson),
        });
    }

    public static string Named(string name, long id) => string.Create(CultureInfo.InvariantCulture, $"{name} (#{id})");

    public static MergeRecord Record(BridgeheadDb db, string entityType, long survivorId, long mergedId, string mergedName, long accountId, MergeSnapshot snapshot)
    {
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var record = new MergeRecord
        {
            EntityType = entityType,
            SurvivorId = survivorId,
            MergedId = mergedId,
            MergedName = Text.Excerpt(mergedName, MergeRecord.MaxName),
            AccountId = accountId,
            Snapshot = JsonSerializer.Serialize(snapshot, Json),
            MergedById = db.Viewer?.UserId ?? 0,
            MergedAt = now,
            UndoUntil = now + UndoWindow,
        };
        db.MergeRecords.Add(record);
        return record;
    }

    public static MergeSnapshot Read(MergeRecord record) =>
        JsonSerializer.Deserialize<MergeSnapshot>(record.Snapshot, Json) ?? new MergeSnapshot();

    /// <summary>Undoes the moves of <paramref name="snapshot"/>: removes the rows added, moves back the rows moved, puts back the rows dropped.</summary>
    public static async Task<List<object>> ReverseLinksAsync(BridgeheadDb db, LinkMover mover, MergeSnapshot snapshot, long survivorId, long mergedId, CancellationToken ct)
    {
        foreach (var added in snapshot.Added)
        {
            await mover.RemoveAddedAsync(added, ct);
        }
        foreach (var moved in snapshot.Moved)
        {
            await mover.MoveBackAsync(moved, survivorId, mergedId, ct);
        }
        await db.SaveAsync(ct);
        var putBack = snapshot.Dropped.Select(mover.PutBack).ToList();
        await db.SaveAsync(ct);
        return putBack;
    }

    /// <summary>Gives re-created records their first creation time again (the save stamps new records with now).</summary>
    public static async Task RestoreCreatedAtAsync(BridgeheadDb db, IEnumerable<(object Row, Dictionary<string, JsonElement> Values)> rows, CancellationToken ct)
    {
        var any = false;
        foreach (var (row, values) in rows)
        {
            if (row is Entity entity && values.TryGetValue(nameof(Entity.CreatedAt), out var created))
            {
                entity.CreatedAt = created.Deserialize<DateTime>(Json);
                any = true;
            }
        }
        if (any)
        {
            await db.SaveAsync(ct);
        }
    }

    public static async Task<MergeDto> ToDtoAsync(BridgeheadDb db, MergeRecord m, CancellationToken ct)
    {
        var names = await db.Users.AsNoTracking().Where(u => u.Id == m.MergedById).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
        var version = m.EntityType == "account"
            ? await db.Accounts.AsNoTracking().Where(a => a.Id == m.SurvivorId).Select(a => (long?)a.Version).FirstOrDefaultAsync(ct)
            : await db.Contacts.AsNoTracking().Where(a => a.Id == m.SurvivorId).Select(a => (long?)a.Version).FirstOrDefaultAsync(ct);
        return Dto(m, names ?? "", version, db.Viewer, db.Clock.GetUtcNow().UtcDateTime, null);
    }

    public static MergeDto Dto(MergeRecord m, string mergedByName, long? survivorVersion, Viewer? viewer, DateTime now, long? mergerTeamId) =>
        new(m.Id, m.EntityType, m.SurvivorId, m.MergedId, m.MergedName, m.AccountId, m.MergedById, mergedByName, m.MergedAt,
            m.UndoUntil, m.UndoneAt, m.UndoneById,
            m.UndoneAt is null && now < m.UndoUntil && viewer is not null && viewer.CanEditSales
                && (viewer.IsAdmin || viewer.UserId == m.MergedById || (viewer.ManagedTeamId is { } t && t == mergerTeamId)),
            survivorVersion);
}

/// <summary>
/// Merges one account into another: every record under the merged account moves to the survivor
/// (contacts, pursuits, the timeline, orders, incidents, shares, …), the chosen fields are copied,
/// the merged account is deleted, and the merge can be undone for 24 hours.
/// </summary>
public sealed class MergeAccounts(BridgeheadDb db, Fit.RecomputeAccountFit fit)
{
    public async Task<MergeDto> HandleAsync(long survivorId, long? expectedVersion, MergeInput input, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var survivor = await db.Accounts.FirstOrDefaultAsync(a => a.Id == survivorId, ct) ?? throw new NotFoundException("account");
        MergeWork.Validate(input, survivorId, MergeFields.Account);
        var merged = await db.Accounts.FirstOrDefaultAsync(a => a.Id == input.MergedId, ct) ?? throw new NotFoundException("account");
        Concurrency.Expect(db, survivor, expectedVersion);

        var snapshot = new MergeSnapshot { Record = LinkMover.Save(db.Entry(merged)).Values };
        var mover = new LinkMover(db, snapshot);
        MergeRecord? record = null;
        await db.InTransactionAsync(async () =>
        {
            // The survivor cannot become its own parent.
            if (survivor.ParentId == merged.Id)
            {
                MergeWork.Remember(db.Entry(survivor), snapshot, nameof(Account.ParentId));
                survivor.ParentId = merged.ParentId == survivor.Id ? null : merged.ParentId;
            }
            foreach (var link in MergeLinks.Account)
            {
                await mover.MoveAsync(link, merged.Id, survivor.Id, skip: link.Entity == typeof(Account) ? survivor : null, ct);
            }
            await db.SaveAsync(ct);
            // The merged account's owner keeps seeing the records they worked on, as one of the survivor's team.
            if (merged.OwnerId != survivor.OwnerId
                && !await db.AccountTeamMembers.AnyAsync(m => m.AccountId == survivor.Id && m.UserId == merged.OwnerId, ct))
            {
                var member = new AccountTeamMember { AccountId = survivor.Id, UserId = merged.OwnerId };
                db.AccountTeamMembers.Add(member);
                snapshot.Added.Add(LinkMover.Save(db.Entry(member)));
                await db.SaveAsync(ct);
            }
            await db.Accounts.IgnoreQueryFilters().Where(a => a.Id == merged.Id).ExecuteDeleteAsync(ct);
            db.Entry(merged).State = EntityState.Detached;
            MergeWork.TakeFields(db, survivor, snapshot, input.Fields);
            if (input.Fields?.GetValueOrDefault("parentId") == MergeWork.Merged && survivor.ParentId == survivor.Id)
            {
                survivor.ParentId = null;
            }
            // The merged account's subsidiaries now hang under the survivor: when one of them is above
            // the survivor (the merged account was its grandparent or higher, or its parent was taken),
            // the hierarchy would close a loop, so the survivor goes to the top instead.
            if (await ClosesLoopAsync(survivor, ct))
            {
                MergeWork.Remember(db.Entry(survivor), snapshot, nameof(Account.ParentId));
                survivor.ParentId = null;
            }
            await db.SaveAsync(ct);
            await MergeWork.RepointAuditAsync(db, "account", merged.Id, survivor.Id, account: true, snapshot, ct);
            MergeWork.Note(db, "account", survivor.Id, survivor.Id, "merged", MergeWork.Named(merged.Name, merged.Id));
            record = MergeWork.Record(db, "account", survivor.Id, merged.Id, merged.Name, survivor.Id, snapshot);
            await db.SaveAsync(ct);
            await fit.HandleAsync(survivor.Id, ct);
        }, ct);
        return await MergeWork.ToDtoAsync(db, record!, ct);
    }

    /// <summary>Whether walking up from the survivor's parent (as saved, after the moves) comes back to the survivor.</summary>
    private async Task<bool> ClosesLoopAsync(Account survivor, CancellationToken ct)
    {
        var cursor = survivor.ParentId;
        for (var depth = 0; cursor is { } current && depth < 50; depth++)
        {
            if (current == survivor.Id)
            {
                return true;
            }
            cursor = await db.Accounts.IgnoreQueryFilters().Where(a => a.Id == current).Select(a => a.ParentId).FirstOrDefaultAsync(ct);
        }
        return false;
    }
}

/// <summary>
/// Merges one contact into another at the same account: the timeline, tasks, buying-center seats and
/// feedback move to the survivor; a seat the survivor already has in a pursuit is dropped (and kept
/// for an undo). Contacts at different accounts are not merged: move one first.
/// </summary>
public sealed class MergeContacts(BridgeheadDb db)
{
    public async Task<MergeDto> HandleAsync(long survivorId, long? expectedVersion, MergeInput input, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var survivor = await db.Contacts.FirstOrDefaultAsync(c => c.Id == survivorId, ct) ?? throw new NotFoundException("contact");
        MergeWork.Validate(input, survivorId, MergeFields.Contact);
        var merged = await db.Contacts.FirstOrDefaultAsync(c => c.Id == input.MergedId, ct) ?? throw new NotFoundException("contact");
        if (merged.AccountId != survivor.AccountId)
        {
            throw ValidationException.For("mergedId", DuplicatesText.ContactOfOtherAccount);
        }
        Concurrency.Expect(db, survivor, expectedVersion);

        var snapshot = new MergeSnapshot { Record = LinkMover.Save(db.Entry(merged)).Values };
        var mover = new LinkMover(db, snapshot);
        MergeRecord? record = null;
        await db.InTransactionAsync(async () =>
        {
            foreach (var link in MergeLinks.Contact)
            {
                await mover.MoveAsync(link, merged.Id, survivor.Id, skip: null, ct);
            }
            await db.SaveAsync(ct);
            await db.Contacts.IgnoreQueryFilters().Where(c => c.Id == merged.Id).ExecuteDeleteAsync(ct);
            db.Entry(merged).State = EntityState.Detached;
            MergeWork.TakeFields(db, survivor, snapshot, input.Fields);
            await db.SaveAsync(ct);
            await MergeWork.RepointAuditAsync(db, "contact", merged.Id, survivor.Id, account: false, snapshot, ct);
            MergeWork.Note(db, "contact", survivor.Id, survivor.AccountId, "merged", MergeWork.Named(merged.Name, merged.Id));
            record = MergeWork.Record(db, "contact", survivor.Id, merged.Id, merged.Name, survivor.AccountId, snapshot);
            await db.SaveAsync(ct);
        }, ct);
        return await MergeWork.ToDtoAsync(db, record!, ct);
    }
}

/// <summary>
/// Undoes a merge within 24 hours: the merged record comes back under its old id with its fields,
/// exactly the rows that were moved go back, dropped links return, and the survivor's fields are
/// put back. Records made on the survivor since stay with it. By the merger, a manager of their
/// team or an admin.
/// </summary>
public sealed class UndoMerge(BridgeheadDb db, Fit.RecomputeAccountFit fit)
{
    public async Task<MergeDto> HandleAsync(long mergeId, CancellationToken ct)
    {
        var viewer = Access.RequireSalesWriter(db.Viewer);
        var merge = await db.MergeRecords.FirstOrDefaultAsync(m => m.Id == mergeId, ct) ?? throw new NotFoundException("merge");
        var mergerTeam = await db.Users.AsNoTracking().Where(u => u.Id == merge.MergedById).Select(u => u.TeamId).FirstOrDefaultAsync(ct);
        if (!viewer.IsAdmin && viewer.UserId != merge.MergedById && !(viewer.ManagedTeamId is { } t && t == mergerTeam))
        {
            throw new ForbiddenException(DuplicatesText.UndoNotYours);
        }
        if (merge.UndoneAt is not null)
        {
            throw new ConflictException([DuplicatesText.AlreadyUndone]);
        }
        var now = db.Clock.GetUtcNow().UtcDateTime;
        if (now >= merge.UndoUntil)
        {
            throw new ConflictException([DuplicatesText.UndoExpired]);
        }
        var account = merge.EntityType == "account";
        Entity? survivor = account
            ? await db.Accounts.IgnoreQueryFilters().FirstOrDefaultAsync(a => a.Id == merge.SurvivorId, ct)
            : await db.Contacts.IgnoreQueryFilters().FirstOrDefaultAsync(c => c.Id == merge.SurvivorId, ct);
        if (survivor is null)
        {
            throw new ConflictException([DuplicatesText.SurvivorGone]);
        }
        var snapshot = MergeWork.Read(merge);
        var mover = new LinkMover(db, snapshot);
        await db.InTransactionAsync(async () =>
        {
            var entry = db.Entry(survivor);
            foreach (var (name, value) in snapshot.Survivor)
            {
                entry.Property(name).CurrentValue = value.Deserialize(entry.Metadata.FindProperty(name)!.ClrType);
            }
            await db.SaveAsync(ct);
            var type = mover.TypeOf((account ? typeof(Account) : typeof(Contact)).FullName!);
            var restored = mover.Restore(type, snapshot.Record);
            db.Add(restored);
            await db.SaveAsync(ct);
            var putBack = await MergeWork.ReverseLinksAsync(db, mover, snapshot, merge.SurvivorId, merge.MergedId, ct);
            await MergeWork.RestoreAuditAsync(db, merge.MergedId, snapshot, ct);
            await MergeWork.RestoreCreatedAtAsync(db,
                [(restored, snapshot.Record), .. putBack.Zip(snapshot.Dropped, (row, saved) => (row, saved.Values))], ct);
            MergeWork.Note(db, merge.EntityType, merge.SurvivorId, merge.AccountId, "mergeUndone", MergeWork.Named(merge.MergedName, merge.MergedId));
            merge.UndoneAt = now;
            merge.UndoneById = viewer.UserId;
            await db.SaveAsync(ct);
            if (account)
            {
                await fit.HandleAsync(merge.SurvivorId, ct);
                await fit.HandleAsync(merge.MergedId, ct);
            }
        }, ct);
        return await MergeWork.ToDtoAsync(db, merge, ct);
    }
}

/// <summary>The merges traced on an account (its own and its contacts'), newest first; all the caller sees without one.</summary>
public sealed class ListMerges(BridgeheadDb db)
{
    public async Task<Page<MergeDto>> HandleAsync(long? accountId, PageRequest page, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        var query = db.MergeRecords.AsNoTracking();
        if (accountId is { } a)
        {
            if (!await db.Accounts.AnyAsync(x => x.Id == a, ct))
            {
                throw new NotFoundException("account");
            }
            query = query.Where(m => m.AccountId == a);
        }
        var rows = await query.ToPageAsync(m => m.Id, m => m.Id, descending: true, page,
            m => new { Merge = m, By = db.Users.Where(u => u.Id == m.MergedById).Select(u => new { u.DisplayName, u.TeamId }).FirstOrDefault() },
            x => (x.Merge.Id, x.Merge.Id), ct);
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var items = rows.Items
            .Select(x => MergeWork.Dto(x.Merge, x.By?.DisplayName ?? "", null, db.Viewer, now, x.By?.TeamId))
            .ToList();
        return new Page<MergeDto>(items, rows.NextCursor);
    }
}
