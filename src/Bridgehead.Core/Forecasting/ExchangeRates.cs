using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Forecasting;

/// <summary>One exchange rate: 1 <paramref name="Currency"/> = <paramref name="Rate"/> units of the base currency.</summary>
public sealed record ExchangeRateDto(string Currency, decimal Rate, long Version, DateTime UpdatedAt);

/// <summary>The base currency and the rates of every other currency in it, by code.</summary>
public sealed record ExchangeRatesDto(string BaseCurrency, IReadOnlyList<ExchangeRateDto> Items);

/// <summary>The body of PUT /exchange-rates/{currency}.</summary>
/// <param name="Rate">Units of the base currency that one unit of the currency buys; above zero.</param>
public sealed record ExchangeRateInput(decimal? Rate);

/// <summary>One rate of a list, or a new rate.</summary>
public sealed record ExchangeRateItemInput(string? Currency, decimal? Rate);

/// <summary>The body of PUT /exchange-rates: the complete list; currencies left out lose their rate.</summary>
public sealed record ExchangeRatesInput(IReadOnlyList<ExchangeRateItemInput>? Items);

/// <summary>What a set did: the rate, and whether it is new.</summary>
public sealed record SetRateResult(ExchangeRateDto Rate, bool Created);

internal static class Rates
{
    public const int MaxRates = 200;

    public static readonly System.Linq.Expressions.Expression<Func<ExchangeRate, ExchangeRateDto>> Projection =
        r => new ExchangeRateDto(r.Currency, r.Rate, r.Version, r.UpdatedAt);

    public static ExchangeRateDto ToDto(ExchangeRate r) => new(r.Currency, r.Rate, r.Version, r.UpdatedAt);

    /// <summary>The code in upper case, or null with the reason on the validator: three letters, and not the base currency.</summary>
    public static string? Currency(Validator v, string field, string? currency, CurrencySettings settings)
    {
        var code = CurrencySettings.Normalize(currency);
        if (code is null)
        {
            v.Add(field, CommonText.Required);
            return null;
        }
        if (!CurrencySettings.IsCode(code))
        {
            v.Add(field, CommonText.InvalidCurrency);
            return null;
        }
        if (code == settings.BaseCurrency)
        {
            v.Add(field, Validator.Format(ForecastingText.BaseHasNoRate, settings.BaseCurrency));
            return null;
        }
        return code;
    }

    public static void Rate(Validator v, string field, decimal? rate)
    {
        if (rate is not { } r)
        {
            v.Add(field, CommonText.Required);
        }
        else if (r <= 0 || r > ExchangeRate.MaxRate)
        {
            v.Add(field, ForecastingText.RateOutOfRange);
        }
        else if (decimal.Round(r, ExchangeRate.RateScale) != r)
        {
            v.Add(field, Validator.Format(ForecastingText.RateTooManyDecimals, ExchangeRate.RateScale));
        }
    }

    /// <summary>A code from a path: upper case; anything that is not three letters is a 404, like a currency without a rate.</summary>
    public static string PathCode(string currency) =>
        CurrencySettings.Normalize(currency) is { } code && CurrencySettings.IsCode(code) ? code : throw new NotFoundException("exchangeRate");
}

/// <summary>The base currency and every rate; anyone signed in reads them (reports say which rates they used).</summary>
public sealed class ListExchangeRates(BridgeheadDb db, CurrencySettings settings)
{
    public async Task<ExchangeRatesDto> HandleAsync(CancellationToken ct)
    {
        Access.Require(db.Viewer);
        var items = await db.ExchangeRates.AsNoTracking().OrderBy(r => r.Currency).Select(Rates.Projection).ToListAsync(ct);
        return new ExchangeRatesDto(settings.BaseCurrency, items);
    }
}

/// <summary>The rate of one currency.</summary>
public sealed class GetExchangeRate(BridgeheadDb db)
{
    public async Task<ExchangeRateDto> HandleAsync(string currency, CancellationToken ct)
    {
        Access.Require(db.Viewer);
        var code = Rates.PathCode(currency);
        return await db.ExchangeRates.AsNoTracking().Where(r => r.Currency == code).Select(Rates.Projection).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("exchangeRate");
    }
}

/// <summary>An admin sets the rate of one currency, adding it when it has none.</summary>
public sealed class SetExchangeRate(BridgeheadDb db, CurrencySettings settings)
{
    public async Task<SetRateResult> HandleAsync(string currency, long? expectedVersion, ExchangeRateInput input, CancellationToken ct)
    {
        Access.RequireAdmin(db.Viewer, ForecastingText.RatesAdminsOnly);
        var v = new Validator();
        var code = Rates.Currency(v, "currency", currency, settings);
        Rates.Rate(v, "rate", input.Rate);
        v.ThrowIfInvalid();

        var rate = await db.ExchangeRates.FirstOrDefaultAsync(r => r.Currency == code, ct);
        var created = rate is null;
        if (rate is null)
        {
            if (expectedVersion is not null)
            {
                // If-Match names a version of a rate that is gone: someone removed it meanwhile.
                throw new PreconditionFailedException(null);
            }
            rate = db.ExchangeRates.Add(new ExchangeRate { Currency = code!, Rate = input.Rate!.Value }).Entity;
        }
        else
        {
            Concurrency.Expect(db, rate, expectedVersion);
            rate.Rate = input.Rate!.Value;
        }
        await db.SaveAsync(ct);
        return new SetRateResult(Rates.ToDto(rate), created);
    }
}

/// <summary>An admin adds the rate of a currency that has none yet (the page's "add"; a second rate for the same currency is refused, not overwritten).</summary>
public sealed class AddExchangeRate(BridgeheadDb db, CurrencySettings settings)
{
    public async Task<ExchangeRateDto> HandleAsync(ExchangeRateItemInput input, CancellationToken ct)
    {
        Access.RequireAdmin(db.Viewer, ForecastingText.RatesAdminsOnly);
        var v = new Validator();
        var code = Rates.Currency(v, "currency", input.Currency, settings);
        Rates.Rate(v, "rate", input.Rate);
        if (code is not null && await db.ExchangeRates.AnyAsync(r => r.Currency == code, ct))
        {
            v.Add("currency", Validator.Format(ForecastingText.RateExists, code));
        }
        v.ThrowIfInvalid();
        var rate = db.ExchangeRates.Add(new ExchangeRate { Currency = code!, Rate = input.Rate!.Value }).Entity;
        await db.SaveAsync(ct);
        return Rates.ToDto(rate);
    }
}

/// <summary>An admin replaces every rate at once: listed currencies get their rate, the others lose theirs, in one transaction.</summary>
public sealed class ReplaceExchangeRates(BridgeheadDb db, CurrencySettings settings, ListExchangeRates list)
{
    public async Task<ExchangeRatesDto> HandleAsync(ExchangeRatesInput input, CancellationToken ct)
    {
        Access.RequireAdmin(db.Viewer, ForecastingText.RatesAdminsOnly);
        var v = new Validator();
        if (input.Items is null)
        {
            v.Add("items", CommonText.Required);
        }
        else if (input.Items.Count > Rates.MaxRates)
        {
            v.Add("items", Validator.Format(CommonText.TooMany, Rates.MaxRates));
        }
        var wanted = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (item, i) in (input.Items ?? []).Take(Rates.MaxRates).Select((x, i) => (x, i)))
        {
            var field = $"items[{i}]";
            if (item is null)
            {
                v.Add(field, CommonText.Required);
                continue;
            }
            var code = Rates.Currency(v, field + ".currency", item.Currency, settings);
            Rates.Rate(v, field + ".rate", item.Rate);
            if (code is not null && !wanted.TryAdd(code, item.Rate ?? 0))
            {
                v.Add(field + ".currency", Validator.Format(ForecastingText.CurrencyListedTwice, code));
            }
        }
        v.ThrowIfInvalid();

        var current = await db.ExchangeRates.ToListAsync(ct);
        foreach (var rate in current)
        {
            if (wanted.Remove(rate.Currency, out var value))
            {
                rate.Rate = value;
            }
            else
            {
                db.ExchangeRates.Remove(rate);
            }
        }
        foreach (var (code, value) in wanted)
        {
            db.ExchangeRates.Add(new ExchangeRate { Currency = code, Rate = value });
        }
        await db.SaveAsync(ct);
        return await list.HandleAsync(ct);
    }
}

/// <summary>An admin removes a currency's rate; reports then list its amounts as unconverted.</summary>
public sealed class DeleteExchangeRate(BridgeheadDb db)
{
    public async Task HandleAsync(string currency, long? expectedVersion, CancellationToken ct)
    {
        Access.RequireAdmin(db.Viewer, ForecastingText.RatesAdminsOnly);
        var code = Rates.PathCode(currency);
        var rate = await db.ExchangeRates.FirstOrDefaultAsync(r => r.Currency == code, ct)
            ?? throw new NotFoundException("exchangeRate");
        Concurrency.Expect(db, rate, expectedVersion);
        db.ExchangeRates.Remove(rate);
        await db.SaveAsync(ct);
    }
}
