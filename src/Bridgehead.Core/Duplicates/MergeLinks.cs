using System.Globalization;
using System.Linq.Expressions;
using System.Text.Json;
using Bridgehead.Accounts;
using AccountEntity = Bridgehead.Accounts.Account;
using ContactEntity = Bridgehead.Contacts.Contact;
using Bridgehead.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Bridgehead.Duplicates;

/// <summary>One column that points at an account or a contact, and so moves in a merge.</summary>
public sealed record MergeLink(Type Entity, string Property);

/// <summary>
/// Every column that points at an account or a contact: the foreign keys and the copies of the
/// account id that records keep for visibility. A merge moves each of them from the merged record
/// to the survivor; a test fails when the model gains such a column that is not listed here.
/// </summary>
public static class MergeLinks
{
    /// <summary>What points at an account (foreign keys and denormalised account ids).</summary>
    public static IReadOnlyList<MergeLink> Account { get; } =
    [
        new(typeof(AccountEntity), nameof(AccountEntity.ParentId)),
        new(typeof(AccountTeamMember), nameof(AccountTeamMember.AccountId)),
        new(typeof(AccountApplication), nameof(AccountApplication.AccountId)),
        new(typeof(ContactEntity), nameof(ContactEntity.AccountId)),
        new(typeof(Pursuits.Opportunity), nameof(Pursuits.Opportunity.AccountId)),
        new(typeof(Pursuits.OpportunityPartner), nameof(Pursuits.OpportunityPartner.PartnerAccountId)),
        new(typeof(Activities.Activity), nameof(Activities.Activity.AccountId)),
        new(typeof(Activities.TaskItem), nameof(Activities.TaskItem.AccountId)),
        new(typeof(Wallet.SupplierShare), nameof(Wallet.SupplierShare.AccountId)),
        new(typeof(Wallet.IncumbentEvent), nameof(Wallet.IncumbentEvent.AccountId)),
        new(typeof(BuyingCenter.BuyingCenterMember), nameof(BuyingCenter.BuyingCenterMember.AccountId)),
        new(typeof(References.ReferenceCase), nameof(References.ReferenceCase.AccountId)),
        new(typeof(Needs.OpportunityNeeds), nameof(Needs.OpportunityNeeds.AccountId)),
        new(typeof(ProductRequests.ProductRequestAccount), nameof(ProductRequests.ProductRequestAccount.AccountId)),
        new(typeof(ProductRequests.ProductRequestOpportunity), nameof(ProductRequests.ProductRequestOpportunity.AccountId)),
        new(typeof(Quotes.Quote), nameof(Quotes.Quote.AccountId)),
        new(typeof(Feedback.FeedbackItem), nameof(Feedback.FeedbackItem.AccountId)),
        new(typeof(Negotiation.NegotiationTerm), nameof(Negotiation.NegotiationTerm.AccountId)),
        new(typeof(Negotiation.NegotiationOffer), nameof(Negotiation.NegotiationOffer.AccountId)),
        new(typeof(Negotiation.Concession), nameof(Negotiation.Concession.AccountId)),
        new(typeof(Trials.TrialPhase), nameof(Trials.TrialPhase.AccountId)),
        new(typeof(Trials.TrialFinding), nameof(Trials.TrialFinding.AccountId)),
        new(typeof(Contracts.Contract), nameof(Contracts.Contract.AccountId)),
        new(typeof(Contracts.ContractLine), nameof(Contracts.ContractLine.AccountId)),
        new(typeof(Orders.Order), nameof(Orders.Order.AccountId)),
        new(typeof(Orders.OrderLine), nameof(Orders.OrderLine.AccountId)),
        new(typeof(Orders.Delivery), nameof(Orders.Delivery.AccountId)),
        new(typeof(Competitors.CompetitorMove), nameof(Competitors.CompetitorMove.AccountId)),
        new(typeof(Incidents.Incident), nameof(Incidents.Incident.AccountId)),
        new(typeof(Incidents.IncidentStep), nameof(Incidents.IncidentStep.AccountId)),
        new(typeof(Health.AccountHealth), nameof(Health.AccountHealth.AccountId)),
        new(typeof(Health.HealthSnapshot), nameof(Health.HealthSnapshot.AccountId)),
        new(typeof(MergeRecord), nameof(MergeRecord.AccountId)),
    ];

    /// <summary>What points at a contact. Contacts merge within one account, so their account-id copies stay.</summary>
    public static IReadOnlyList<MergeLink> Contact { get; } =
    [
        new(typeof(Activities.Activity), nameof(Activities.Activity.ContactId)),
        new(typeof(Activities.TaskItem), nameof(Activities.TaskItem.ContactId)),
        new(typeof(BuyingCenter.BuyingCenterMember), nameof(BuyingCenter.BuyingCenterMember.ContactId)),
        new(typeof(Feedback.FeedbackItem), nameof(Feedback.FeedbackItem.ContactId)),
    ];

    /// <summary>
    /// Account ids a merge leaves alone on purpose: the audit trail is re-pointed by the merge
    /// itself (and put back by an undo), and an event in the outbox stays what it was when it was raised.
    /// </summary>
    public static IReadOnlyList<MergeLink> Untouched { get; } =
    [
        new(typeof(Auditing.AuditEntry), nameof(Auditing.AuditEntry.AccountId)),
        new(typeof(Notifications.OutboxEvent), nameof(Notifications.OutboxEvent.AccountId)),
    ];
}

/// <summary>The rows a merge moved, dropped (a link the survivor already had) and added, by table; what an undo reverses.</summary>
public sealed class MergeSnapshot
{
    /// <summary>The merged record's fields as they were.</summary>
    public Dictionary<string, JsonElement> Record { get; set; } = [];

    /// <summary>The survivor's fields that took the merged record's value, as they were before.</summary>
    public Dictionary<string, JsonElement> Survivor { get; set; } = [];

    public List<MovedRows> Moved { get; set; } = [];

    public List<SavedRow> Dropped { get; set; } = [];

    public List<SavedRow> Added { get; set; } = [];

    /// <summary>Audit entries whose account id moved to the survivor.</summary>
    public List<long> AuditAccount { get; set; } = [];

    /// <summary>Audit entries of the merged record itself, now read as the survivor's history.</summary>
    public List<long> AuditEntity { get; set; } = [];
}

/// <summary>Rows of one table whose <see cref="Property"/> now points at the survivor, by key.</summary>
public sealed record MovedRows(string Entity, string Property, List<string> Keys);

/// <summary>A whole row, kept to be put back (dropped) or found again (added).</summary>
public sealed record SavedRow(string Entity, Dictionary<string, JsonElement> Values);

/// <summary>Moves the rows of the listed links from one record to another through the change tracker (so each moved record is audited) and undoes that.</summary>
internal sealed class LinkMover(BridgeheadDb db, MergeSnapshot snapshot)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    /// <summary>Moves every row pointing at <paramref name="from"/> to <paramref name="to"/>; a row whose move would break a unique key is dropped and kept in the snapshot.</summary>
    public async Task MoveAsync(MergeLink link, long from, long to, object? skip, CancellationToken ct)
    {
        var type = db.Model.FindEntityType(link.Entity) ?? throw new InvalidOperationException($"{link.Entity} is not in the model.");
        var property = type.FindProperty(link.Property)!;
        var rows = await LoadAsync(type, property, from, ct);
        rows.RemoveAll(r => ReferenceEquals(r, skip));
        if (rows.Count == 0)
        {
            return;
        }
        var uniques = UniqueKeys(type, property);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        if (uniques.Count > 0)
        {
            foreach (var row in await LoadAsync(type, property, to, ct))
            {
                taken.UnionWith(uniques.Select(u => UniqueValue(u, property, db.Entry(row))).OfType<string>());
            }
        }
        var inKey = type.FindPrimaryKey()!.Properties.Contains(property);
        var moved = new MovedRows(type.ClrType.FullName!, link.Property, []);
        foreach (var row in rows)
        {
            var entry = db.Entry(row);
            var values = uniques.Select(u => UniqueValue(u, property, entry)).OfType<string>().ToList();
            if (values.Any(taken.Contains))
            {
                snapshot.Dropped.Add(Save(entry));
                entry.State = EntityState.Deleted;
                continue;
            }
            taken.UnionWith(values);
            if (inKey)
            {
                // A key cannot change in place: the row is removed and added again under the survivor.
                snapshot.Dropped.Add(Save(entry));
                entry.State = EntityState.Deleted;
                var copy = Restore(type, Save(entry).Values);
                db.Entry(copy).Property(link.Property).CurrentValue = to;
                db.Add(copy);
                snapshot.Added.Add(Save(db.Entry(copy)));
                continue;
            }
            entry.Property(link.Property).CurrentValue = to;
            moved.Keys.Add(Key(entry));
        }
        if (moved.Keys.Count > 0)
        {
            snapshot.Moved.Add(moved);
        }
    }

    /// <summary>The keys of the rows whose column of <paramref name="link"/> holds the id, sorted (for checks and tests).</summary>
    public async Task<List<string>> KeysAsync(MergeLink link, long id, CancellationToken ct)
    {
        var type = db.Model.FindEntityType(link.Entity)!;
        var rows = await LoadAsync(type, type.FindProperty(link.Property)!, id, ct);
        return [.. rows.Select(r => Key(db.Entry(r))).Order(StringComparer.Ordinal)];
    }

    /// <summary>Puts back onto <paramref name="back"/> exactly the rows moved off it that still point at <paramref name="from"/>.</summary>
    public async Task MoveBackAsync(MovedRows moved, long from, long back, CancellationToken ct)
    {
        var type = TypeOf(moved.Entity);
        var property = type.FindProperty(moved.Property)!;
        var keys = moved.Keys.ToHashSet(StringComparer.Ordinal);
        foreach (var row in await LoadAsync(type, property, from, ct))
        {
            var entry = db.Entry(row);
            if (keys.Contains(Key(entry)))
            {
                entry.Property(moved.Property).CurrentValue = back;
            }
        }
    }

    /// <summary>Removes a row the merge added, when it is still there.</summary>
    public async Task RemoveAddedAsync(SavedRow added, CancellationToken ct)
    {
        var type = TypeOf(added.Entity);
        var keyValues = type.FindPrimaryKey()!.Properties
            .Select(p => added.Values[p.Name].Deserialize(p.ClrType, Json)!).ToArray();
        var row = await db.FindAsync(type.ClrType, keyValues, ct);
        if (row is not null)
        {
            db.Remove(row);
        }
    }

    /// <summary>Adds back a row the merge dropped, under its old key.</summary>
    public object PutBack(SavedRow dropped)
    {
        var row = Restore(TypeOf(dropped.Entity), dropped.Values);
        db.Add(row);
        return row;
    }

    public IEntityType TypeOf(string name) =>
        db.Model.GetEntityTypes().FirstOrDefault(t => t.ClrType.FullName == name && !t.IsOwned())
        ?? throw new InvalidOperationException($"{name} is not in the model.");

    /// <summary>Every non-shadow property's value, as JSON.</summary>
    public static SavedRow Save(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry) =>
        new(entry.Metadata.ClrType.FullName!, entry.Properties
            .Where(p => !p.Metadata.IsShadowProperty())
            .ToDictionary(p => p.Metadata.Name, p => JsonSerializer.SerializeToElement(entry.State == EntityState.Added ? p.CurrentValue : p.OriginalValue, p.Metadata.ClrType, Json), StringComparer.Ordinal));

    /// <summary>A new, detached instance with the saved values.</summary>
    public object Restore(IEntityType type, Dictionary<string, JsonElement> values)
    {
        var row = Activator.CreateInstance(type.ClrType)!;
        var entry = db.Entry(row);
        foreach (var p in type.GetProperties().Where(p => !p.IsShadowProperty()))
        {
            if (values.TryGetValue(p.Name, out var value))
            {
                entry.Property(p.Name).CurrentValue = value.Deserialize(p.ClrType, Json);
            }
        }
        return row;
    }

    private static string Key(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry) =>
        string.Join('|', entry.Metadata.FindPrimaryKey()!.Properties.Select(p => System.Convert.ToString(entry.Property(p.Name).CurrentValue, CultureInfo.InvariantCulture)));

    /// <summary>The primary key and unique indexes that hold the moving column.</summary>
    private static List<IReadOnlyList<IProperty>> UniqueKeys(IEntityType type, IProperty property)
    {
        var keys = new List<IReadOnlyList<IProperty>>();
        keys.AddRange(type.GetKeys().Where(k => k.Properties.Contains(property)).Select(k => k.Properties));
        keys.AddRange(type.GetIndexes().Where(i => i.IsUnique && i.Properties.Contains(property)).Select(i => i.Properties));
        return keys;
    }

    /// <summary>The row's values of a unique key, leaving out the moving column; null when one is null (nulls never clash).</summary>
    private static string? UniqueValue(IReadOnlyList<IProperty> key, IProperty moving, Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry)
    {
        var parts = new List<string>();
        foreach (var p in key.Where(p => p != moving))
        {
            var value = entry.Property(p.Name).CurrentValue;
            if (value is null)
            {
                return null;
            }
            parts.Add(p.Name + "=" + System.Convert.ToString(value, CultureInfo.InvariantCulture));
        }
        return string.Join('|', parts);
    }

    /// <summary>Every row of the table whose column equals the id, whoever may see it, tracked.</summary>
    private async Task<List<object>> LoadAsync(IEntityType type, IProperty property, long id, CancellationToken ct)
    {
        var method = typeof(LinkMover).GetMethod(nameof(LoadTypedAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .MakeGenericMethod(type.ClrType);
        return await (Task<List<object>>)method.Invoke(this, [property, id, ct])!;
    }

    private async Task<List<object>> LoadTypedAsync<T>(IProperty property, long id, CancellationToken ct)
        where T : class
    {
        var e = Expression.Parameter(typeof(T), "e");
        var column = Expression.Call(typeof(EF), nameof(EF.Property), [property.ClrType], e, Expression.Constant(property.Name));
        var holder = new IdHolder(id);
        Expression value = Expression.Property(Expression.Constant(holder), nameof(IdHolder.Id));
        if (property.ClrType != typeof(long))
        {
            value = Expression.Convert(value, property.ClrType);
        }
        var where = Expression.Lambda<Func<T, bool>>(Expression.Equal(column, value), e);
        var rows = await db.Set<T>().IgnoreQueryFilters().Where(where).ToListAsync(ct);
        return [.. rows.Cast<object>()];
    }

    /// <summary>Holds the id so EF sends it as a parameter, not as a literal in the SQL.</summary>
    private sealed class IdHolder(long id)
    {
        public long Id { get; } = id;
    }
}
