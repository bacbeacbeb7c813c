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

    /// <summary>A pursuit stage key (see <see cref="Stages.Pursuit"/>); a new pursuit starts at prospecting.</summary>
    public string? Stage { get; init; }
    public string? ProductCategory { get; init; }
    public string? Application { get; init; }
    public Route? Route { get; init; }
    public Money? EstimatedAnnualValue { get; init; }
    public DateOnly? ExpectedCloseDate { get; init; }
    public int? Probability { get; init; }
    public OpportunityStatus? Status { get; init; }
    public long? OwnerId { get; init; }
    public string? Notes { get; init; }

    public static OpportunityInput From(Opportunity o) => new()
    {
        AccountId = o.AccountId,
        Title = o.Title,
        Stage = o.Stage,
        ProductCategory = o.ProductCategory,
        Application = o.Application,
        Route = o.Route,
        EstimatedAnnualValue = Money.From(o.EstimatedAnnualValue, o.Currency),
        ExpectedCloseDate = o.ExpectedCloseDate,
        Probability = o.Probability,
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
        v.MaxLength("application", Text.Clean(Application), Opportunity.MaxApplication);
        v.MaxLength("notes", Text.Clean(Notes), Opportunity.MaxNotes);
        v.Defined("route", Route);
        v.Defined("status", Status);
        v.Range("probability", Probability, 0, MaxProbability);

        var stage = Text.Clean(Stage) ?? existing?.Stage ?? Stages.First.Key;
        if (!Stages.IsPursuitStage(stage))
        {
            v.Add("stage", UnknownStage());
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

        v.ThrowIfInvalid();
        return this with
        {
            Title = Title!.Trim(),
            Stage = stage,
            ProductCategory = Text.Clean(ProductCategory),
            Application = Text.Clean(Application),
            EstimatedAnnualValue = value,
            Status = Status ?? existing?.Status ?? OpportunityStatus.Open,
            OwnerId = ownerId,
            Notes = Text.Clean(Notes),
        };
    }

    /// <summary>The message for a stage key that is not a step of a pursuit, listing those that are.</summary>
    internal static string UnknownStage() =>
        Validator.Format(CommonText.UnknownStage, string.Join(", ", Stages.Pursuit.Select(s => s.Key)));

    /// <summary>Copies validated values onto the record; entering another stage restarts the stage clock.</summary>
    internal void ApplyTo(Opportunity o, DateTime now)
    {
        o.AccountId = AccountId!.Value;
        o.Title = Title!;
        o.SearchName = Text.SearchKey(Title!);
        if (o.Stage != Stage)
        {
            o.Stage = Stage!;
            o.StageEnteredAt = now;
        }
        o.ProductCategory = ProductCategory;
        o.Application = Application;
        o.Route = Route;
        o.EstimatedAnnualValue = EstimatedAnnualValue?.Amount;
        o.Currency = EstimatedAnnualValue?.Currency;
        o.ExpectedCloseDate = ExpectedCloseDate;
        o.Probability = Probability;
        o.Status = Status!.Value;
        o.OwnerId = OwnerId!.Value;
        o.Notes = Notes;
    }
}
