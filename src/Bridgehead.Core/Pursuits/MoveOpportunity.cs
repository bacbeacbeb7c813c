using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Pursuits;

/// <summary>The gate of an opportunity's current stage as the API returns it.</summary>
/// <param name="NextStage">Where advance goes: the next stage that is not skipped; null when the next step is winning.</param>
public sealed record GateDto(long OpportunityId, string Stage, string StageName, string? NextStage, int Met, int Total, bool IsOpen, IReadOnlyList<CriterionResult> Criteria);

/// <summary>A manager's decision to move on although criteria are unmet.</summary>
public sealed record OverrideInput(string? Reason);

/// <summary>The body of POST /opportunities/{id}/advance.</summary>
/// <param name="ToStage">A stage of the pipeline; forward needs every gate on the way, back needs a reason. Omitted: the next stage, or won after the last one.</param>
/// <param name="Reason">Why it moves back.</param>
public sealed record AdvanceInput(string? ToStage, OverrideInput? Override, string? Reason);

/// <summary>The body of POST /opportunities/{id}/close.</summary>
public sealed record CloseInput(OpportunityStatus? Outcome, CloseReason? Reason, long? CompetitorId, string? Note);

/// <summary>The body of POST /opportunities/{id}/reopen.</summary>
public sealed record ReopenInput(string? Reason);

/// <summary>One step of the stage history, with the time the opportunity then spent in the stage it entered.</summary>
public sealed record StageStepDto(
    long Id,
    StageMove Move,
    string? FromStage,
    string? FromStageName,
    string ToStage,
    string ToStageName,
    OpportunityStatus Status,
    string? Reason,
    IReadOnlyList<string> UnmetCriteria,
    CloseReason? CloseReason,
    long? CompetitorId,
    string? CompetitorName,
    long PipelineId,
    string PipelineName,
    long? ChangedById,
    string ChangedByName,
    DateTime At,
    int DaysInStage);

/// <summary>Reads an opportunity for a move: visible, writable by the caller, at the version they saw.</summary>
internal static class Moves
{
    public static async Task<(Opportunity Opportunity, Pipeline Pipeline)> LoadAsync(BridgeheadDb db, long id, long? expectedVersion, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var opportunity = await db.Opportunities.FirstOrDefaultAsync(o => o.Id == id, ct)
            ?? throw new NotFoundException("opportunity");
        Concurrency.Expect(db, opportunity, expectedVersion);
        var pipeline = (await GateEngine.LoadPipelinesAsync(db, ct)).First(p => p.Id == opportunity.PipelineId);
        return (opportunity, pipeline);
    }

    public static void Record(BridgeheadDb db, Opportunity o, StageMove move, string? from, DateTime now, Action<StageChange>? more = null)
    {
        var viewer = db.Viewer ?? Viewer.System;
        var change = new StageChange
        {
            OpportunityId = o.Id,
            PipelineId = o.PipelineId,
            Move = move,
            FromStage = from,
            ToStage = o.Stage,
            Status = o.Status,
            ChangedById = viewer.UserId,
            ChangedByName = viewer.Name,
            At = now,
        };
        more?.Invoke(change);
        if (o.Id == 0)
        {
            // A new pursuit: the change is saved with it and takes its id then.
            change.Opportunity = o;
        }
        db.StageChanges.Add(change);
    }

    /// <summary>
    /// Tells those who follow the pursuit that its stage changed (before the save, so both commit
    /// together). Winning, losing, dropping and reopening in the same stage change the status, not
    /// the stage, and raise nothing here.
    /// </summary>
    public static void RaiseStageChanged(BridgeheadDb db, Opportunity o, string from)
    {
        if (o.Stage == from)
        {
            return;
        }
        Notifications.Events.Raise(db, Notifications.NotificationEvent.StageChanged, "opportunity", o.Id, o.AccountId,
            new { title = o.Title, fromStage = from, toStage = o.Stage });
    }
}

/// <summary>The criteria to leave the opportunity's current stage, each met or not, with why.</summary>
public sealed class GetGate(BridgeheadDb db, GateEngine engine)
{
    public async Task<GateDto> HandleAsync(long id, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        var o = await db.Opportunities.AsNoTracking().Where(x => x.Id == id)
            .Select(x => new { x.Id, x.PipelineId, x.Stage }).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("opportunity");
        var pipelines = await GateEngine.LoadPipelinesAsync(db, ct);
        var pipeline = pipelines.First(p => p.Id == o.PipelineId);
        var gate = (await engine.JudgeAsync([new GateSubject(o.Id, o.PipelineId, o.Stage)], pipelines, ct))[o.Id];
        return new GateDto(o.Id, o.Stage, PipelineRules.Stage(pipeline, o.Stage).Name, PipelineRules.Next(pipeline, o.Stage)?.Key,
            gate.MetCount, gate.Criteria.Count, gate.IsOpen, gate.Criteria);
    }
}

/// <summary>
/// Moves an open opportunity: forward when every gate on the way is met (or a manager overrides
/// with a reason), back with a reason, and to won past the last stage's gate.
/// </summary>
public sealed class AdvanceOpportunity(BridgeheadDb db, GateEngine engine, GetOpportunity get)
{
    public async Task<OpportunityDto> HandleAsync(long id, long? expectedVersion, AdvanceInput input, CancellationToken ct)
    {
        var (o, pipeline) = await Moves.LoadAsync(db, id, expectedVersion, ct);
        var viewer = Access.Require(db.Viewer);
        if (o.Status != OpportunityStatus.Open)
        {
            throw new ConflictException([PursuitsText.ClosedCannotMove]);
        }

        var v = new Validator();
        var current = PipelineRules.Stage(pipeline, o.Stage);
        PipelineStage? target;
        if (Text.Clean(input.ToStage) is { } key)
        {
            target = pipeline.Stages.FirstOrDefault(s => s.Key == key);
            if (target is null || !Stages.IsPursuitStage(key))
            {
                v.Add("toStage", OpportunityInput.UnknownStage());
            }
            else if (target.Skipped)
            {
                v.Add("toStage", PursuitsText.StageSkipped);
            }
            else if (target.Key == current.Key)
            {
                v.Add("toStage", PursuitsText.AlreadyInStage);
            }
        }
        else
        {
            target = PipelineRules.Next(pipeline, o.Stage);
        }
        v.MaxLength("reason", Text.Clean(input.Reason), StageChange.MaxReason);
        v.MaxLength("override.reason", Text.Clean(input.Override?.Reason), StageChange.MaxReason);
        var backward = target is not null && target.Number < current.Number;
        var reason = Text.Clean(input.Reason) ?? Text.Clean(input.Override?.Reason);
        if (backward && reason is null)
        {
            v.Add("reason", PursuitsText.BackNeedsReason);
        }
        if (input.Override is not null && Text.Clean(input.Override.Reason) is null)
        {
            v.Add("override.reason", PursuitsText.OverrideNeedsReason);
        }
        v.ThrowIfInvalid();

        var now = db.Clock.GetUtcNow().UtcDateTime;
        var from = o.Stage;
        if (backward)
        {
            o.Stage = target!.Key;
            o.StageEnteredAt = now;
            Moves.Record(db, o, StageMove.MovedBack, from, now, c => c.Reason = reason);
            Moves.RaiseStageChanged(db, o, from);
            await db.SaveAsync(ct);
            return await get.HandleAsync(o.Id, ct);
        }

        // Forward: the gates of the current stage and of every active stage passed on the way.
        var passed = PipelineRules.ActiveStages(pipeline)
            .Where(s => s.Number > current.Number && (target is null || s.Number < target.Number))
            .Select(s => s.Key)
            .Prepend(current.Key)
            .ToList();
        var pipelines = new[] { pipeline };
        var gate = (await engine.JudgeAsync([(new GateSubject(o.Id, o.PipelineId, o.Stage), passed)], pipelines, ct))[o.Id];
        var move = target is null ? StageMove.Won : StageMove.Advanced;
        if (!gate.IsOpen)
        {
            if (input.Override is null)
            {
                var blocked = new ConflictException([.. gate.Unmet.Select(c => $"{c.Name}: {c.Why}")]);
                blocked.Extensions["unmet"] = gate.Unmet;
                throw blocked;
            }
            if (!viewer.CanOverrideGates)
            {
                throw new ForbiddenException(PursuitsText.OverrideManagersOnly);
            }
            move = StageMove.Overridden;
        }

        if (target is null)
        {
            o.Status = OpportunityStatus.Won;
            o.ClosedAt = now;
            // The first win makes a prospect a customer: it now belongs to stages 9-10.
            var account = await db.Accounts.FirstAsync(a => a.Id == o.AccountId, ct);
            if (account.Status == Accounts.AccountStatus.Prospect)
            {
                account.Status = Accounts.AccountStatus.Customer;
            }
        }
        else
        {
            o.Stage = target.Key;
            o.StageEnteredAt = now;
        }
        Moves.Record(db, o, move, from, now, c =>
        {
            if (move == StageMove.Overridden)
            {
                c.Reason = Text.Clean(input.Override!.Reason);
                c.UnmetCriteria = [.. gate.Unmet.Select(u => u.Key)];
            }
        });
        Moves.RaiseStageChanged(db, o, from);
        if (move == StageMove.Overridden)
        {
            // Overriding into a win names "won" as the stage it went to.
            Notifications.Events.Raise(db, Notifications.NotificationEvent.GateOverridden, "opportunity", o.Id, o.AccountId,
                new { title = o.Title, fromStage = from, toStage = target?.Key ?? "won", reason = Text.Clean(input.Override!.Reason) });
        }
        await db.SaveAsync(ct);
        return await get.HandleAsync(o.Id, ct);
    }
}

/// <summary>Closes an open pursuit as lost or dropped, with a structured reason and, if lost to a rival, who won.</summary>
public sealed class CloseOpportunity(BridgeheadDb db, GetOpportunity get)
{
    public async Task<OpportunityDto> HandleAsync(long id, long? expectedVersion, CloseInput input, CancellationToken ct)
    {
        var (o, _) = await Moves.LoadAsync(db, id, expectedVersion, ct);
        var v = new Validator();
        if (input.Outcome is null)
        {
            v.Add("outcome", CommonText.Required);
        }
        else if (input.Outcome is not (OpportunityStatus.Lost or OpportunityStatus.Dropped))
        {
            v.Add("outcome", PursuitsText.OutcomeLostOrDropped);
        }
        if (input.Reason is null)
        {
            v.Add("reason", CommonText.Required);
        }
        v.Defined("reason", input.Reason);
        v.MaxLength("note", Text.Clean(input.Note), StageChange.MaxReason);
        if (input.CompetitorId is { } competitorId)
        {
            if (!await db.Competitors.AnyAsync(c => c.Id == competitorId, ct))
            {
                v.Add("competitorId", PursuitsText.UnknownCompetitor);
            }
        }
        else if (input.Reason == CloseReason.CompetitorChosen)
        {
            v.Add("competitorId", PursuitsText.CompetitorNeeded);
        }
        v.ThrowIfInvalid();
        if (o.Status != OpportunityStatus.Open)
        {
            throw new ConflictException([PursuitsText.AlreadyClosed]);
        }

        var now = db.Clock.GetUtcNow().UtcDateTime;
        o.Status = input.Outcome!.Value;
        o.ClosedAt = now;
        o.CloseReason = input.Reason;
        o.WinningCompetitorId = input.CompetitorId;
        Moves.Record(db, o, o.Status == OpportunityStatus.Lost ? StageMove.Lost : StageMove.Dropped, o.Stage, now, c =>
        {
            c.CloseReason = input.Reason;
            c.CompetitorId = input.CompetitorId;
            c.Reason = Text.Clean(input.Note);
        });
        await db.SaveAsync(ct);
        return await get.HandleAsync(o.Id, ct);
    }
}

/// <summary>A manager (or admin) opens a closed pursuit again, in the stage where it closed, with a reason.</summary>
public sealed class ReopenOpportunity(BridgeheadDb db, GetOpportunity get)
{
    public async Task<OpportunityDto> HandleAsync(long id, long? expectedVersion, ReopenInput input, CancellationToken ct)
    {
        var (o, pipeline) = await Moves.LoadAsync(db, id, expectedVersion, ct);
        if (!Access.Require(db.Viewer).CanOverrideGates)
        {
            throw new ForbiddenException(PursuitsText.ReopenManagersOnly);
        }
        var v = new Validator();
        v.Required("reason", input.Reason, StageChange.MaxReason);
        v.ThrowIfInvalid();
        if (o.Status == OpportunityStatus.Open)
        {
            throw new ConflictException([PursuitsText.NotClosed]);
        }

        var now = db.Clock.GetUtcNow().UtcDateTime;
        var closedIn = o.Stage;
        if (PipelineRules.Stage(pipeline, o.Stage).Skipped)
        {
            // The pipeline has skipped that stage since: reopen in the last active stage before it.
            var number = PipelineRules.Stage(pipeline, o.Stage).Number;
            o.Stage = (PipelineRules.ActiveStages(pipeline).LastOrDefault(s => s.Number < number) ?? PipelineRules.FirstStage(pipeline)).Key;
        }
        o.Status = OpportunityStatus.Open;
        o.ClosedAt = null;
        o.CloseReason = null;
        o.WinningCompetitorId = null;
        o.StageEnteredAt = now;
        Moves.Record(db, o, StageMove.Reopened, closedIn, now, c => c.Reason = input.Reason!.Trim());
        // Only when the stage it closed in has been skipped since does reopening change the stage.
        Moves.RaiseStageChanged(db, o, closedIn);
        await db.SaveAsync(ct);
        return await get.HandleAsync(o.Id, ct);
    }
}

/// <summary>Every stage step of an opportunity, oldest first, with time spent in each stage.</summary>
public sealed class GetStageHistory(BridgeheadDb db)
{
    public async Task<IReadOnlyList<StageStepDto>> HandleAsync(long id, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        var o = await db.Opportunities.AsNoTracking().Where(x => x.Id == id)
            .Select(x => new { x.Id, x.Status, x.ClosedAt }).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("opportunity");
        var steps = await db.StageChanges.AsNoTracking().Where(c => c.OpportunityId == id)
            .OrderBy(c => c.At).ThenBy(c => c.Id).ToListAsync(ct);
        var competitorIds = steps.Where(s => s.CompetitorId is not null).Select(s => s.CompetitorId!.Value).Distinct().ToList();
        var competitors = await db.Competitors.AsNoTracking().Where(c => competitorIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var pipelines = await GateEngine.LoadPipelinesAsync(db, ct);
        string NameIn(long pipelineId, string? key) => key is null ? "" :
            pipelines.FirstOrDefault(p => p.Id == pipelineId)?.Stages.FirstOrDefault(s => s.Key == key)?.Name ?? Stages.Find(key)?.Name ?? key;

        var now = db.Clock.GetUtcNow().UtcDateTime;
        return [.. steps.Select((s, i) =>
        {
            var until = i + 1 < steps.Count ? steps[i + 1].At : (o.ClosedAt ?? now);
            return new StageStepDto(s.Id, s.Move, s.FromStage, s.FromStage is null ? null : NameIn(s.PipelineId, s.FromStage), s.ToStage, NameIn(s.PipelineId, s.ToStage),
                s.Status, s.Reason, s.UnmetCriteria, s.CloseReason, s.CompetitorId,
                s.CompetitorId is { } c ? competitors.GetValueOrDefault(c) : null,
                s.PipelineId, pipelines.FirstOrDefault(p => p.Id == s.PipelineId)?.Name ?? "", s.ChangedById, s.ChangedByName, s.At,
                OpportunityDto.DaysBetween(s.At, until));
        })];
    }
}
