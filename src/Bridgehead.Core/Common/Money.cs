namespace Bridgehead.Common;

/// <summary>An amount with its ISO 4217 currency code. Money is never a double.</summary>
public sealed record Money(decimal Amount, string Currency)
{
    public static Money? From(decimal? amount, string? currency) =>
        amount is { } a && currency is { } c ? new Money(a, c) : null;

    /// <summary>Currencies the product offers in forms; the API accepts any three-letter ISO code.</summary>
    public static readonly IReadOnlyList<string> CommonCurrencies = ["KRW", "USD", "EUR", "JPY", "CNY", "VND", "GBP"];

    /// <summary>The largest amount a money column (19 digits, 4 after the point) holds.</summary>
    public const decimal MaxAmount = 999_999_999_999_999.9999m;

    public static void Validate(Validator v, string field, Money? money)
    {
        if (money is null)
        {
            return;
        }
        if (money.Currency is not { Length: 3 } c || !c.All(char.IsAsciiLetterUpper))
        {
            v.Add(field + ".currency", CommonText.InvalidCurrency);
        }
        if (money.Amount < 0 || money.Amount > MaxAmount)
        {
            v.Add(field + ".amount", Validator.Format(CommonText.OutOfRange, 0, "999,999,999,999,999"));
        }
        else if (decimal.Round(money.Amount, 4) != money.Amount)
        {
            v.Add(field + ".amount", CommonText.TooManyDecimals);
        }
    }
}
