using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Bridgehead.Common;
using Bridgehead.Competitors;
using Bridgehead.Data;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Bridgehead.Wallet;

/// <summary>The share-of-wallet entry form as posted by the browser.</summary>
public sealed class ShareForm
{
    [Display(Name = nameof(WalletPagesText.ProductCategory), ResourceType = typeof(WalletPagesText))]
    public string? ProductCategory { get; set; }

    [Display(Name = nameof(WalletPagesText.Supplier), ResourceType = typeof(WalletPagesText))]
    public SupplierKind? Supplier { get; set; }

    [Display(Name = nameof(WalletPagesText.Competitor), ResourceType = typeof(WalletPagesText))]
    public long? CompetitorId { get; set; }

    [Display(Name = nameof(WalletPagesText.NewCompetitor), ResourceType = typeof(WalletPagesText))]
    public string? NewCompetitor { get; set; }

    [Display(Name = nameof(WalletPagesText.SharePercent), ResourceType = typeof(WalletPagesText))]
    public decimal? SharePercent { get; set; }

    [Display(Name = nameof(WalletPagesText.AnnualVolume), ResourceType = typeof(WalletPagesText))]
    public decimal? AnnualVolume { get; set; }

    [Display(Name = nameof(WalletPagesText.VolumeUnit), ResourceType = typeof(WalletPagesText))]
    public string? VolumeUnit { get; set; }

    [Display(Name = nameof(WalletPagesText.AnnualValue), ResourceType = typeof(WalletPagesText))]
    public decimal? Amount { get; set; }

    [Display(Name = nameof(WalletPagesText.Currency), ResourceType = typeof(WalletPagesText))]
    public string? Currency { get; set; }

    [Display(Name = nameof(WalletPagesText.AsOf), ResourceType = typeof(WalletPagesText))]
    public DateOnly? AsOf { get; set; }

    [Display(Name = nameof(WalletPagesText.Note), ResourceType = typeof(WalletPagesText))]
    public string? Note { get; set; }

    public long Version { get; set; }

    /// <summary>Core field names that differ from the form's.</summary>
    public static readonly IReadOnlyDictionary<string, string> Fields = new Dictionary<string, string>
    {
        ["annualValue.amount"] = nameof(Amount),
        ["annualValue.currency"] = nameof(Currency),
        ["annualValue"] = nameof(Amount),
    };

    /// <summary>The new rival's name, only when the share is a rival's: typed and then switched to "us", it adds nobody.</summary>
    public string? NewCompetitorFor() => Supplier == SupplierKind.Us ? null : NewCompetitor;

    public SupplierShareInput ToInput(long? competitorId) => new()
    {
        ProductCategory = ProductCategory,
        Supplier = Supplier,
        CompetitorId = Supplier == SupplierKind.Us ? null : competitorId,
        SharePercent = SharePercent,
        AnnualVolume = AnnualVolume,
        VolumeUnit = VolumeUnit,
        AnnualValue = Amount is { } amount ? new Money(amount, Currency ?? "") : null,
        AsOf = AsOf,
        Note = Note,
    };

    public static ShareForm From(SupplierShareDto s) => new()
    {
        ProductCategory = s.ProductCategory,
        Supplier = s.Supplier,
        CompetitorId = s.CompetitorId,
        SharePercent = s.SharePercent,
        AnnualVolume = s.AnnualVolume,
        VolumeUnit = s.VolumeUnit,
        Amount = s.AnnualValue?.Amount,
        Currency = s.AnnualValue?.Currency,
        AsOf = s.AsOf,
        Note = s.Note,
        Version = s.Version,
    };
}

/// <summary>The incumbent's slip form as posted by the browser.</summary>
public sealed class SlipForm
{
    [Display(Name = nameof(WalletPagesText.Competitor), ResourceType = typeof(WalletPagesText))]
    public long? CompetitorId { get; set; }

    [Display(Name = nameof(WalletPagesText.NewCompetitor), ResourceType = typeof(WalletPagesText))]
    public string? NewCompetitor { get; set; }

    [Display(Name = nameof(WalletPagesText.Kind), ResourceType = typeof(WalletPagesText))]
    public IncumbentEventKind? Kind { get; set; }

    [Display(Name = nameof(WalletPagesText.Severity), ResourceType = typeof(WalletPagesText))]
    public Severity? Severity { get; set; }

    [Display(Name = nameof(WalletPagesText.OccurredOn), ResourceType = typeof(WalletPagesText))]
    public DateOnly? OccurredOn { get; set; }

    [Display(Name = nameof(WalletPagesText.Note), ResourceType = typeof(WalletPagesText))]
    public string? Note { get; set; }

    public long Version { get; set; }

    public IncumbentEventInput ToInput(long? competitorId) => new()
    {
        CompetitorId = competitorId,
        Kind = Kind,
        Severity = Severity,
        OccurredOn = OccurredOn,
        Note = Note,
    };

    public static SlipForm From(IncumbentEventDto e) => new()
    {
        CompetitorId = e.CompetitorId,
        Kind = e.Kind,
        Severity = e.Severity,
        OccurredOn = e.OccurredOn,
        Note = e.Note,
        Version = e.Version,
    };
}

/// <summary>What the form partials render: the form, the competitors to choose from, the account and where Cancel goes.</summary>
public sealed record WalletFormView<TForm>(TForm Form, IReadOnlyList<SelectListItem> Competitors, long AccountId, string AccountName)
{
    public string CancelUrl => $"/accounts/{AccountId}#wallet";
}

/// <summary>The save step of the wallet forms: an optional new competitor and the record, in one transaction.</summary>
public static class WalletSave
{
    public static IReadOnlyList<SelectListItem> Currencies() =>
        [.. Money.CommonCurrencies.Select(c => new SelectListItem(c, c))];

    public static async Task<IReadOnlyList<SelectListItem>> CompetitorsAsync(ListCompetitors list, CancellationToken ct) =>
        [.. (await list.HandleAsync(ct)).Select(c => new SelectListItem(c.Name, c.Id.ToString(CultureInfo.InvariantCulture)))];

    /// <summary>
    /// Adds the competitor typed by name (when none is chosen), then runs <paramref name="save"/> with
    /// its id; both commit together or neither does, so a refused form leaves no stray competitor.
    /// </summary>
    public static async Task<SaveResult> TryAsync(
        BridgeheadDb db, CreateCompetitor createCompetitor, ModelStateDictionary modelState, long? competitorId, string? newCompetitor,
        Func<long?, Task> save, IReadOnlyDictionary<string, string>? fields = null)
    {
        if (!modelState.IsValid)
        {
            return SaveResult.Refused;
        }
        await using var tx = await db.Database.BeginTransactionAsync();
        var result = await FormSave.TryAsync(modelState, async () =>
        {
            var id = competitorId;
            if (id is null && Text.Clean(newCompetitor) is { } name)
            {
                try
                {
                    id = (await createCompetitor.HandleAsync(new CompetitorInput(name), CancellationToken.None)).Competitor.Id;
                }
                catch (Common.ValidationException e)
                {
                    throw new Common.ValidationException(e.Errors.ToDictionary(x => x.Key == "name" ? "newCompetitor" : x.Key, x => x.Value));
                }
            }
            await save(id);
        }, fields);
        if (result == SaveResult.Saved)
        {
            await tx.CommitAsync();
        }
        else
        {
            await tx.RollbackAsync();
            db.ChangeTracker.Clear();
        }
        return result;
    }
}
