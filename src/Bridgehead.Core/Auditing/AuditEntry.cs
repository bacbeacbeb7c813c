namespace Bridgehead.Auditing;

/// <summary>What happened to a record.</summary>
public enum AuditAction
{
    Created,
    Updated,
    Deleted,
}

/// <summary>One change to a business record: who, when, and each field's old and new value.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTime At { get; set; }

    /// <summary>Null for changes made by the command line or the system itself.</summary>
    public long? UserId { get; set; }

    /// <summary>The name at the time, so the trail reads right after a user is renamed.</summary>
    public required string UserName { get; set; }

    /// <summary>The record's kind, as named in the API: account, contact, opportunity, activity, task, user, team.</summary>
    public required string EntityType { get; set; }

    public long EntityId { get; set; }

    /// <summary>The account the record belongs to, which decides who may read this entry.</summary>
    public long? AccountId { get; set; }

    public AuditAction Action { get; set; }

    /// <summary>JSON array of <see cref="AuditChange"/>.</summary>
    public required string Changes { get; set; }
}

/// <summary>One field's change; values are written as text in an invariant form.</summary>
public sealed record AuditChange(string Field, string? Old, string? New);

/// <summary>A record that is audited as part of another (an account's team members belong to the account).</summary>
public interface IAuditedPart
{
    string ParentType { get; }

    /// <summary>The name of the property holding the parent's id.</summary>
    string ParentKeyProperty { get; }

    /// <summary>True when the parent is itself an account, so its id is also the account id.</summary>
    bool ParentIsAccount { get; }

    /// <summary>The parent's field this part fills, e.g. teamMembers.</summary>
    string Field { get; }

    /// <summary>How the part reads in the trail, e.g. the user id.</summary>
    string Value { get; }
}
