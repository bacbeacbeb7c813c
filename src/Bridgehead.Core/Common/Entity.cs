namespace Bridgehead.Common;

/// <summary>
/// A business record: numbered by the database, versioned for optimistic concurrency
/// (the version is the ETag), stamped with creation and change times.
/// </summary>
public abstract class Entity
{
    public long Id { get; set; }

    /// <summary>Raised by one on every save; a stale version means someone else saved first.</summary>
    public long Version { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>Changes to this record are written to the audit trail.</summary>
public interface IAudited
{
    /// <summary>The account the record belongs to, which decides who may read its history.</summary>
    long? AuditAccountId { get; }
}

/// <summary>A record that lives under an account and is visible exactly when the account is.</summary>
public interface IUnderAccount
{
    long AccountId { get; }
}
