using Bridgehead.Common;

namespace Bridgehead.Duplicates;

/// <summary>
/// Two records made one: the merged record's fields and every link moved to the survivor are kept
/// in <see cref="Snapshot"/>, so the merge can be undone until <see cref="UndoUntil"/> and traced
/// for ever after. Visible with the survivor's account.
/// </summary>
public sealed class MergeRecord : Entity
{
    public const int MaxEntityType = 20;
    public const int MaxName = 200;

    /// <summary>"account" or "contact".</summary>
    public required string EntityType { get; set; }

    public long SurvivorId { get; set; }

    /// <summary>The id the merged (removed) record had; an undo brings it back under this id.</summary>
    public long MergedId { get; set; }

    /// <summary>The merged record's name at the time, for the trail.</summary>
    public required string MergedName { get; set; }

    /// <summary>The survivor's account (the survivor itself for accounts): who may read this record.</summary>
    public long AccountId { get; set; }

    /// <summary>JSON: the merged record as it was and the ids of every row moved to the survivor, by table.</summary>
    public required string Snapshot { get; set; }

    public long MergedById { get; set; }

    public DateTime MergedAt { get; set; }

    public DateTime UndoUntil { get; set; }

    public DateTime? UndoneAt { get; set; }

    public long? UndoneById { get; set; }
}
