using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Pursuits;

/// <summary>The fields of an opportunity that people edit; the body of POST and, merged, of PATCH.</summary>
public sealed record OpportunityInput
{
    public const int MaxProbability = 100;

    public long? AccountId { get; init; }
    public string? Title { get; init; }

    /// <summary>The process to follow; the default pipeline when not named.</summary>
    public long? PipelineId { get; init; }

    /// <summary>Read-only here: a new pursuit starts at its pipeline's first stage and moves through the gates (advance).</summary>
    public string? Stage { get; init; }
    public string? ProductCategory { get; init; }
    public long? ApplicationId { get; init; }

    /// <summary>Why now and how we get in.</summary>
    public string? EntryAngle { get; init; }

    /// <summary>Set directly, or with a rationale and partners through POST /opportunities/{id}/route.</summary>
    public Route? Route { get; init; }
    public Money? EstimatedAnnualValue { get; init; }
    public DateOnly? ExpectedCloseDate { get; init; }

    /// <summary>The owner's own chance of winning instead of the stage's; null follows the stage.</summary>
    public int? Probability { get; init; }

    /// <summary>Required with <see cref="Probability"/>: why the stage's figure does not fit.</summary>
    public string? ProbabilityReason { get; init; }
    public ForecastCategory? ForecastCategory { get; init; }

    /// <summary>Read-only here: won through the last gate, lost or dropped through close, open again through reopen.</summary>
    public OpportunityStatus? Status { get; init; }
    public long? OwnerId { get; init; }
    public string? Notes { get; init; }

    public static OpportunityInput From(Opportunity o) => new()
    {
        AccountId = o.AccountId,
        Title = o.Title,
        PipelineId = o.PipelineId,
        Stage = o.Stage,
        ProductCategory = o.ProductCategory,
        ApplicationId = o.ApplicationId,
        EntryAngle = o.EntryAngle,
        Route = o.Route,
        EstimatedAnnualValue = Money.From(o.EstimatedAnnualValue, o.Currency),
        ExpectedCloseDate = o.ExpectedCloseDate,
        Probability = o.Probability,
        ProbabilityReason = o.ProbabilityReason,
        ForecastCategory = o.ForecastCategory,
        Status = o.Status,
        OwnerId = o.OwnerId,
        Notes = o.Notes,
    };

    /// <summary>
    /// Checks every field (the account must be one the caller sees, the owner one they may name),
    /// then throws all errors together. Stage, status and owner sent as null keep their current value.
    /// </summary>
    internal async Task<OpportunityInput> ValidateAsync(BridgeheadDb db, Opportunity? existing, CancellationToken ct)
    {
        var viewer = Access.Require(db.Viewer);
        var v = new Validator();
        v.Required("title", Title, Opportunity.MaxTitle);
        v.MaxLength("productCategory", Text.Clean(ProductCategory), Opportunity.MaxCategory);
        v.MaxLength("entryAngle", Text.Clean(EntryAngle), Opportunity.MaxEntryAngle);
        if (ApplicationId is { } applicationId && applicationId != existing?.ApplicationId
            && !await db.Applications.AnyAsync(a => a.Id == applicationId, ct))
        {
            v.Add("applicationId", CommonText.UnknownApplication);
        }
        v.MaxLength("notes", Text.Clean(Notes), Opportunity.MaxNotes);
        v.Defined("route", Route);
        v.Defined("status", Status);
        v.Range("probability", Probability, 0, MaxProbability);

        v.Defined("forecastCategory", ForecastCategory);
        v.MaxLength("probabilityReason", Text.Clean(ProbabilityReason), StageChange.MaxReason);

        Pipeline? pipeline = null;
        if ((PipelineId ?? existing?.PipelineId) is { } pipelineId)
        {
            pipeline = (await GateEngine.LoadPipelinesAsync(db, ct)).FirstOrDefault(p => p.Id == pipelineId);
            if (pipeline is null)
            {
                v.Add("pipelineId", PursuitsText.UnknownPipeline);
            }
        }
        else
        {
            pipeline = (await GateEngine.LoadPipelinesAsync(db, ct)).FirstOrDefault(p => p.IsDefault);
        }

        var stage = Text.Clean(Stage);
        if (existing is null)
        {
            var first = pipeline is null ? null : PipelineRules.FirstStage(pipeline);
            if (stage is not null && stage != first?.Key)
            {
                v.Add("stage", PursuitsText.StageStartsFirst);
            }
            stage = first?.Key ?? Stages.First.Key;
            if (Status is not null and not OpportunityStatus.Open)
            {
                v.Add("status", PursuitsText.StatusThroughGates);
            }
        }
        else
        {
            if (stage is not null && stage != existing.Stage)
            {
                v.Add("stage", PursuitsText.StageThroughGates);
            }
            stage = existing.Stage;
            // Another pipeline keeps the stage; one that skips it would leave the pursuit in a stage
            // its board has no column for and its gates step over.
            if (pipeline is not null && pipeline.Id != existing.PipelineId)
            {
                // Another pipeline brings other gates: a manager's or admin's decision, in the stage history.
                if (!viewer.CanOverrideGates)
                {
                    throw new ForbiddenException(PursuitsText.PipelineChangeManagersOnly);
                }
                if (pipeline.Stages.FirstOrDefault(s => s.Key == existing.Stage) is { Skipped: true } skipped)
                {
                    v.Add("pipelineId", Validator.Format(PursuitsText.PipelineSkipsStage, skipped.Name));
                }
            }
            if (Status is not null && Status != existing.Status)
            {
                v.Add("status", PursuitsText.StatusThroughGates);
            }
        }

        var value = EstimatedAnnualValue is { } money ? new Money(money.Amount, Text.Clean(money.Currency)?.ToUpperInvariant() ?? "") : null;
        Money.Validate(v, "estimatedAnnualValue", value);

        if (AccountId is not { } accountId)
        {
            v.Add("accountId", CommonText.Required);
        }
        else if (!await db.Accounts.AnyAsync(a => a.Id == accountId, ct))
        {
            // An account the caller may not see reads as unknown.
            v.Add("accountId", CommonText.MustBeVisibleAccount);
        }

        var ownerId = OwnerId ?? existing?.OwnerId ?? Access.DefaultOwner(viewer, v, "ownerId");
        if (!v.HasError("ownerId"))
        {
            await Access.ValidateOwnerAsync(db, v, "ownerId", ownerId, existing?.OwnerId, ct);
        }
        var probabilityChanged = existing is null
            ? Probability is not null
            : Probability != existing.Probability || (Probability is not null && Text.Clean(ProbabilityReason) != existing.ProbabilityReason);
        // A new or changed override needs its reason. One kept as it is passes: a probability set
        // before overrides had reasons must not block every other edit of the pursuit.
        if (probabilityChanged && Probability is not null && Text.Clean(ProbabilityReason) is null)
        {
            v.Add("probabilityReason", PursuitsText.ProbabilityNeedsReason);
        }
        if (probabilityChanged && viewer.UserId != (existing?.OwnerId ?? ownerId))
        {
            throw new ForbiddenException(PursuitsText.ProbabilityOwnerOnly);
        }

        v.ThrowIfInvalid();
        return this with
        {
            Title = Title!.Trim(),
            PipelineId = pipeline!.Id,
            Stage = stage,
            ProductCategory = Text.Clean(ProductCategory),
            EntryAngle = Text.Clean(EntryAngle),
            EstimatedAnnualValue = value,
            ProbabilityReason = Probability is null ? null : Text.Clean(ProbabilityReason),
            ForecastCategory = ForecastCategory ?? existing?.ForecastCategory ?? Pursuits.ForecastCategory.Pipeline,
            Status = existing?.Status ?? OpportunityStatus.Open,
            OwnerId = ownerId,
            Notes = Text.Clean(Notes),
        };
    }

    /// <summary>The message for a stage key that is not a step of a pursuit, listing those that are.</summary>
    internal static string UnknownStage() =>
        Validator.Format(CommonText.UnknownStage, string.Join(", ", Stages.Pursuit.Select(s => s.Key)));

    /// <summary>Copies validated values onto the record; a new record enters its first stage now.</summary>
    internal void ApplyTo(Opportunity o, DateTime now)
    {
        o.AccountId = AccountId!.Value;
        o.Title = Title!;
        o.SearchName = Text.SearchKey(Title!);
        o.PipelineId = PipelineId!.Value;
        if (o.Stage != Stage)
        {
            o.Stage = Stage!;
            o.StageEnteredAt = now;
        }
        o.ProductCategory = ProductCategory;
        o.ApplicationId = ApplicationId;
        o.EntryAngle = EntryAngle;
        o.Route = Route;
        o.EstimatedAnnualValue = EstimatedAnnualValue?.Amount;
        o.Currency = EstimatedAnnualValue?.Currency;
        o.ExpectedCloseDate = ExpectedCloseDate;
        o.Probability = Probability;
        o.ProbabilityReason = ProbabilityReason;
        o.ForecastCategory = ForecastCategory!.Value;
        o.Status = Status!.Value;
        o.OwnerId = OwnerId!.Value;
        o.Notes = Notes;
    }
}
