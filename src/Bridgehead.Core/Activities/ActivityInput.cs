using System.Globalization;
using Bridgehead.Common;
using Bridgehead.Data;

namespace Bridgehead.Activities;

/// <summary>The fields of a timeline entry that people edit; the body of POST and, merged, of PATCH. The author is always the caller.</summary>
public sealed record ActivityInput
{
    public long? AccountId { get; init; }
    public long? ContactId { get; init; }
    public long? OpportunityId { get; init; }
    public ActivityKind? Kind { get; init; }
    public string? Subject { get; init; }
    public string? Body { get; init; }

    /// <summary>When it happened; now when not given.</summary>
    public DateTime? OccurredAt { get; init; }

    /// <summary>The earliest time an activity may have happened.</summary>
    internal static readonly DateTime Earliest = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static ActivityInput From(Activity a) => new()
    {
        AccountId = a.AccountId,
        ContactId = a.ContactId,
        OpportunityId = a.OpportunityId,
        Kind = a.Kind,
        Subject = a.Subject,
        Body = a.Body,
        OccurredAt = a.OccurredAt,
    };

    /// <summary>Checks every field (and the links against the database), then throws all errors together.</summary>
    internal async Task<ActivityInput> ValidateAsync(BridgeheadDb db, Activity? existing, CancellationToken ct)
    {
        var v = new Validator();
        if (AccountId is null)
        {
            v.Add("accountId", CommonText.Required);
        }
        if (Kind is null)
        {
            v.Add("kind", CommonText.Required);
        }
        v.Defined("kind", Kind);
        v.Required("subject", Subject, Activity.MaxSubject);
        v.MaxLength("body", Body, Activity.MaxBody);

        var now = db.Clock.GetUtcNow().UtcDateTime;
        var occurredAt = ToUtc(OccurredAt ?? now);
        var latest = now.AddYears(1);
        if (occurredAt < Earliest || occurredAt > latest)
        {
            v.Add("occurredAt", Validator.Format(CommonText.DateTimeOutOfRange, Earliest.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                latest.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)));
        }

        var current = existing is null ? null : new LinkIds(existing.AccountId, existing.ContactId, existing.OpportunityId);
        await Links.ValidateAsync(db, v, new LinkIds(AccountId, ContactId, OpportunityId), current, ct);

        v.ThrowIfInvalid();
        return this with
        {
            Subject = Subject!.Trim(),
            Body = Text.Clean(Body),
            OccurredAt = occurredAt,
        };
    }

    /// <summary>
    /// A time in UTC, to the microsecond (what PostgreSQL keeps, so both databases agree). A time
    /// sent without an offset is read as UTC.
    /// </summary>
    internal static DateTime ToUtc(DateTime value)
    {
        var utc = value.Kind switch
        {
            DateTimeKind.Utc => value,
            DateTimeKind.Local => value.ToUniversalTime(),
            DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
            _ => throw new ArgumentOutOfRangeException(nameof(value)),
        };
        return utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerMicrosecond));
    }

    /// <summary>Copies validated values onto the record; the author is set by the use case, never from input.</summary>
    internal void ApplyTo(Activity a)
    {
        a.AccountId = AccountId!.Value;
        a.ContactId = ContactId;
        a.OpportunityId = OpportunityId;
        a.Kind = Kind!.Value;
        a.Subject = Subject!;
        a.Body = Body;
        a.OccurredAt = OccurredAt!.Value;
    }
}
