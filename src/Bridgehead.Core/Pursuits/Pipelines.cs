using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Pursuits;

/// <summary>A gate criterion as a pipeline stage applies it (or not).</summary>
public sealed record CriterionSettingDto(string Key, string Name, bool Enabled);

/// <summary>One of a pipeline's ten stages.</summary>
/// <param name="Name">This pipeline's name for the stage in the reader's language.</param>
/// <param name="IsPursuit">Stages 1-8 are steps of a pursuit; 9-10 are the life of a won account.</param>
public sealed record PipelineStageDto(
    string Key, int Number, string Name, string? NameEn, string? NameKo, bool IsPursuit, bool Skipped, int Probability, int? StalledAfterDays,
    IReadOnlyList<CriterionSettingDto> Criteria);

/// <summary>A pipeline as the API returns it.</summary>
public sealed record PipelineDto(long Id, string Name, string NameEn, string NameKo, bool IsDefault, long Version, IReadOnlyList<PipelineStageDto> Stages)
{
    internal static PipelineDto From(Pipeline p, GateEngine engine) => new(p.Id, p.Name, p.NameEn, p.NameKo, p.IsDefault, p.Version,
        [.. p.Stages.OrderBy(s => s.Number).Select(s => new PipelineStageDto(
            s.Key, s.Number, s.Name, s.NameEn, s.NameKo, Pursuits.Stages.IsPursuitStage(s.Key), s.Skipped, s.Probability, s.StalledAfterDays,
            [.. engine.Criteria.Where(c => c.Stages.Contains(s.Key)).Select(c => new CriterionSettingDto(c.Key, c.Name, !s.DisabledCriteria.Contains(c.Key)))]))]);
}

/// <summary>Changes to one stage; fields left out keep their value.</summary>
/// <param name="NameEn">This pipeline's English name for the stage; an empty string returns to the standard name.</param>
/// <param name="StalledAfterDays">Days before an open pursuit counts as stalled; 0 turns the flag off.</param>
/// <param name="DisabledCriteria">Keys of the stage's gate criteria this pipeline does not apply; the list replaces the current one.</param>
public sealed record PipelineStageInput(
    string? Key, string? NameEn, string? NameKo, bool? Skipped, int? Probability, int? StalledAfterDays, IReadOnlyList<string>? DisabledCriteria);

/// <summary>The body of POST and PATCH /pipelines; fields left out keep their value.</summary>
/// <param name="IsDefault">True makes this the pipeline new pursuits follow (the former default stops being it).</param>
/// <param name="CopyFrom">On creation: the pipeline whose stage settings to start from; the standard ten stages otherwise.</param>
public sealed record PipelineInput(string? NameEn, string? NameKo, bool? IsDefault, IReadOnlyList<PipelineStageInput>? Stages, long? CopyFrom = null)
{
    public const int MaxStalledDays = 3650;

    internal async Task ApplyAsync(BridgeheadDb db, GateEngine engine, Pipeline pipeline, CancellationToken ct)
    {
        var v = new Validator();
        if (pipeline.Id == 0 || NameEn is not null)
        {
            v.Required("nameEn", NameEn, Pipeline.MaxName);
        }
        v.MaxLength("nameKo", Text.Clean(NameKo), Pipeline.MaxName);
        if (IsDefault == false && pipeline.IsDefault)
        {
            v.Add("isDefault", PursuitsText.KeepOneDefault);
        }

        var seen = new HashSet<string>();
        foreach (var (s, i) in (Stages ?? []).Select((s, i) => (s, i)))
        {
            var field = $"stages[{i}]";
            var stage = pipeline.Stages.FirstOrDefault(x => x.Key == s.Key);
            if (stage is null)
            {
                v.Add(field + ".key", Validator.Format(PursuitsText.UnknownStageKey, string.Join(", ", Pursuits.Stages.All.Select(x => x.Key))));
                continue;
            }
            if (!seen.Add(stage.Key))
            {
                v.Add(field + ".key", PursuitsText.StageListedTwice);
            }
            v.MaxLength(field + ".nameEn", Text.Clean(s.NameEn), Pipeline.MaxName);
            v.MaxLength(field + ".nameKo", Text.Clean(s.NameKo), Pipeline.MaxName);
            v.Range(field + ".probability", s.Probability, 0, 100);
            v.Range(field + ".stalledAfterDays", s.StalledAfterDays, 0, MaxStalledDays);
            if (s.Skipped == true && !Pursuits.Stages.IsPursuitStage(stage.Key))
            {
                v.Add(field + ".skipped", PursuitsText.OnlyPursuitStagesSkip);
            }
            var known = engine.Criteria.Where(c => c.Stages.Contains(stage.Key)).Select(c => c.Key).ToHashSet();
            foreach (var key in s.DisabledCriteria ?? [])
            {
                if (!known.Contains(key))
                {
                    v.Add(field + ".disabledCriteria", Validator.Format(PursuitsText.UnknownCriterion, key, string.Join(", ", known)));
                }
            }
            if (v.IsValid)
            {
                if (s.NameEn is not null)
                {
                    stage.NameEn = Text.Clean(s.NameEn);
                }
                if (s.NameKo is not null)
                {
                    stage.NameKo = Text.Clean(s.NameKo);
                }
                stage.Skipped = s.Skipped ?? stage.Skipped;
                stage.Probability = s.Probability ?? stage.Probability;
                if (s.StalledAfterDays is { } days)
                {
                    stage.StalledAfterDays = days == 0 ? null : days;
                }
                if (s.DisabledCriteria is { } off)
                {
                    stage.DisabledCriteria = [.. off.Distinct()];
                }
            }
        }
        if (v.IsValid && PipelineRules.ActiveStages(pipeline).Count == 0)
        {
            v.Add("stages", PursuitsText.NeedOneActiveStage);
        }
        v.ThrowIfInvalid();

        if (NameEn is not null)
        {
            pipeline.NameEn = NameEn.Trim();
        }
        pipeline.NameKo = Text.Clean(NameKo) ?? (pipeline.Id == 0 || string.IsNullOrEmpty(pipeline.NameKo) ? pipeline.NameEn : pipeline.NameKo);
        if (IsDefault == true && !pipeline.IsDefault)
        {
            foreach (var other in await db.Pipelines.Where(p => p.IsDefault).ToListAsync(ct))
            {
                other.IsDefault = false;
            }
            pipeline.IsDefault = true;
        }
    }
}

/// <summary>Every pipeline, the default first; anyone signed in reads them (pages name stages by them).</summary>
public sealed class ListPipelines(BridgeheadDb db, GateEngine engine)
{
    public async Task<IReadOnlyList<PipelineDto>> HandleAsync(CancellationToken ct)
    {
        Access.Require(db.Viewer);
        return [.. (await GateEngine.LoadPipelinesAsync(db, ct)).Select(p => PipelineDto.From(p, engine))];
    }
}

/// <summary>One pipeline.</summary>
public sealed class GetPipeline(BridgeheadDb db, GateEngine engine)
{
    public async Task<PipelineDto> HandleAsync(long id, CancellationToken ct)
    {
        Access.Require(db.Viewer);
        var pipeline = (await GateEngine.LoadPipelinesAsync(db, ct)).FirstOrDefault(p => p.Id == id)
            ?? throw new NotFoundException("pipeline");
        return PipelineDto.From(pipeline, engine);
    }
}

/// <summary>An admin adds a pipeline for a business unit or product line, from the standard stages or a copy of another pipeline.</summary>
public sealed class CreatePipeline(BridgeheadDb db, GateEngine engine, GetPipeline get)
{
    public async Task<PipelineDto> HandleAsync(PipelineInput input, CancellationToken ct)
    {
        Access.RequireAdmin(db.Viewer, PursuitsText.PipelinesAdminsOnly);
        List<PipelineStage> stages;
        if (input.CopyFrom is { } sourceId)
        {
            var source = await db.Pipelines.AsNoTracking().Include(p => p.Stages).FirstOrDefaultAsync(p => p.Id == sourceId, ct)
                ?? throw ValidationException.For("copyFrom", PursuitsText.UnknownPipeline);
            stages = [.. source.Stages.OrderBy(s => s.Number).Select(s => new PipelineStage
            {
                Key = s.Key,
                Number = s.Number,
                NameEn = s.NameEn,
                NameKo = s.NameKo,
                Skipped = s.Skipped,
                Probability = s.Probability,
                StalledAfterDays = s.StalledAfterDays,
                DisabledCriteria = [.. s.DisabledCriteria],
            })];
        }
        else
        {
            stages = PipelineRules.DefaultStages();
        }
        var pipeline = new Pipeline { NameEn = "", NameKo = "", Stages = stages };
        await input.ApplyAsync(db, engine, pipeline, ct);
        db.Pipelines.Add(pipeline);
        await db.SaveAsync(ct);
        return await get.HandleAsync(pipeline.Id, ct);
    }
}

/// <summary>An admin renames, skips stages, sets probabilities, stall thresholds and gate criteria. Opportunities keep their stage.</summary>
public sealed class UpdatePipeline(BridgeheadDb db, GateEngine engine, GetPipeline get)
{
    public async Task<PipelineDto> HandleAsync(long id, long? expectedVersion, PipelineInput input, CancellationToken ct)
    {
        Access.RequireAdmin(db.Viewer, PursuitsText.PipelinesAdminsOnly);
        var pipeline = await db.Pipelines.Include(p => p.Stages).FirstOrDefaultAsync(p => p.Id == id, ct)
            ?? throw new NotFoundException("pipeline");
        Concurrency.Expect(db, pipeline, expectedVersion);
        if (input.CopyFrom is not null)
        {
            throw ValidationException.For("copyFrom", PursuitsText.CopyOnlyOnCreate);
        }
        await input.ApplyAsync(db, engine, pipeline, ct);
        // A change to a stage is a change to the pipeline: its version rises, so stale edits are refused.
        db.Entry(pipeline).Property(p => p.UpdatedAt).IsModified = true;
        await db.SaveAsync(ct);
        return await get.HandleAsync(pipeline.Id, ct);
    }
}

/// <summary>An admin deletes a pipeline no opportunity has ever followed; the default cannot go.</summary>
public sealed class DeletePipeline(BridgeheadDb db)
{
    public async Task HandleAsync(long id, long? expectedVersion, CancellationToken ct)
    {
        Access.RequireAdmin(db.Viewer, PursuitsText.PipelinesAdminsOnly);
        var pipeline = await db.Pipelines.Include(p => p.Stages).FirstOrDefaultAsync(p => p.Id == id, ct)
            ?? throw new NotFoundException("pipeline");
        Concurrency.Expect(db, pipeline, expectedVersion);
        if (pipeline.IsDefault)
        {
            throw new ConflictException([PursuitsText.DefaultCannotGo]);
        }
        var used = await db.Opportunities.IgnoreQueryFilters().AnyAsync(o => o.PipelineId == id, ct)
            || await db.StageChanges.IgnoreQueryFilters().AnyAsync(c => c.PipelineId == id, ct);
        if (used)
        {
            throw new ConflictException([PursuitsText.PipelineInUse]);
        }
        db.Pipelines.Remove(pipeline);
        await db.SaveAsync(ct);
    }
}
