using System.Linq.Expressions;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Wallet;

/// <summary>An incumbent's slip as the API returns it.</summary>
public sealed record IncumbentEventDto(
    long Id,
    long AccountId,
    long CompetitorId,
    string CompetitorName,
    IncumbentEventKind Kind,
    Severity Severity,
    DateOnly OccurredOn,
    string? Note,
    long Version,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    internal static readonly Expression<Func<IncumbentEvent, IncumbentEventDto>> Projection = e => new IncumbentEventDto(
        e.Id, e.AccountId, e.CompetitorId, e.Competitor!.Name, e.Kind, e.Severity, e.OccurredOn, e.Note, e.Version, e.CreatedAt, e.UpdatedAt);
}

/// <summary>The fields of a slip people edit: the body of POST and, merged, of PATCH.</summary>
public sealed record IncumbentEventInput
{
    public long? CompetitorId { get; init; }

    public IncumbentEventKind? Kind { get; init; }

    /// <summary>Major when left out.</summary>
    public Severity? Severity { get; init; }

    public DateOnly? OccurredOn { get; init; }

    public string? Note { get; init; }

    public static IncumbentEventInput From(IncumbentEvent e) => new()
    {
        CompetitorId = e.CompetitorId,
        Kind = e.Kind,
        Severity = e.Severity,
        OccurredOn = e.OccurredOn,
        Note = e.Note,
    };

    internal async Task<IncumbentEventInput> ValidateAsync(BridgeheadDb db, CancellationToken ct)
    {
        var v = new Validator();
        if (CompetitorId is not { } competitorId)
        {
            v.Add("competitorId", CommonText.Required);
        }
        else if (!await db.Competitors.AnyAsync(c => c.Id == competitorId, ct))
        {
            v.Add("competitorId", WalletText.UnknownCompetitor);
        }
        if (Kind is null)
        {
            v.Add("kind", CommonText.Required);
        }
        v.Defined("kind", Kind);
        v.Defined("severity", Severity);
        if (OccurredOn is not { } occurredOn)
        {
            v.Add("occurredOn", CommonText.Required);
        }
        else if (occurredOn > Wallets.Today(db))
        {
            v.Add("occurredOn", WalletText.NotInFuture);
        }
        v.MaxLength("note", Text.Clean(Note), IncumbentEvent.MaxNote);
        v.ThrowIfInvalid();
        return this with { Severity = Severity ?? Wallet.Severity.Major, Note = Text.Clean(Note) };
    }

    internal void ApplyTo(IncumbentEvent e)
    {
        e.CompetitorId = CompetitorId!.Value;
        e.Kind = Kind!.Value;
        e.Severity = Severity!.Value;
        e.OccurredOn = OccurredOn!.Value;
        e.Note = Note;
    }
}

/// <summary>Every slip recorded at an account, newest first.</summary>
public sealed class ListIncumbentEvents(BridgeheadDb db)
{
    public async Task<Page<IncumbentEventDto>> HandleAsync(long accountId, PageRequest page, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        await Wallets.RequireAccountAsync(db, accountId, ct);
        return await db.IncumbentEvents.AsNoTracking().Where(e => e.AccountId == accountId)
            .ToPageAsync(e => e.OccurredOn, e => e.Id, descending: true, page, IncumbentEventDto.Projection, dto => (dto.OccurredOn, dto.Id), ct);
    }
}

/// <summary>One slip, when the caller sees its account.</summary>
public sealed class GetIncumbentEvent(BridgeheadDb db)
{
    public async Task<IncumbentEventDto> HandleAsync(long accountId, long id, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        return await db.IncumbentEvents.AsNoTracking().Where(e => e.Id == id && e.AccountId == accountId)
                   .Select(IncumbentEventDto.Projection).FirstOrDefaultAsync(ct)
               ?? throw new NotFoundException("incumbentEvent");
    }
}

/// <summary>Records an incumbent's slip at an account.</summary>
public sealed class CreateIncumbentEvent(BridgeheadDb db, GetIncumbentEvent get)
{
    public async Task<IncumbentEventDto> HandleAsync(long accountId, IncumbentEventInput input, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        await Wallets.RequireAccountAsync(db, accountId, ct);
        var valid = await input.ValidateAsync(db, ct);
        var slip = new IncumbentEvent { AccountId = accountId };
        valid.ApplyTo(slip);
        db.IncumbentEvents.Add(slip);
        await db.SaveAsync(ct);
        return await get.HandleAsync(accountId, slip.Id, ct);
    }
}

/// <summary>Corrects a slip; <c>change</c> receives the current values and returns the wanted ones.</summary>
public sealed class UpdateIncumbentEvent(BridgeheadDb db, GetIncumbentEvent get)
{
    public async Task<IncumbentEventDto> HandleAsync(long accountId, long id, long? expectedVersion, Func<IncumbentEventInput, IncumbentEventInput> change, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var slip = await db.IncumbentEvents.FirstOrDefaultAsync(e => e.Id == id && e.AccountId == accountId, ct)
            ?? throw new NotFoundException("incumbentEvent");
        Concurrency.Expect(db, slip, expectedVersion);
        var valid = await change(IncumbentEventInput.From(slip)).ValidateAsync(db, ct);
        valid.ApplyTo(slip);
        await db.SaveAsync(ct);
        return await get.HandleAsync(accountId, id, ct);
    }
}

/// <summary>Removes a slip recorded by mistake.</summary>
public sealed class DeleteIncumbentEvent(BridgeheadDb db)
{
    public async Task HandleAsync(long accountId, long id, long? expectedVersion, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var slip = await db.IncumbentEvents.FirstOrDefaultAsync(e => e.Id == id && e.AccountId == accountId, ct)
            ?? throw new NotFoundException("incumbentEvent");
        Concurrency.Expect(db, slip, expectedVersion);
        db.IncumbentEvents.Remove(slip);
        await db.SaveAsync(ct);
    }
}

/// <summary>A slip that counts toward the signal today.</summary>
public sealed record SignalContributionDto(
    long EventId, long CompetitorId, string CompetitorName, IncumbentEventKind Kind, Severity Severity, DateOnly OccurredOn, int AgeDays, decimal Contribution);

/// <summary>An account's opening signal and the slips behind it, largest contribution first.</summary>
public sealed record OpeningSignalDto(long AccountId, decimal Score, DateOnly AsOf, IReadOnlyList<SignalContributionDto> Contributions);

/// <summary>The opening signal of one account today (see <see cref="OpeningSignal"/>).</summary>
public sealed class GetOpeningSignal(BridgeheadDb db)
{
    public async Task<OpeningSignalDto> HandleAsync(long accountId, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        await Wallets.RequireAccountAsync(db, accountId, ct);
        var today = Wallets.Today(db);
        var earliest = OpeningSignal.Earliest(today);
        var slips = await db.IncumbentEvents.AsNoTracking()
            .Where(e => e.AccountId == accountId && e.OccurredOn >= earliest)
            .Select(e => new { e.Id, e.CompetitorId, e.Competitor!.Name, e.Kind, e.Severity, e.OccurredOn })
            .ToListAsync(ct);
        var parts = slips
            .Select(s => (Slip: s, Value: OpeningSignal.Contribution(s.Kind, s.Severity, s.OccurredOn, today)))
            .Where(x => x.Value > 0)
            .OrderByDescending(x => x.Value).ThenByDescending(x => x.Slip.OccurredOn)
            .ToList();
        return new OpeningSignalDto(accountId, OpeningSignal.Round(OpeningSignal.Score(parts.Select(p => p.Value))), today,
            [.. parts.Select(p => new SignalContributionDto(p.Slip.Id, p.Slip.CompetitorId, p.Slip.Name, p.Slip.Kind, p.Slip.Severity,
                p.Slip.OccurredOn, Math.Max(0, today.DayNumber - p.Slip.OccurredOn.DayNumber), OpeningSignal.Round(p.Value)))]);
    }
}
