using System.ComponentModel.DataAnnotations;
using Bridgehead.Common;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Bridgehead.Pursuits;

/// <summary>
/// The opportunity form as posted by the browser; converted to the core's <see cref="OpportunityInput"/>.
/// The estimated annual value is two fields, amount and currency.
/// </summary>
public sealed class OpportunityForm
{
    public const string DefaultCurrency = "KRW";

    [Display(Name = nameof(OpportunitiesText.Account), ResourceType = typeof(OpportunitiesText))]
    public long? AccountId { get; set; }

    [Display(Name = nameof(OpportunitiesText.Title), ResourceType = typeof(OpportunitiesText))]
    public string? Title { get; set; }

    [Display(Name = nameof(OpportunitiesText.Pipeline), ResourceType = typeof(OpportunitiesText))]
    public long? PipelineId { get; set; }

    [Display(Name = nameof(OpportunitiesText.ProductCategory), ResourceType = typeof(OpportunitiesText))]
    public string? ProductCategory { get; set; }

    [Display(Name = nameof(OpportunitiesText.Application), ResourceType = typeof(OpportunitiesText))]
    public long? ApplicationId { get; set; }

    [Display(Name = nameof(OpportunitiesText.EntryAngle), ResourceType = typeof(OpportunitiesText))]
    public string? EntryAngle { get; set; }

    [Display(Name = nameof(OpportunitiesText.Route), ResourceType = typeof(OpportunitiesText))]
    public Route? Route { get; set; }

    [Display(Name = nameof(OpportunitiesText.EstimatedAnnualValue), ResourceType = typeof(OpportunitiesText))]
    public decimal? Amount { get; set; }

    [Display(Name = nameof(OpportunitiesText.Currency), ResourceType = typeof(OpportunitiesText))]
    public string? Currency { get; set; } = DefaultCurrency;

    [Display(Name = nameof(OpportunitiesText.ExpectedCloseDate), ResourceType = typeof(OpportunitiesText))]
    public DateOnly? ExpectedCloseDate { get; set; }

    /// <summary>The owner's override of the stage's probability; empty follows the stage.</summary>
    [Display(Name = nameof(OpportunitiesText.Probability), ResourceType = typeof(OpportunitiesText))]
    public int? Probability { get; set; }

    [Display(Name = nameof(OpportunitiesText.ProbabilityReason), ResourceType = typeof(OpportunitiesText))]
    public string? ProbabilityReason { get; set; }

    [Display(Name = nameof(OpportunitiesText.ForecastCategory), ResourceType = typeof(OpportunitiesText))]
    public ForecastCategory? ForecastCategory { get; set; }

    [Display(Name = nameof(OpportunitiesText.Owner), ResourceType = typeof(OpportunitiesText))]
    public long? OwnerId { get; set; }

    [Display(Name = nameof(OpportunitiesText.Notes), ResourceType = typeof(OpportunitiesText))]
    public string? Notes { get; set; }

    /// <summary>The version the form was opened on; a newer one in the database means someone else saved first.</summary>
    public long Version { get; set; }

    /// <summary>The core names money errors by JSON path; on this form they belong to the two fields.</summary>
    public static readonly IReadOnlyDictionary<string, string> ErrorFields = new Dictionary<string, string>
    {
        ["estimatedAnnualValue"] = nameof(Amount),
        ["estimatedAnnualValue.amount"] = nameof(Amount),
        ["estimatedAnnualValue.currency"] = nameof(Currency),
    };

    public OpportunityInput ToInput() => new()
    {
        AccountId = AccountId,
        Title = Title,
        PipelineId = PipelineId,
        ProductCategory = ProductCategory,
        ApplicationId = ApplicationId,
        EntryAngle = EntryAngle,
        Route = Route,
        // Without an amount there is no value; the currency alone means nothing.
        EstimatedAnnualValue = Amount is { } amount ? new Money(amount, Currency ?? "") : null,
        ExpectedCloseDate = ExpectedCloseDate,
        Probability = Probability,
        ProbabilityReason = ProbabilityReason,
        ForecastCategory = ForecastCategory,
        OwnerId = OwnerId,
        Notes = Notes,
    };

    public static OpportunityForm From(OpportunityDto o) => new()
    {
        AccountId = o.AccountId,
        Title = o.Title,
        PipelineId = o.PipelineId,
        ProductCategory = o.ProductCategory,
        ApplicationId = o.ApplicationId,
        EntryAngle = o.EntryAngle,
        Route = o.Route,
        Amount = o.EstimatedAnnualValue is { } value ? WithoutTrailingZeros(value.Amount) : null,
        Currency = o.EstimatedAnnualValue?.Currency ?? DefaultCurrency,
        ExpectedCloseDate = o.ExpectedCloseDate,
        // The field holds the owner's override only; the stage's own figure shows in its label. A
        // figure that differs from the stage's without a reason was set before overrides needed one:
        // it is shown, so saving the form keeps it.
        Probability = o.ProbabilityReason is not null || o.Probability != o.StageProbability ? o.Probability : null,
        ProbabilityReason = o.ProbabilityReason,
        ForecastCategory = o.ForecastCategory,
        OwnerId = o.OwnerId,
        Notes = o.Notes,
        Version = o.Version,
    };

    /// <summary>PostgreSQL returns amounts at the column's scale (1234567.5000); the form shows 1234567.5.</summary>
    private static decimal WithoutTrailingZeros(decimal amount) => amount / 1.000000000000000000000000000000000m;
}

/// <summary>What the opportunity form partial renders: the values, the choices and where Cancel goes.</summary>
/// <param name="Pipelines">The processes to follow; the form shows a choice only when there is more than one.</param>
/// <param name="StageProbability">The probability the stage gives, which applies while the override is empty.</param>
/// <param name="CanOverrideProbability">Only the owner may override the probability; others see it read-only.</param>
public sealed record OpportunityFormView(
    OpportunityForm Form,
    IReadOnlyList<SelectListItem> Accounts,
    IReadOnlyList<SelectListItem> Owners,
    IReadOnlyList<SelectListItem> Pipelines,
    IReadOnlyList<SelectListItem> Applications,
    int StageProbability,
    bool CanOverrideProbability,
    string CancelUrl)
{
    public bool ChoosesPipeline => Pipelines.Count > 1;

    public string ProbabilityLabel => Common.Validator.Format(OpportunitiesText.ProbabilityOverride, StageProbability);

    /// <summary>The common currencies, plus the form's own when the API stored another.</summary>
    public IReadOnlyList<SelectListItem> Currencies()
    {
        var codes = Money.CommonCurrencies.ToList();
        if (Form.Currency is { Length: > 0 } current && !codes.Contains(current))
        {
            codes.Insert(0, current);
        }
        return [.. codes.Select(c => new SelectListItem(c, c))];
    }
}
