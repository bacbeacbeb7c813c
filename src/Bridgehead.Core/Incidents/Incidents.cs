using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Forecasting;
using Bridgehead.Identity;
using Bridgehead.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Incidents;

/// <summary>Filters of the incident list; they combine with AND.</summary>
public sealed record IncidentFilter
{
    public IncidentStatus? Status { get; init; }

    /// <summary>Any of these statuses (open and contained for "not closed"); combines with <see cref="Status"/>.</summary>
    public IReadOnlyList<IncidentStatus>? Statuses { get; init; }

    public IncidentSeverity? Severity { get; init; }

    public long? AccountId { get; init; }

    public long? ProductId { get; init; }

    public long? OrderId { get; init; }

    /// <summary>true: still open past the containment due time; false: not so.</summary>
    public bool? Overdue { get; init; }
}

/// <summary>Incidents of the accounts the caller sees (quality, viewer and admin: all), newest first.</summary>
public sealed class ListIncidents(BridgeheadDb db)
{
    public async Task<Page<IncidentDto>> HandleAsync(IncidentFilter filter, PageRequest page, CancellationToken ct)
    {
        IncidentAccess.RequireReader(db.Viewer);
        var now = IncidentReader.Now(db);
        var rows = await Filtered(db, filter, now)
            .ToPageAsync(i => i.Id, i => i.Id, descending: true, page, IncidentReader.Projection(db), r => (r.I.Id, r.I.Id), ct);
        return new Page<IncidentDto>([.. rows.Items.Select(r => IncidentReader.ToDto(r, now))], rows.NextCursor);
    }

    internal static IQueryable<Incident> Filtered(BridgeheadDb db, IncidentFilter filter, DateTime now)
    {
        var query = db.Incidents.AsNoTracking();
        if (filter.Status is { } status)
        {
            query = query.Where(i => i.Status == status);
        }
        if (filter.Statuses is { Count: > 0 } statuses)
        {
            query = query.Where(i => statuses.Contains(i.Status));
        }
        if (filter.Severity is { } severity)
        {
            query = query.Where(i => i.Severity == severity);
        }
        if (filter.AccountId is { } accountId)
        {
            query = query.Where(i => i.AccountId == accountId);
        }
        if (filter.ProductId is { } productId)
        {
            query = query.Where(i => i.ProductId == productId);
        }
        if (filter.OrderId is { } orderId)
        {
            query = query.Where(i => i.OrderId == orderId);
        }
        if (filter.Overdue is { } overdue)
        {
            query = overdue
                ? query.Where(i => i.Status == IncidentStatus.Open && i.ContainmentDueAt < now)
                : query.Where(i => !(i.Status == IncidentStatus.Open && i.ContainmentDueAt < now));
        }
        return query;
    }
}

/// <summary>How many incidents the caller sees in each status, and how many are past their containment time.</summary>
public sealed record IncidentCountsDto(int Open, int Contained, int Closed, int Overdue);

/// <summary>The counts above the incident list.</summary>
public sealed class CountIncidents(BridgeheadDb db)
{
    public async Task<IncidentCountsDto> HandleAsync(long? accountId, CancellationToken ct)
    {
        IncidentAccess.RequireReader(db.Viewer);
        var now = IncidentReader.Now(db);
        var query = db.Incidents.AsNoTracking();
        if (accountId is { } id)
        {
            query = query.Where(i => i.AccountId == id);
        }
        var counts = await query.GroupBy(i => i.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
        var overdue = await query.CountAsync(i => i.Status == IncidentStatus.Open && i.ContainmentDueAt < now, ct);
        int Of(IncidentStatus s) => counts.FirstOrDefault(c => c.Status == s)?.Count ?? 0;
        return new IncidentCountsDto(Of(IncidentStatus.Open), Of(IncidentStatus.Contained), Of(IncidentStatus.Closed), overdue);
    }
}

/// <summary>Incidents not yet closed, containment due soonest first (open ones before contained ones), for the quality home and the account page.</summary>
public sealed class ListOpenIncidents(BridgeheadDb db)
{
    public const int DefaultLimit = 10;

    public async Task<IReadOnlyList<IncidentDto>> HandleAsync(long? accountId, int limit, CancellationToken ct)
    {
        IncidentAccess.RequireReader(db.Viewer);
        var now = IncidentReader.Now(db);
        var query = db.Incidents.AsNoTracking().Where(i => i.Status != IncidentStatus.Closed);
        if (accountId is { } id)
        {
            query = query.Where(i => i.AccountId == id);
        }
        var rows = await query
            .OrderBy(i => i.Status == IncidentStatus.Open ? 0 : 1).ThenBy(i => i.ContainmentDueAt).ThenBy(i => i.Id)
            .Take(limit)
            .Select(IncidentReader.Projection(db))
            .ToListAsync(ct);
        return [.. rows.Select(r => IncidentReader.ToDto(r, now))];
    }
}

/// <summary>One incident with its steps (404 for one the caller may not see; 403 for the product role).</summary>
public sealed class GetIncident(BridgeheadDb db)
{
    public Task<IncidentDto> HandleAsync(long id, CancellationToken ct) => IncidentReader.ReadAsync(db, id, ct);
}

/// <summary>
/// Opens an incident: status open, containment due 24 hours later, the nine 8D steps (D3 due on
/// the containment date), and the incidentOpened event in the same commit. Quality and admin open
/// them at any account; sales writers (a rep hears of it first) at accounts they see.
/// </summary>
public sealed class OpenIncident(BridgeheadDb db, CurrencySettings settings)
{
    public async Task<IncidentDto> HandleAsync(OpenIncidentInput input, CancellationToken ct)
    {
        var viewer = Access.Require(db.Viewer);
        if (!IncidentAccess.OpensIncidents(viewer))
        {
            throw new ForbiddenException(IncidentsText.MayNotOpen);
        }
        var v = new Validator();
        var title = Text.Clean(input.Title);
        var description = Text.Clean(input.Description);
        var lot = Text.Clean(input.Lot);
        v.Required("title", title, Incident.MaxTitle);
        v.MaxLength("description", description, Incident.MaxText);
        v.MaxLength("lot", lot, Incident.MaxLot);
        IncidentRules.Quantity(v, "defectQuantity", input.DefectQuantity, required: false);
        if (input.Severity is null)
        {
            v.Add("severity", CommonText.Required);
        }
        v.Defined("severity", input.Severity);
        if (input.AccountId is not { } accountId)
        {
            v.Add("accountId", CommonText.Required);
            accountId = 0;
        }
        else if (!await db.Accounts.AsNoTracking().AnyAsync(a => a.Id == accountId, ct))
        {
            v.Add("accountId", CommonText.MustBeVisibleAccount);
        }
        if (input.OrderId is { } orderId && !v.HasError("accountId")
            && !await db.Orders.AsNoTracking().AnyAsync(o => o.Id == orderId && o.AccountId == accountId, ct))
        {
            v.Add("orderId", IncidentsText.OrderOfOtherAccount);
        }
        if (input.ProductId is { } productId)
        {
            if (!await db.Products.AsNoTracking().AnyAsync(p => p.Id == productId, ct))
            {
                v.Add("productId", IncidentsText.UnknownProduct);
            }
            else if (input.OrderId is { } onOrder && !v.HasError("orderId")
                && !await db.OrderLines.AsNoTracking().AnyAsync(l => l.OrderId == onOrder && l.ProductId == productId, ct))
            {
                v.Add("productId", IncidentsText.ProductNotOnOrder);
            }
        }
        await IncidentRules.OwnerAsync(db, v, "ownerId", input.OwnerId, ct);
        var currency = IncidentRules.Currency(v, input.Currency, settings.BaseCurrency);
        var openerId = viewer.UserId;
        if (openerId is null)
        {
            v.Add("openedById", CommonText.SystemNeedsOwner);
        }
        v.ThrowIfInvalid();

        var now = IncidentReader.Now(db);
        var incident = new Incident
        {
            AccountId = accountId,
            OrderId = input.OrderId,
            ProductId = input.ProductId,
            Title = title!,
            Description = description,
            Lot = lot,
            DefectQuantity = input.DefectQuantity ?? 0,
            Severity = input.Severity!.Value,
            Status = IncidentStatus.Open,
            OpenedAt = now,
            OpenedById = openerId!.Value,
            OwnerId = input.OwnerId ?? (IncidentAccess.RunsIncidents(viewer) ? openerId : null),
            ContainmentDueAt = now + Incident.ContainmentWindow,
            Currency = currency,
            ClaimStatus = ClaimStatus.None,
        };
        foreach (var step in Enum.GetValues<EightDStep>())
        {
            incident.Steps.Add(new IncidentStep
            {
                AccountId = accountId,
                Step = step,
                DueOn = step == EightDStep.D3 ? DateOnly.FromDateTime(incident.ContainmentDueAt) : null,
            });
        }
        db.Incidents.Add(incident);
        await db.InTransactionAsync(async () =>
        {
            // The event names the incident, whose id the first save gives; both commit together.
            await db.SaveAsync(ct);
            Events.Raise(db, NotificationEvent.IncidentOpened, "incident", incident.Id, incident.AccountId,
                new { title = incident.Title, severity = Json.Key(incident.Severity) });
            await db.SaveAsync(ct);
        }, ct);
        return await IncidentReader.ReadAsync(db, incident.Id, ct);
    }
}

/// <summary>Enum values as the API spells them (camelCase), for event data.</summary>
internal static class Json
{
    public static string Key(Enum value)
    {
        var name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}

/// <summary>
/// Changes an incident; <c>change</c> receives the current values and returns the wanted ones.
/// Quality and admin change every field; sales writers only the title, description and the
/// customer's claim (403 naming the first other field they change).
/// </summary>
public sealed class UpdateIncident(BridgeheadDb db)
{
    public async Task<IncidentDto> HandleAsync(long id, long? expectedVersion, Func<IncidentPatch, IncidentPatch> change, CancellationToken ct)
    {
        var viewer = IncidentAccess.RequireReader(db.Viewer);
        if (!IncidentAccess.RunsIncidents(viewer) && !viewer.CanEditSales)
        {
            throw new ForbiddenException(IncidentsText.QualityOnly);
        }
        var incident = await IncidentReader.ForChangeAsync(db, id, ct);
        Concurrency.Expect(db, incident, expectedVersion);
        var current = IncidentPatch.From(incident);
        var wanted = change(current);
        var changed = wanted.ChangedFrom(current);
        if (!IncidentAccess.RunsIncidents(viewer) && changed.FirstOrDefault(f => !IncidentPatch.SalesFields.Contains(f)) is { } field)
        {
            throw new ForbiddenException(Validator.Format(IncidentsText.FieldNotForSales, field));
        }

        var v = new Validator();
        var title = Text.Clean(wanted.Title);
        v.Required("title", title, Incident.MaxTitle);
        v.MaxLength("description", Text.Clean(wanted.Description), Incident.MaxText);
        v.MaxLength("lot", Text.Clean(wanted.Lot), Incident.MaxLot);
        IncidentRules.Quantity(v, "defectQuantity", wanted.DefectQuantity, required: true);
        if (wanted.Severity is null)
        {
            v.Add("severity", CommonText.Required);
        }
        v.Defined("severity", wanted.Severity);
        v.Defined("claimStatus", wanted.ClaimStatus);
        v.MaxLength("containment", Text.Clean(wanted.Containment), Incident.MaxText);
        v.MaxLength("rootCause", Text.Clean(wanted.RootCause), Incident.MaxText);
        v.MaxLength("correctiveAction", Text.Clean(wanted.CorrectiveAction), Incident.MaxText);
        v.MaxLength("preventiveAction", Text.Clean(wanted.PreventiveAction), Incident.MaxText);
        IncidentRules.Amount(v, "cost", wanted.Cost);
        IncidentRules.Amount(v, "claimAmount", wanted.ClaimAmount);
        var currency = Forecasting.CurrencySettings.Normalize(wanted.Currency);
        if (currency is null)
        {
            if (wanted.Cost is not null || wanted.ClaimAmount is not null)
            {
                v.Add("currency", CommonText.Required);
            }
        }
        else if (!Forecasting.CurrencySettings.IsCode(currency))
        {
            v.Add("currency", CommonText.InvalidCurrency);
        }
        if (changed.Contains("ownerId"))
        {
            await IncidentRules.OwnerAsync(db, v, "ownerId", wanted.OwnerId, ct);
        }
        if (changed.Contains("containment") && incident.Status != IncidentStatus.Open && Text.Clean(wanted.Containment) is null)
        {
            // A contained or closed incident keeps the account of its containment.
            v.Add("containment", CommonText.Required);
        }
        v.ThrowIfInvalid();

        incident.Title = title!;
        incident.Description = Text.Clean(wanted.Description);
        incident.Lot = Text.Clean(wanted.Lot);
        incident.DefectQuantity = wanted.DefectQuantity!.Value;
        incident.Severity = wanted.Severity!.Value;
        incident.OwnerId = wanted.OwnerId;
        incident.Containment = Text.Clean(wanted.Containment);
        incident.RootCause = Text.Clean(wanted.RootCause);
        incident.CorrectiveAction = Text.Clean(wanted.CorrectiveAction);
        incident.PreventiveAction = Text.Clean(wanted.PreventiveAction);
        incident.Currency = currency;
        incident.Cost = wanted.Cost;
        incident.ClaimStatus = wanted.ClaimStatus ?? ClaimStatus.None;
        incident.ClaimAmount = wanted.ClaimAmount;
        if (changed.Count > 0)
        {
            await db.SaveAsync(ct);
        }
        return await IncidentReader.ReadAsync(db, id, ct);
    }
}

/// <summary>Changes one 8D step: owner (an active user), due and done dates, note. Quality and admin.</summary>
public sealed class UpdateIncidentStep(BridgeheadDb db)
{
    public async Task<IncidentStepDto> HandleAsync(long id, EightDStep step, long? expectedVersion, Func<IncidentStepPatch, IncidentStepPatch> change, CancellationToken ct)
    {
        IncidentAccess.RequireReader(db.Viewer);
        var incident = await IncidentReader.ForChangeAsync(db, id, ct);
        IncidentAccess.RequireRunner(db.Viewer);
        var row = incident.Steps.FirstOrDefault(s => s.Step == step) ?? throw new NotFoundException("incidentStep");
        Concurrency.Expect(db, row, expectedVersion);
        var current = IncidentStepPatch.From(row);
        var wanted = change(current);
        var v = new Validator();
        var note = Text.Clean(wanted.Note);
        v.MaxLength("note", note, IncidentStep.MaxNote);
        if (wanted.OwnerId != row.OwnerId)
        {
            await IncidentRules.StepOwnerAsync(db, v, "ownerId", wanted.OwnerId, ct);
        }
        var today = DateOnly.FromDateTime(IncidentReader.Now(db));
        if (wanted.DoneOn is { } done && done != row.DoneOn && done > today)
        {
            v.Add("doneOn", IncidentsText.DoneInFuture);
        }
        v.ThrowIfInvalid();
        row.OwnerId = wanted.OwnerId;
        row.DueOn = wanted.DueOn;
        row.DoneOn = wanted.DoneOn;
        row.Note = note;
        await db.SaveAsync(ct);
        return await db.IncidentSteps.AsNoTracking().Where(s => s.Id == row.Id)
            .Select(s => new IncidentStepDto(s.Id, s.Step, s.OwnerId,
                db.Users.Where(u => u.Id == s.OwnerId).Select(u => new Quotes.UserRef(u.Id, u.DisplayName)).FirstOrDefault(),
                s.DueOn, s.DoneOn, s.Note, s.Version))
            .FirstAsync(ct);
    }
}
