using Bridgehead.Auditing;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Forecasting;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Needs;

/// <summary>The pursuit behind a needs document, as the caller may see and change it.</summary>
internal static class NeedsPursuit
{
    /// <summary>The pursuit's account and whether it is still open; 404 when the caller does not see it.</summary>
    public static Task<(long AccountId, bool Open)> FindAsync(BridgeheadDb db, long opportunityId, CancellationToken ct) =>
        PursuitRecords.FindAsync(db, opportunityId, ct);

    /// <summary>A sales writer on an open pursuit the caller sees: a closed pursuit's needs stay as they were when it closed.</summary>
    public static Task<long> WritableAsync(BridgeheadDb db, long opportunityId, CancellationToken ct) =>
        PursuitRecords.WritableAsync(db, opportunityId, NeedsText.ClosedReadOnly, ct);
}

/// <summary>The needs of a pursuit: an empty document (version 0) until something is recorded.</summary>
public sealed class GetNeeds(BridgeheadDb db)
{
    public async Task<NeedsDto> HandleAsync(long opportunityId, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        var (_, open) = await NeedsPursuit.FindAsync(db, opportunityId, ct);
        var n = await db.OpportunityNeeds.AsNoTracking().Where(x => x.OpportunityId == opportunityId)
            .Select(x => new
            {
                x.Id,
                x.TargetPrice,
                x.FloorPrice,
                x.Currency,
                x.PriceUnit,
                x.Priority,
                x.NoReferenceReason,
                x.StandardProductFits,
                x.Notes,
                x.Version,
                x.UpdatedAt,
                Services = x.ServiceRequirements.OrderBy(s => s.Id).Select(s => new ServiceRequirementDto(s.Kind, s.Detail, s.MustHave)).ToList(),
                Trades = x.TradeOffs.OrderBy(t => t.Id).Select(t => new TradeOffDto(t.Direction, t.Description, t.PriceEffectPercent)).ToList(),
                References = x.References.Select(r => new { r.ReferenceCaseId, r.ReferenceCase!.Title, r.ReferenceCase.AccountId, r.ReferenceCase.MayBeNamed }).ToList(),
            })
            .FirstOrDefaultAsync(ct);
        if (n is null)
        {
            return new NeedsDto(opportunityId, null, null, null, null, [], [], [], [], null, false, null, null, null, 0, !open, 0, null);
        }
        // The customer's name is part of the reference library: every sales role reads it, whoever owns the account.
        var accountIds = n.References.Select(r => r.AccountId).Distinct().ToList();
        var names = accountIds.Count == 0
            ? []
            : await db.Accounts.IgnoreQueryFilters().AsNoTracking().Where(a => accountIds.Contains(a.Id))
                .ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        var references = n.References
            .Select(r => new NeedsReferenceDto(r.ReferenceCaseId, r.Title, names.GetValueOrDefault(r.AccountId) ?? "", r.MayBeNamed))
            .OrderBy(r => r.Title, StringComparer.CurrentCultureIgnoreCase).ThenBy(r => r.Id)
            .ToList();
        var (gap, position) = NeedsDto.Compare(n.TargetPrice, n.FloorPrice);
        return new NeedsDto(opportunityId, Money.From(n.TargetPrice, n.Currency), Money.From(n.FloorPrice, n.Currency), n.PriceUnit, n.Priority,
            n.Services, n.Trades, [.. references.Select(r => r.Id)], references, n.NoReferenceReason, n.StandardProductFits, n.Notes,
            gap, position, n.Services.Count(s => s.MustHave), !open, n.Version, n.UpdatedAt);
    }
}

/// <summary>
/// Replaces the needs of a pursuit with the given document. <c>expectedVersion</c> (from If-Match)
/// 0 means "nothing recorded yet"; any other stale version is refused (412). Service requirements
/// and trade-offs that stay the same are kept, so the history lists only what changed.
/// </summary>
public sealed class SaveNeeds(BridgeheadDb db, GetNeeds get)
{
    public async Task<NeedsDto> HandleAsync(long opportunityId, long? expectedVersion, NeedsInput input, CancellationToken ct)
    {
        var accountId = await NeedsPursuit.WritableAsync(db, opportunityId, ct);
        var needs = await db.OpportunityNeeds
            .Include(n => n.ServiceRequirements).Include(n => n.TradeOffs).Include(n => n.References)
            .AsSplitQuery()
            .FirstOrDefaultAsync(n => n.OpportunityId == opportunityId, ct);
        if (needs is null)
        {
            if (expectedVersion is > 0)
            {
                throw new PreconditionFailedException(0);
            }
        }
        else
        {
            Concurrency.Expect(db, needs, expectedVersion);
        }

        var valid = await ValidateAsync(input, accountId, ct);
        var created = needs is null;
        if (needs is null)
        {
            needs = new OpportunityNeeds { AccountId = accountId, OpportunityId = opportunityId };
            db.OpportunityNeeds.Add(needs);
        }
        Apply(valid, needs);
        try
        {
            await db.SaveAsync(ct);
        }
        catch (DbUpdateException) when (created)
        {
            // Someone recorded the first needs of this pursuit between the read and the save (one per pursuit).
            db.ChangeTracker.Clear();
            throw new PreconditionFailedException(null);
        }
        return await get.HandleAsync(opportunityId, ct);
    }

    /// <summary>The cleaned document, or every field error at once.</summary>
    private async Task<NeedsInput> ValidateAsync(NeedsInput input, long accountId, CancellationToken ct)
    {
        var v = new Validator();
        var target = Upper(input.TargetPrice);
        var floor = Upper(input.OurFloorPrice);
        Money.Validate(v, "targetPrice", target);
        Money.Validate(v, "ourFloorPrice", floor);
        if (target is not null && floor is not null && !v.HasError("targetPrice.currency") && !v.HasError("ourFloorPrice.currency")
            && target.Currency != floor.Currency)
        {
            v.Add("ourFloorPrice.currency", Validator.Format(NeedsText.OneCurrency, target.Currency));
        }
        var unit = Text.Clean(input.PriceUnit);
        v.MaxLength("priceUnit", unit, OpportunityNeeds.MaxUnit);
        v.Defined("priority", input.Priority);
        var reason = Text.Clean(input.NoReferenceReason);
        v.MaxLength("noReferenceReason", reason, OpportunityNeeds.MaxText);
        var notes = Text.Clean(input.Notes);
        v.MaxLength("notes", notes, OpportunityNeeds.MaxText);

        var services = input.ServiceRequirements ?? [];
        if (services.Count > NeedsInput.MaxServices)
        {
            v.Add("serviceRequirements", Validator.Format(CommonText.TooMany, NeedsInput.MaxServices));
        }
        var cleanServices = new List<ServiceRequirementInput>();
        for (var i = 0; i < services.Count && i < NeedsInput.MaxServices; i++)
        {
            var s = services[i];
            var field = $"serviceRequirements[{i}]";
            if (s is null)
            {
                v.Add(field, CommonText.Required);
                continue;
            }
            if (s.Kind is null)
            {
                v.Add(field + ".kind", CommonText.Required);
            }
            v.Defined(field + ".kind", s.Kind);
            var detail = Text.Clean(s.Detail);
            v.MaxLength(field + ".detail", detail, OpportunityNeeds.MaxText);
            cleanServices.Add(new ServiceRequirementInput(s.Kind, detail, s.MustHave ?? false));
        }

        var trades = input.TradeOffs ?? [];
        if (trades.Count > NeedsInput.MaxTradeOffs)
        {
            v.Add("tradeOffs", Validator.Format(CommonText.TooMany, NeedsInput.MaxTradeOffs));
        }
        var cleanTrades = new List<TradeOffInput>();
        for (var i = 0; i < trades.Count && i < NeedsInput.MaxTradeOffs; i++)
        {
            var t = trades[i];
            var field = $"tradeOffs[{i}]";
            if (t is null)
            {
                v.Add(field, CommonText.Required);
                continue;
            }
            if (t.Direction is null)
            {
                v.Add(field + ".direction", CommonText.Required);
            }
            v.Defined(field + ".direction", t.Direction);
            var description = Text.Clean(t.Description);
            v.Required(field + ".description", description, OpportunityNeeds.MaxText);
            v.Range(field + ".priceEffectPercent", t.PriceEffectPercent, -NeedsInput.MaxEffectPercent, NeedsInput.MaxEffectPercent);
            if (t.PriceEffectPercent is { } effect && decimal.Round(effect, 2) != effect)
            {
                v.Add(field + ".priceEffectPercent", CommonText.TooManyDecimals);
            }
            cleanTrades.Add(new TradeOffInput(t.Direction, description, t.PriceEffectPercent));
        }

        var ids = input.ReferenceIds ?? [];
        if (ids.Count > NeedsInput.MaxReferences)
        {
            v.Add("referenceIds", Validator.Format(CommonText.TooMany, NeedsInput.MaxReferences));
        }
        else if (ids.Count > 0)
        {
            // The library's own filter decides what the caller may read.
            var distinct = ids.Distinct().ToList();
            var found = await db.ReferenceCases.AsNoTracking().Where(r => distinct.Contains(r.Id))
                .ToDictionaryAsync(r => r.Id, r => r.AccountId, ct);
            for (var i = 0; i < ids.Count; i++)
            {
                if (!found.TryGetValue(ids[i], out var caseAccount))
                {
                    v.Add($"referenceIds[{i}]", NeedsText.ReferenceUnknown);
                }
                else if (caseAccount == accountId)
                {
                    v.Add($"referenceIds[{i}]", NeedsText.ReferenceOwnCustomer);
                }
            }
        }

        v.ThrowIfInvalid();
        return new NeedsInput
        {
            TargetPrice = target,
            OurFloorPrice = floor,
            PriceUnit = unit,
            Priority = input.Priority,
            ServiceRequirements = cleanServices,
            TradeOffs = cleanTrades,
            ReferenceIds = [.. ids.Distinct()],
            NoReferenceReason = reason,
            StandardProductFits = input.StandardProductFits ?? false,
            Notes = notes,
        };
    }

    private static Money? Upper(Money? m) =>
        m is null ? null : m with { Currency = CurrencySettings.Normalize(m.Currency) ?? "" };

    private void Apply(NeedsInput valid, OpportunityNeeds needs)
    {
        needs.TargetPrice = valid.TargetPrice?.Amount;
        needs.FloorPrice = valid.OurFloorPrice?.Amount;
        needs.Currency = valid.TargetPrice?.Currency ?? valid.OurFloorPrice?.Currency;
        needs.PriceUnit = valid.PriceUnit;
        needs.Priority = valid.Priority;
        needs.NoReferenceReason = valid.NoReferenceReason;
        needs.StandardProductFits = valid.StandardProductFits ?? false;
        needs.Notes = valid.Notes;

        Sync(needs.ServiceRequirements,
            [.. valid.ServiceRequirements!.Select(s => new ServiceRequirementDto(s.Kind!.Value, s.Detail, s.MustHave ?? false))],
            s => new ServiceRequirementDto(s.Kind, s.Detail, s.MustHave),
            k => new ServiceRequirement { NeedsId = needs.Id, Kind = k.Kind, Detail = k.Detail, MustHave = k.MustHave });
        Sync(needs.TradeOffs,
            [.. valid.TradeOffs!.Select(t => new TradeOffDto(t.Direction!.Value, t.Description!, t.PriceEffectPercent))],
            t => new TradeOffDto(t.Direction, t.Description, t.PriceEffectPercent),
            k => new TradeOff { NeedsId = needs.Id, Direction = k.Direction, Description = k.Description, PriceEffectPercent = k.PriceEffectPercent });
        Sync(needs.References, valid.ReferenceIds!, r => r.ReferenceCaseId,
            id => new NeedsReference { NeedsId = needs.Id, ReferenceCaseId = id });
    }

    /// <summary>Keeps the parts whose values are wanted (each once), removes the rest and adds what is new, in the order given.</summary>
    private void Sync<TPart, TKey>(List<TPart> current, IReadOnlyList<TKey> wanted, Func<TPart, TKey> key, Func<TKey, TPart> make)
        where TPart : class
        where TKey : notnull
    {
        var unused = current.ToList();
        var added = new List<TPart>();
        foreach (var k in wanted)
        {
            var same = unused.FirstOrDefault(p => EqualityComparer<TKey>.Default.Equals(key(p), k));
            if (same is not null)
            {
                unused.Remove(same);
            }
            else
            {
                added.Add(make(k));
            }
        }
        foreach (var gone in unused)
        {
            current.Remove(gone);
            db.Remove(gone);
        }
        current.AddRange(added);
    }
}

/// <summary>
/// Attaches one reference case to a pursuit's needs (creating the needs if none are recorded);
/// attaching one already attached changes nothing. The same rules as a full save apply.
/// </summary>
public sealed class AttachReference(GetNeeds get, SaveNeeds save)
{
    /// <param name="referenceId">Required; checked after the pursuit, so that one the caller may not see is 404 whatever the body.</param>
    public async Task<NeedsDto> HandleAsync(long opportunityId, long? referenceId, long? expectedVersion, CancellationToken ct)
    {
        var current = await get.HandleAsync(opportunityId, ct);
        if (referenceId is not { } id)
        {
            throw ValidationException.For("referenceId", CommonText.Required);
        }
        if (expectedVersion is { } v && v != current.Version)
        {
            throw new PreconditionFailedException(current.Version);
        }
        if (current.ReferenceIds.Contains(id))
        {
            return current;
        }
        var input = NeedsInput.From(current) with { ReferenceIds = [.. current.ReferenceIds, id] };
        try
        {
            return await save.HandleAsync(opportunityId, current.Version, input, ct);
        }
        catch (ValidationException e)
        {
            // The only new value is the reference: name it as the field of this request.
            throw new ValidationException(e.Errors.ToDictionary(
                x => x.Key.StartsWith("referenceIds", StringComparison.Ordinal) ? "referenceId" : x.Key, x => x.Value, StringComparer.Ordinal));
        }
    }
}

/// <summary>Takes one reference case off a pursuit's needs; 404 when it is not attached.</summary>
public sealed class DetachReference(GetNeeds get, SaveNeeds save)
{
    public async Task<NeedsDto> HandleAsync(long opportunityId, long referenceId, long? expectedVersion, CancellationToken ct)
    {
        var current = await get.HandleAsync(opportunityId, ct);
        if (expectedVersion is { } v && v != current.Version)
        {
            throw new PreconditionFailedException(current.Version);
        }
        if (!current.ReferenceIds.Contains(referenceId))
        {
            throw new NotFoundException("needsReference");
        }
        var input = NeedsInput.From(current) with { ReferenceIds = [.. current.ReferenceIds.Where(id => id != referenceId)] };
        return await save.HandleAsync(opportunityId, current.Version, input, ct);
    }
}

/// <summary>Who changed what of a pursuit's needs and when, newest first (empty before anything is recorded).</summary>
public sealed class GetNeedsHistory(BridgeheadDb db, GetHistory history)
{
    public async Task<Page<HistoryEntryDto>> HandleAsync(long opportunityId, PageRequest page, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        await NeedsPursuit.FindAsync(db, opportunityId, ct);
        var id = await db.OpportunityNeeds.AsNoTracking().Where(n => n.OpportunityId == opportunityId).Select(n => (long?)n.Id).FirstOrDefaultAsync(ct);
        return id is { } needsId
            ? await history.HandleAsync("opportunityNeeds", needsId, page, ct)
            : new Page<HistoryEntryDto>([], null);
    }
}
