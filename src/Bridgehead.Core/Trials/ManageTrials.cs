using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Bridgehead.Quotes;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Trials;

/// <summary>Who may do what with trials, beyond which phases they see (the database's filters).</summary>
public static class TrialAccess
{
    /// <summary>Sales roles and the viewer read the trials of their accounts, quality and admin those of all; product none (403).</summary>
    public static bool MayRead(Viewer viewer) => viewer.CanReadSales || viewer.SeesAllOperations;

    public static Viewer RequireReader(Viewer? viewer)
    {
        var v = Access.Require(viewer);
        return MayRead(v) ? v : throw new ForbiddenException(TrialsText.NoTrialAccess);
    }

    /// <summary>
    /// Findings are recorded by quality (and admin) and by the sales writers, who often hear them
    /// first from the customer's auditors; only quality and admin close, reopen or change them.
    /// </summary>
    public static bool MayRecordFindings(Viewer viewer) => viewer.CanEditSales || viewer.RecordsTrialResults;
}

/// <summary>The pursuit behind a trial plan, with what its pages and lists show of it.</summary>
public sealed record TrialPursuit(long Id, long AccountId, string Title, string AccountName, OpportunityStatus Status)
{
    public bool Open => Status == OpportunityStatus.Open;
}

/// <summary>Finds the pursuit of a trial plan as the caller may see it.</summary>
internal static class TrialPursuits
{
    /// <summary>The pursuit; 404 when the caller does not see it, 403 for a role that reads no trials.</summary>
    public static async Task<TrialPursuit> FindAsync(BridgeheadDb db, long opportunityId, CancellationToken ct) =>
        (await FindManyAsync(db, [opportunityId], ct)).GetValueOrDefault(opportunityId) ?? throw new NotFoundException("opportunity");

    /// <summary>
    /// The pursuits of these ids the caller may see, by id. Sales roles and the viewer find them
    /// through the usual filters. Quality reads every account's trials but no opportunity (the
    /// filter keeps sales records from it), so for quality each pursuit is read past the filters,
    /// for the ids asked about only and only its title, account and status: what a trial page
    /// needs to say whose plan it is. And only for a pursuit that has a phase quality sees: any
    /// other id would otherwise give away the title and account of any pursuit (an empty plan).
    /// </summary>
    public static async Task<IReadOnlyDictionary<long, TrialPursuit>> FindManyAsync(BridgeheadDb db, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        var viewer = TrialAccess.RequireReader(db.Viewer);
        if (ids.Count == 0)
        {
            return new Dictionary<long, TrialPursuit>();
        }
        var source = viewer.CanReadSales
            ? db.Opportunities.AsNoTracking()
            : db.Opportunities.AsNoTracking().IgnoreQueryFilters().Where(o => db.TrialPhases.Any(p => p.OpportunityId == o.Id));
        return await source.Where(o => ids.Contains(o.Id))
            .Select(o => new TrialPursuit(o.Id, o.AccountId, o.Title, o.Account!.Name, o.Status))
            .ToDictionaryAsync(o => o.Id, ct);
    }

    /// <summary>A pursuit whose plan may change: open (409 with the reason otherwise).</summary>
    public static async Task<TrialPursuit> WritableAsync(BridgeheadDb db, long opportunityId, CancellationToken ct)
    {
        var pursuit = await FindAsync(db, opportunityId, ct);
        return pursuit.Open ? pursuit : throw new ConflictException([TrialsText.ClosedReadOnly]);
    }
}

/// <summary>Reads a pursuit's plan in a few small queries: phases, findings, quoted products, products, names.</summary>
internal static class TrialPlans
{
    public static DateOnly Today(BridgeheadDb db) => DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);

    public static async Task<TrialPlanDto> ReadAsync(BridgeheadDb db, TrialPursuit pursuit, CancellationToken ct)
    {
        var phases = await db.TrialPhases.AsNoTracking().Where(p => p.OpportunityId == pursuit.Id).ToListAsync(ct);
        phases = [.. phases.OrderBy(p => TrialRules.OrderOf(p.Kind)).ThenBy(p => p.Round)];
        var phaseIds = phases.Select(p => p.Id).ToList();
        var findings = phaseIds.Count == 0
            ? []
            : await db.TrialFindings.AsNoTracking().Where(f => phaseIds.Contains(f.PhaseId)).OrderBy(f => f.Id).ToListAsync(ct);
        // "All items" are the products of the pursuit's quotes that went out. Quality reads no
        // quote (a sales record), so they are read past the filters: for this one pursuit, which
        // the caller was found to see, and only the product ids, never a price.
        var quoted = await db.Quotes.AsNoTracking().IgnoreQueryFilters()
            .Where(q => q.OpportunityId == pursuit.Id && q.Status != QuoteStatus.Draft)
            .SelectMany(q => q.Lines.Select(l => l.ProductId))
            .Distinct().ToListAsync(ct);
        var productIds = phases.SelectMany(p => p.ProductIds).Concat(quoted).Distinct().ToList();
        var products = productIds.Count == 0
            ? []
            : await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id))
                .Select(p => new TrialProductDto(p.Id, p.Sku, p.Name)).ToDictionaryAsync(p => p.Id, ct);
        var userIds = phases.Select(p => p.ResultRecordedById).Concat(findings.Select(f => f.ClosedById)).OfType<long>().Distinct().ToList();
        var names = userIds.Count == 0
            ? []
            : await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);

        TrialProductDto Product(long id) => products.GetValueOrDefault(id) ?? new TrialProductDto(id, "#" + id, "");
        var quotedItems = quoted.Select(Product).OrderBy(p => p.Sku, StringComparer.Ordinal).ToList();
        var today = Today(db);
        var byPhase = findings.ToLookup(f => f.PhaseId);
        var dtos = phases.Select(p => ToDto(p, [.. byPhase[p.Id]], Product, quotedItems, names, today)).ToList();
        var summary = TrialRules.Judge(dtos.Select(p => new TrialRules.PhaseState(p.Kind, p.Round, p.Result, p.Counts.OpenFindings)));
        var nextRound = phases.Where(p => p.Kind == TrialKind.Pilot).Select(p => p.Round).DefaultIfEmpty(0).Max() + 1;
        return new TrialPlanDto(pursuit.Id, pursuit.Title, pursuit.AccountId, pursuit.AccountName, !pursuit.Open, nextRound,
            phases.Any(p => p.Kind == TrialKind.MassProduction), phases.Any(p => p.Kind == TrialKind.Audit), quotedItems, dtos, summary);
    }

    private static TrialPhaseDto ToDto(TrialPhase p, List<TrialFinding> findings, Func<long, TrialProductDto> product,
        IReadOnlyList<TrialProductDto> quotedItems, IReadOnlyDictionary<long, string> names, DateOnly today)
    {
        var findingDtos = findings.Select(f => ToDto(f, names, today)).ToList();
        var open = findings.Count(f => f.Status == FindingStatus.Open);
        var severe = findings.Count(f => f.Status == FindingStatus.Open && TrialRules.IsSevere(f.Severity));
        IReadOnlyList<TrialProductDto>? missing = p.Kind == TrialKind.Pilot && p.Round >= TrialRules.AllItemsFromRound
            ? [.. quotedItems.Where(q => !p.ProductIds.Contains(q.Id))]
            : null;
        var phase = new TrialPhaseDto
        {
            Id = p.Id,
            OpportunityId = p.OpportunityId,
            AccountId = p.AccountId,
            Kind = p.Kind,
            Round = p.Round,
            Name = TrialRules.NameOf(p.Kind, p.Round),
            Scope = new TrialScopeDto(p.ProductIds, [.. p.ProductIds.Select(product)], p.Lines),
            MissingItems = missing,
            PlannedStart = p.PlannedStart,
            PlannedEnd = p.PlannedEnd,
            ActualStart = p.ActualStart,
            ActualEnd = p.ActualEnd,
            Result = p.Result,
            ResultRecordedAt = p.ResultRecordedAt,
            ResultRecordedById = p.ResultRecordedById,
            ResultRecordedByName = p.ResultRecordedById is { } by ? names.GetValueOrDefault(by) : null,
            Issues = p.Issues,
            CorrectiveActions = p.CorrectiveActions,
            Notes = p.Notes,
            Overdue = p.Result == TrialResult.Pending && p.PlannedEnd is { } end && end < today,
            Findings = findingDtos,
            Counts = new TrialCountsDto(TrialRules.CountsAsPassed(p.Result, open), findings.Count, open, severe),
            Version = p.Version,
        };
        return p.Kind switch
        {
            TrialKind.MassProduction => new TrialRunDto
            {
                Id = phase.Id, OpportunityId = phase.OpportunityId, AccountId = phase.AccountId, Kind = phase.Kind, Round = phase.Round,
                Name = phase.Name, Scope = phase.Scope, MissingItems = phase.MissingItems, PlannedStart = phase.PlannedStart,
                PlannedEnd = phase.PlannedEnd, ActualStart = phase.ActualStart, ActualEnd = phase.ActualEnd, Result = phase.Result,
                ResultRecordedAt = phase.ResultRecordedAt, ResultRecordedById = phase.ResultRecordedById, ResultRecordedByName = phase.ResultRecordedByName,
                Issues = phase.Issues, CorrectiveActions = phase.CorrectiveActions, Notes = phase.Notes, Overdue = phase.Overdue,
                Findings = phase.Findings, Counts = phase.Counts, Version = phase.Version,
                PlannedOutput = p.PlannedOutput,
                ActualOutput = p.ActualOutput,
                YieldPercent = p.YieldPercent,
                ContinuousHours = p.ContinuousHours,
                DrillOn = p.DrillOn,
                DrillResult = p.DrillResult,
                DrillNotes = p.DrillNotes,
            },
            TrialKind.Audit => new TrialAuditDto
            {
                Id = phase.Id, OpportunityId = phase.OpportunityId, AccountId = phase.AccountId, Kind = phase.Kind, Round = phase.Round,
                Name = phase.Name, Scope = phase.Scope, MissingItems = phase.MissingItems, PlannedStart = phase.PlannedStart,
                PlannedEnd = phase.PlannedEnd, ActualStart = phase.ActualStart, ActualEnd = phase.ActualEnd, Result = phase.Result,
                ResultRecordedAt = phase.ResultRecordedAt, ResultRecordedById = phase.ResultRecordedById, ResultRecordedByName = phase.ResultRecordedByName,
                Issues = phase.Issues, CorrectiveActions = phase.CorrectiveActions, Notes = phase.Notes, Overdue = phase.Overdue,
                Findings = phase.Findings, Counts = phase.Counts, Version = phase.Version,
                Auditors = p.Auditors,
            },
            TrialKind.Pilot => phase,
            _ => throw new ArgumentOutOfRangeException(nameof(p)),
        };
    }

    private static TrialFindingDto ToDto(TrialFinding f, IReadOnlyDictionary<long, string> names, DateOnly today) =>
        new(f.Id, f.PhaseId, f.Text, f.Severity, f.Status, f.Resolution, f.DueOn,
            f.Status == FindingStatus.Open && f.DueOn is { } due && due < today,
            f.ClosedAt, f.ClosedById, f.ClosedById is { } by ? names.GetValueOrDefault(by) : null, f.Version);
}

/// <summary>
/// The scope rules of pilot rounds: products from the catalogue; a round tests at least what the
/// round before it tested (products and lines, lines compared without case) and, when edited, no
/// more than the round after it.
/// </summary>
internal static class TrialScope
{
    public sealed record Neighbour(int Round, IReadOnlyList<long> ProductIds, IReadOnlyList<string> Lines);

    public static async Task CheckAsync(BridgeheadDb db, Validator v, TrialKind kind, IReadOnlyList<long> productIds, IReadOnlyList<string> lines,
        Neighbour? before, Neighbour? after, CancellationToken ct)
    {
        var all = productIds.Concat(before?.ProductIds ?? []).Concat(after?.ProductIds ?? []).Distinct().ToList();
        var skus = all.Count == 0
            ? []
            : await db.Products.AsNoTracking().Where(p => all.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Sku, ct);
        var unknown = productIds.Where(id => !skus.ContainsKey(id)).ToList();
        if (unknown.Count > 0)
        {
            v.Add("scope.productIds", Validator.Format(TrialsText.UnknownProducts, string.Join(", ", unknown)));
        }
        if (kind != TrialKind.Pilot)
        {
            return;
        }
        string Named(IEnumerable<long> ids) => string.Join(", ", ids.Select(id => skus.GetValueOrDefault(id) ?? "#" + id));
        if (before is not null)
        {
            var dropped = before.ProductIds.Where(id => !productIds.Contains(id)).ToList();
            if (dropped.Count > 0)
            {
                v.Add("scope.productIds", Validator.Format(TrialsText.ShrinksProducts, before.Round, Named(dropped)));
            }
            var droppedLines = before.Lines.Where(l => !lines.Contains(l, TrialRules.LineComparer)).ToList();
            if (droppedLines.Count > 0)
            {
                v.Add("scope.lines", Validator.Format(TrialsText.ShrinksLines, before.Round, string.Join(", ", droppedLines)));
            }
        }
        if (after is not null)
        {
            var extra = productIds.Where(id => !after.ProductIds.Contains(id)).ToList();
            if (extra.Count > 0)
            {
                v.Add("scope.productIds", Validator.Format(TrialsText.BeyondNextProducts, after.Round, Named(extra)));
            }
            var extraLines = lines.Where(l => !after.Lines.Contains(l, TrialRules.LineComparer)).ToList();
            if (extraLines.Count > 0)
            {
                v.Add("scope.lines", Validator.Format(TrialsText.BeyondNextLines, after.Round, string.Join(", ", extraLines)));
            }
        }
    }

    /// <summary>The pilot rounds just before and after <paramref name="round"/> on the pursuit.</summary>
    public static async Task<(Neighbour? Before, Neighbour? After)> NeighboursAsync(BridgeheadDb db, long opportunityId, int round, CancellationToken ct)
    {
        var rows = await db.TrialPhases.AsNoTracking()
            .Where(p => p.OpportunityId == opportunityId && p.Kind == TrialKind.Pilot && (p.Round == round - 1 || p.Round == round + 1))
            .Select(p => new { p.Round, p.ProductIds, p.Lines }).ToListAsync(ct);
        Neighbour? Of(int r) => rows.Where(x => x.Round == r).Select(x => new Neighbour(x.Round, x.ProductIds, x.Lines)).FirstOrDefault();
        return (Of(round - 1), Of(round + 1));
    }
}

/// <summary>A pursuit's trial plan: phases in order with their findings, and what the gate judges.</summary>
public sealed class GetTrialPlan(BridgeheadDb db)
{
    public async Task<TrialPlanDto> HandleAsync(long opportunityId, CancellationToken ct)
    {
        var pursuit = await TrialPursuits.FindAsync(db, opportunityId, ct);
        return await TrialPlans.ReadAsync(db, pursuit, ct);
    }
}

/// <summary>One phase, as part of its pursuit's plan.</summary>
public sealed class GetTrialPhase(BridgeheadDb db)
{
    public async Task<TrialPhaseDto> HandleAsync(long phaseId, CancellationToken ct)
    {
        var plan = await PlanOfAsync(phaseId, ct);
        return plan.Phases.First(p => p.Id == phaseId);
    }

    /// <summary>The whole plan the phase belongs to (its pages show the pursuit and the neighbouring rounds).</summary>
    public async Task<TrialPlanDto> PlanOfAsync(long phaseId, CancellationToken ct)
    {
        TrialAccess.RequireReader(db.Viewer);
        var opportunityId = await db.TrialPhases.AsNoTracking().Where(p => p.Id == phaseId).Select(p => (long?)p.OpportunityId).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("trialPhase");
        var pursuit = await TrialPursuits.FindAsync(db, opportunityId, ct);
        return await TrialPlans.ReadAsync(db, pursuit, ct);
    }
}

/// <summary>One finding, as part of its phase.</summary>
public sealed class GetTrialFinding(BridgeheadDb db, GetTrialPhase getPhase)
{
    public async Task<TrialFindingDto> HandleAsync(long findingId, CancellationToken ct)
    {
        TrialAccess.RequireReader(db.Viewer);
        var phaseId = await db.TrialFindings.AsNoTracking().Where(f => f.Id == findingId).Select(f => (long?)f.PhaseId).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("trialFinding");
        return (await getPhase.HandleAsync(phaseId, ct)).Findings.First(f => f.Id == findingId);
    }
}

/// <summary>
/// Plans a phase: a pilot round (numbered in order, the next when none is given), the
/// mass-production run or the audit (one each per pursuit, 409 on a second). Sales writers only,
/// on an open pursuit. A pilot round tests at least one product on at least one line, and at
/// least what the round before it tested.
/// </summary>
public sealed class PlanTrialPhase(BridgeheadDb db, GetTrialPhase get)
{
    public async Task<TrialPhaseDto> HandleAsync(long opportunityId, NewTrialPhaseInput input, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var pursuit = await TrialPursuits.WritableAsync(db, opportunityId, ct);
        var v = new Validator();
        if (input.Kind is null)
        {
            v.Add("kind", CommonText.Required);
        }
        v.Defined("kind", input.Kind);
        v.ThrowIfInvalid();
        var kind = input.Kind!.Value;
        var existing = await db.TrialPhases.AsNoTracking().Where(p => p.OpportunityId == opportunityId)
            .Select(p => new { p.Kind, p.Round, p.ProductIds, p.Lines }).ToListAsync(ct);

        var round = 0;
        TrialScope.Neighbour? before = null;
        if (kind == TrialKind.Pilot)
        {
            var next = existing.Where(p => p.Kind == TrialKind.Pilot).Select(p => p.Round).DefaultIfEmpty(0).Max() + 1;
            round = input.Round ?? next;
            if (existing.Any(p => p.Kind == TrialKind.Pilot && p.Round == round))
            {
                throw new ConflictException([Validator.Format(TrialsText.RoundTaken, round)]);
            }
            if (round != next)
            {
                v.Add("round", Validator.Format(TrialsText.RoundOutOfOrder, next));
            }
            else if (round > TrialRules.MaxRound)
            {
                v.Add("round", Validator.Format(CommonText.OutOfRange, 1, TrialRules.MaxRound));
            }
            before = existing.Where(p => p.Kind == TrialKind.Pilot && p.Round == round - 1)
                .Select(p => new TrialScope.Neighbour(p.Round, p.ProductIds, p.Lines)).FirstOrDefault();
        }
        else
        {
            if (existing.Any(p => p.Kind == kind))
            {
                throw new ConflictException([kind == TrialKind.Audit ? TrialsText.OneAudit : TrialsText.OneRun]);
            }
            if (input.Round is { } given && given != 0)
            {
                v.Add("round", TrialsText.RoundOnlyForPilots);
            }
        }

        var plan = input.AsPlan();
        plan.Check(v, kind, TrialPlans.Today(db));
        await TrialScope.CheckAsync(db, v, kind, plan.CleanProductIds, plan.CleanLines, before, null, ct);
        v.ThrowIfInvalid();

        var phase = new TrialPhase
        {
            AccountId = pursuit.AccountId,
            OpportunityId = opportunityId,
            Kind = kind,
            Round = round,
            Result = TrialResult.Pending,
            DrillResult = TrialResult.Pending,
        };
        plan.ApplyPlan(phase);
        db.TrialPhases.Add(phase);
        await db.SaveAsync(ct);
        return await get.HandleAsync(phase.Id, ct);
    }
}

/// <summary>
/// Changes a phase; <c>change</c> receives the current values and returns the wanted ones. The
/// plan is changed by sales writers, the result by quality or an admin (403 for a change to the
/// other side's fields). A recorded result needs an actual end (today when none is given); failed
/// and conditional need the issues; passed is refused while major or critical findings are open.
/// </summary>
public sealed class UpdateTrialPhase(BridgeheadDb db, GetTrialPhase get)
{
    public async Task<TrialPhaseDto> HandleAsync(long phaseId, long? expectedVersion, Func<TrialPhaseInput, TrialPhaseInput> change, CancellationToken ct)
    {
        var viewer = TrialAccess.RequireReader(db.Viewer);
        var phase = await db.TrialPhases.FirstOrDefaultAsync(p => p.Id == phaseId, ct) ?? throw new NotFoundException("trialPhase");
        if (!viewer.CanEditSales && !viewer.RecordsTrialResults)
        {
            throw new ForbiddenException(CommonText.ReadOnlyRole);
        }
        Concurrency.Expect(db, phase, expectedVersion);
        var current = TrialPhaseInput.From(phase);
        var values = change(current);
        var planChanged = !values.SamePlan(current);
        var resultChanged = !values.SameResult(current);
        if (planChanged && !viewer.CanEditSales)
        {
            throw new ForbiddenException(TrialsText.PlanOnlySales);
        }
        if (resultChanged && !viewer.RecordsTrialResults)
        {
            throw new ForbiddenException(TrialsText.ResultOnlyQuality);
        }
        if (!planChanged && !resultChanged)
        {
            return await get.HandleAsync(phaseId, ct);
        }
        await TrialPursuits.WritableAsync(db, phase.OpportunityId, ct);

        var v = new Validator();
        values.Check(v, phase.Kind, TrialPlans.Today(db));
        if (planChanged)
        {
            var (before, after) = phase.Kind == TrialKind.Pilot
                ? await TrialScope.NeighboursAsync(db, phase.OpportunityId, phase.Round, ct)
                : (null, null);
            await TrialScope.CheckAsync(db, v, phase.Kind, values.CleanProductIds, values.CleanLines, before, after, ct);
        }
        if (resultChanged && values.Result == TrialResult.Passed && phase.Result != TrialResult.Passed)
        {
            var severe = await db.TrialFindings.CountAsync(f => f.PhaseId == phaseId && f.Status == FindingStatus.Open
                && (f.Severity == FindingSeverity.Major || f.Severity == FindingSeverity.Critical), ct);
            if (severe > 0)
            {
                v.Add("result", Validator.Format(TrialsText.PassedWithSevereOpen, severe));
            }
        }
        v.ThrowIfInvalid();

        if (planChanged)
        {
            values.ApplyPlan(phase);
        }
        if (resultChanged)
        {
            values.ApplyResult(phase, viewer.UserId, db.Clock.GetUtcNow().UtcDateTime);
        }
        await db.SaveAsync(ct);
        return await get.HandleAsync(phaseId, ct);
    }
}

/// <summary>
/// Removes a phase planned by mistake, with its findings: only while its result is pending and,
/// for a pilot, only the last round (so the numbering stays without gaps). Sales writers only.
/// </summary>
public sealed class DeleteTrialPhase(BridgeheadDb db)
{
    public async Task HandleAsync(long phaseId, long? expectedVersion, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var phase = await db.TrialPhases.FirstOrDefaultAsync(p => p.Id == phaseId, ct) ?? throw new NotFoundException("trialPhase");
        Concurrency.Expect(db, phase, expectedVersion);
        await TrialPursuits.WritableAsync(db, phase.OpportunityId, ct);
        var name = TrialRules.NameOf(phase.Kind, phase.Round);
        if (phase.Result != TrialResult.Pending)
        {
            throw new ConflictException([Validator.Format(TrialsText.DeleteNotPending, name, Labels.Of(phase.Result))]);
        }
        if (phase.Kind == TrialKind.Pilot)
        {
            var later = await db.TrialPhases.Where(p => p.OpportunityId == phase.OpportunityId && p.Kind == TrialKind.Pilot && p.Round > phase.Round)
                .MaxAsync(p => (int?)p.Round, ct);
            if (later is { } last)
            {
                throw new ConflictException([Validator.Format(TrialsText.DeleteNotLast, name, last)]);
            }
        }
        // Loaded so each removal is on the record (the database would cascade them silently).
        var findings = await db.TrialFindings.Where(f => f.PhaseId == phaseId).ToListAsync(ct);
        db.TrialFindings.RemoveRange(findings);
        db.TrialPhases.Remove(phase);
        await db.SaveAsync(ct);
    }
}

/// <summary>Checks shared by the finding use cases.</summary>
internal static class FindingRules
{
    /// <summary>A major or critical finding may not stand open on a phase recorded as passed: it would be a conditional pass.</summary>
    public static void RefuseSevereOnPassed(TrialPhase phase, FindingSeverity severity, FindingStatus status)
    {
        if (phase.Result == TrialResult.Passed && status == FindingStatus.Open && TrialRules.IsSevere(severity))
        {
            throw new ConflictException([Validator.Format(TrialsText.SevereOnPassed, TrialRules.NameOf(phase.Kind, phase.Round))]);
        }
    }
}

/// <summary>
/// Records a finding on a phase: quality and admin, and the sales writers (who often hear it
/// first from the customer). Open pursuits only. A major or critical finding on a phase recorded
/// as passed is refused (409): record the phase as conditional first.
/// </summary>
public sealed class AddTrialFinding(BridgeheadDb db, GetTrialFinding get)
{
    public async Task<TrialFindingDto> HandleAsync(long phaseId, NewFindingInput input, CancellationToken ct)
    {
        var viewer = TrialAccess.RequireReader(db.Viewer);
        var phase = await db.TrialPhases.AsNoTracking().FirstOrDefaultAsync(p => p.Id == phaseId, ct) ?? throw new NotFoundException("trialPhase");
        if (!TrialAccess.MayRecordFindings(viewer))
        {
            throw new ForbiddenException(TrialsText.FindingsNotAllowed);
        }
        await TrialPursuits.WritableAsync(db, phase.OpportunityId, ct);
        var values = new FindingInput { Text = input.Text, Severity = input.Severity, DueOn = input.DueOn, Status = FindingStatus.Open };
        var v = new Validator();
        values.Check(v);
        v.ThrowIfInvalid();
        FindingRules.RefuseSevereOnPassed(phase, values.Severity!.Value, FindingStatus.Open);
        var finding = new TrialFinding
        {
            AccountId = phase.AccountId,
            PhaseId = phaseId,
            Text = Text.Clean(values.Text)!,
            Severity = values.Severity.Value,
            Status = FindingStatus.Open,
            DueOn = values.DueOn,
        };
        db.TrialFindings.Add(finding);
        await db.SaveAsync(ct);
        return await get.HandleAsync(finding.Id, ct);
    }
}

/// <summary>
/// Changes a finding, closes it (with the resolution, required) or reopens it: quality and admin
/// only. Allowed while the pursuit is open, and after it was won (a conditional pass's findings
/// are often closed once the contract is signed); a lost or dropped pursuit's findings stay.
/// </summary>
public sealed class UpdateTrialFinding(BridgeheadDb db, GetTrialFinding get)
{
    public async Task<TrialFindingDto> HandleAsync(long findingId, long? expectedVersion, Func<FindingInput, FindingInput> change, CancellationToken ct)
    {
        var viewer = TrialAccess.RequireReader(db.Viewer);
        var finding = await db.TrialFindings.FirstOrDefaultAsync(f => f.Id == findingId, ct) ?? throw new NotFoundException("trialFinding");
        if (!viewer.RecordsTrialResults)
        {
            throw new ForbiddenException(TrialsText.FindingsOnlyQuality);
        }
        Concurrency.Expect(db, finding, expectedVersion);
        var phase = await db.TrialPhases.AsNoTracking().FirstAsync(p => p.Id == finding.PhaseId, ct);
        var pursuit = await TrialPursuits.FindAsync(db, phase.OpportunityId, ct);
        if (pursuit.Status is OpportunityStatus.Lost or OpportunityStatus.Dropped)
        {
            throw new ConflictException([TrialsText.ClosedReadOnly]);
        }
        var values = change(FindingInput.From(finding));
        var v = new Validator();
        values.Check(v);
        v.ThrowIfInvalid();
        var severity = values.Severity!.Value;
        var status = values.Status!.Value;
        if (finding.Status != status || finding.Severity != severity)
        {
            FindingRules.RefuseSevereOnPassed(phase, severity, status);
        }
        var now = db.Clock.GetUtcNow().UtcDateTime;
        if (status != finding.Status)
        {
            finding.ClosedAt = status == FindingStatus.Closed ? now : null;
            finding.ClosedById = status == FindingStatus.Closed ? viewer.UserId : null;
        }
        finding.Text = Text.Clean(values.Text)!;
        finding.Severity = severity;
        finding.Status = status;
        finding.DueOn = values.DueOn;
        finding.Resolution = Text.Clean(values.Resolution);
        await db.SaveAsync(ct);
        return await get.HandleAsync(findingId, ct);
    }
}

/// <summary>Removes a finding recorded by mistake: only while it is open, by those who may record findings, on an open pursuit.</summary>
public sealed class DeleteTrialFinding(BridgeheadDb db)
{
    public async Task HandleAsync(long findingId, long? expectedVersion, CancellationToken ct)
    {
        var viewer = TrialAccess.RequireReader(db.Viewer);
        var finding = await db.TrialFindings.FirstOrDefaultAsync(f => f.Id == findingId, ct) ?? throw new NotFoundException("trialFinding");
        if (!TrialAccess.MayRecordFindings(viewer))
        {
            throw new ForbiddenException(TrialsText.FindingsNotAllowed);
        }
        Concurrency.Expect(db, finding, expectedVersion);
        if (finding.Status != FindingStatus.Open)
        {
            throw new ConflictException([TrialsText.DeleteClosedFinding]);
        }
        var opportunityId = await db.TrialPhases.AsNoTracking().Where(p => p.Id == finding.PhaseId).Select(p => p.OpportunityId).FirstAsync(ct);
        await TrialPursuits.WritableAsync(db, opportunityId, ct);
        db.TrialFindings.Remove(finding);
        await db.SaveAsync(ct);
    }
}

/// <summary>
/// The phases the caller sees, across pursuits, soonest planned end first (unplanned last): the
/// quality role's worklist. Two queries per page: the phases, then their pursuits' titles.
/// </summary>
public sealed class ListTrialPhases(BridgeheadDb db)
{
    private static readonly DateOnly NoEnd = new(9999, 12, 31);

    public async Task<Page<TrialListItemDto>> HandleAsync(TrialFilter filter, PageRequest page, CancellationToken ct)
    {
        TrialAccess.RequireReader(db.Viewer);
        var query = db.TrialPhases.AsNoTracking();
        if (filter.Result is { } result)
        {
            query = query.Where(p => p.Result == result);
        }
        if (filter.Kind is { } kind)
        {
            query = query.Where(p => p.Kind == kind);
        }
        if (filter.AccountId is { } accountId)
        {
            query = query.Where(p => p.AccountId == accountId);
        }
        if (filter.OpportunityId is { } opportunityId)
        {
            query = query.Where(p => p.OpportunityId == opportunityId);
        }
        if (filter.PlannedEndBefore is { } before)
        {
            query = query.Where(p => p.PlannedEnd != null && p.PlannedEnd <= before);
        }
        var rows = await query.ToPageAsync(p => p.PlannedEnd ?? NoEnd, p => p.Id, descending: false, page,
            p => new
            {
                p.Id, p.OpportunityId, p.AccountId, p.Kind, p.Round, p.PlannedStart, p.PlannedEnd, p.ActualEnd, p.Result, p.Version,
                Open = db.TrialFindings.Count(f => f.PhaseId == p.Id && f.Status == FindingStatus.Open),
            },
            r => (r.PlannedEnd ?? NoEnd, r.Id), ct);
        var pursuits = await TrialPursuits.FindManyAsync(db, [.. rows.Items.Select(r => r.OpportunityId).Distinct()], ct);
        var today = TrialPlans.Today(db);
        var items = rows.Items.Select(r =>
        {
            var pursuit = pursuits.GetValueOrDefault(r.OpportunityId);
            return new TrialListItemDto(r.Id, r.OpportunityId, pursuit?.Title ?? "", r.AccountId, pursuit?.AccountName ?? "", r.Kind, r.Round,
                TrialRules.NameOf(r.Kind, r.Round), r.PlannedStart, r.PlannedEnd, r.ActualEnd, r.Result, r.Open,
                r.Result == TrialResult.Pending && r.PlannedEnd is { } end && end < today, r.Version);
        }).ToList();
        return new Page<TrialListItemDto>(items, rows.NextCursor);
    }
}

/// <summary>
/// The products a plan form offers: the active catalogue, plus those already in the scope being
/// edited (a retired product stays selectable where it is tested), by SKU; no price, no cost.
/// </summary>
public sealed class ListTrialProductChoices(BridgeheadDb db)
{
    public const int Max = 1000;

    public async Task<IReadOnlyList<TrialProductDto>> HandleAsync(IReadOnlyCollection<long> keep, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        return await db.Products.AsNoTracking().Where(p => p.IsActive || keep.Contains(p.Id))
            .OrderBy(p => p.SkuKey).ThenBy(p => p.Id).Take(Max)
            .Select(p => new TrialProductDto(p.Id, p.Sku, p.Name)).ToListAsync(ct);
    }
}
