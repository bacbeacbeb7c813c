using System.Globalization;
using Bridgehead.Common;
using Bridgehead.Data;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Wallet;

/// <summary>Who holds a share: us, or a competitor.</summary>
public enum SupplierKind
{
    Us,
    Competitor,
}

/// <summary>A share-of-wallet entry as the API returns it and the pages show it.</summary>
/// <param name="CompetitorName">The competitor's name (read-only); null when the supplier is us.</param>
public sealed record SupplierShareDto(
    long Id,
    long AccountId,
    string ProductCategory,
    SupplierKind Supplier,
    long? CompetitorId,
    string? CompetitorName,
    decimal SharePercent,
    decimal? AnnualVolume,
    string? VolumeUnit,
    Money? AnnualValue,
    DateOnly AsOf,
    string? Note,
    long Version,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    internal static SupplierShareDto From(SupplierShare s, string? competitorName) => new(
        s.Id, s.AccountId, s.ProductCategory, s.CompetitorId is null ? SupplierKind.Us : SupplierKind.Competitor,
        s.CompetitorId, competitorName, s.SharePercent, s.AnnualVolume, s.VolumeUnit, Money.From(s.AnnualValue, s.Currency?.Trim()),
        s.AsOf, s.Note, s.Version, s.CreatedAt, s.UpdatedAt);
}

/// <summary>The fields of a share-of-wallet entry people edit: the body of POST and, merged, of PATCH.</summary>
public sealed record SupplierShareInput
{
    /// <summary>Shares are kept with two decimals.</summary>
    public const int ShareDecimals = 2;

    public const decimal MaxVolume = 1_000_000_000_000m;

    public string? ProductCategory { get; init; }

    /// <summary>"us" or "competitor"; when left out, a competitorId means a competitor and none means us.</summary>
    public SupplierKind? Supplier { get; init; }

    public long? CompetitorId { get; init; }

    public decimal? SharePercent { get; init; }

    public decimal? AnnualVolume { get; init; }

    public string? VolumeUnit { get; init; }

    public Money? AnnualValue { get; init; }

    public DateOnly? AsOf { get; init; }

    public string? Note { get; init; }

    public static SupplierShareInput From(SupplierShare s) => new()
    {
        ProductCategory = s.ProductCategory,
        Supplier = s.CompetitorId is null ? SupplierKind.Us : SupplierKind.Competitor,
        CompetitorId = s.CompetitorId,
        SharePercent = s.SharePercent,
        AnnualVolume = s.AnnualVolume,
        VolumeUnit = s.VolumeUnit,
        AnnualValue = Money.From(s.AnnualValue, s.Currency?.Trim()),
        AsOf = s.AsOf,
        Note = s.Note,
    };

    /// <summary>Checks every field, then throws all errors together; the 100% rule is checked by <see cref="ShareRules"/>.</summary>
    internal async Task<SupplierShareInput> ValidateAsync(BridgeheadDb db, CancellationToken ct)
    {
        var v = new Validator();
        v.Required("productCategory", ProductCategory, SupplierShare.MaxCategory);
        v.Defined("supplier", Supplier);
        var supplier = Supplier ?? (CompetitorId is null ? SupplierKind.Us : SupplierKind.Competitor);
        if (supplier == SupplierKind.Competitor)
        {
            if (CompetitorId is not { } competitorId)
            {
                v.Add("competitorId", WalletText.CompetitorRequired);
            }
            else if (!await db.Competitors.AnyAsync(c => c.Id == competitorId, ct))
            {
                v.Add("competitorId", WalletText.UnknownCompetitor);
            }
        }
        else if (CompetitorId is not null)
        {
            v.Add("competitorId", WalletText.CompetitorNotForUs);
        }

        if (SharePercent is not { } share)
        {
            v.Add("sharePercent", CommonText.Required);
        }
        else if (share < 0 || share > 100)
        {
            v.Add("sharePercent", Validator.Format(CommonText.OutOfRange, 0, 100));
        }
        else if (decimal.Round(share, ShareDecimals) != share)
        {
            v.Add("sharePercent", WalletText.TwoDecimals);
        }

        if (AnnualVolume is { } volume)
        {
            if (volume < 0 || volume > MaxVolume)
            {
                v.Add("annualVolume", Validator.Format(CommonText.OutOfRange, 0, MaxVolume.ToString("#,0", CultureInfo.CurrentCulture)));
            }
            else if (decimal.Round(volume, 4) != volume)
            {
                v.Add("annualVolume", CommonText.TooManyDecimals);
            }
            if (Text.Clean(VolumeUnit) is null)
            {
                v.Add("volumeUnit", WalletText.VolumeUnitRequired);
            }
        }
        v.MaxLength("volumeUnit", Text.Clean(VolumeUnit), SupplierShare.MaxUnit);

        var value = AnnualValue is { } money ? new Money(money.Amount, Text.Clean(money.Currency)?.ToUpperInvariant() ?? "") : null;
        Money.Validate(v, "annualValue", value);

        if (AsOf is not { } asOf)
        {
            v.Add("asOf", CommonText.Required);
        }
        else if (asOf > Wallets.Today(db))
        {
            v.Add("asOf", WalletText.NotInFuture);
        }
        v.MaxLength("note", Text.Clean(Note), SupplierShare.MaxNote);
        v.ThrowIfInvalid();
        return this with
        {
            ProductCategory = Text.Clean(ProductCategory),
            Supplier = supplier,
            VolumeUnit = Text.Clean(VolumeUnit),
            AnnualValue = value,
            Note = Text.Clean(Note),
        };
    }

    internal void ApplyTo(SupplierShare s)
    {
        s.ProductCategory = ProductCategory!;
        s.CategoryKey = Text.SearchKey(ProductCategory!);
        s.CompetitorId = Supplier == SupplierKind.Us ? null : CompetitorId;
        s.SharePercent = SharePercent!.Value;
        s.AnnualVolume = AnnualVolume;
        s.VolumeUnit = VolumeUnit;
        s.AnnualValue = AnnualValue?.Amount;
        s.Currency = AnnualValue?.Currency;
        s.AsOf = AsOf!.Value;
        s.Note = Note;
    }
}

/// <summary>Shared small rules of the wallet module.</summary>
public static class Wallets
{
    /// <summary>Today (UTC) by the database's clock: what "not in the future" and the signal's age are measured against.</summary>
    public static DateOnly Today(BridgeheadDb db) => DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);

    /// <summary>A percentage as people read it: up to two decimals, no trailing zeros.</summary>
    public static string Percent(decimal value) => value.ToString("0.##", CultureInfo.CurrentCulture);

    /// <summary>
    /// Runs a share-of-wallet check and its save as one unit per account: two entries saved at the
    /// same moment cannot both pass the 100% rule. PostgreSQL locks the account's row; SQLite's
    /// transactions take the write lock when they begin.
    /// </summary>
    internal static Task SerializedAsync(BridgeheadDb db, long accountId, Func<Task> work, CancellationToken ct) =>
        db.InTransactionAsync(async () =>
        {
            if (!db.IsSqlite)
            {
                await db.Database.ExecuteSqlAsync($"SELECT id FROM accounts WHERE id = {accountId} FOR UPDATE", ct);
            }
            await work();
        }, ct);

    /// <summary>The account, when the caller sees it; else 404 (the same answer as for an account that does not exist).</summary>
    internal static async Task RequireAccountAsync(BridgeheadDb db, long accountId, CancellationToken ct)
    {
        if (!await db.Accounts.AnyAsync(a => a.Id == accountId, ct))
        {
            throw new NotFoundException("account");
        }
    }
}
