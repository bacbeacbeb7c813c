using Bridgehead.Common;

namespace Bridgehead.Forecasting;

/// <summary>
/// The currency reports are written in (setting <c>Bridgehead:BaseCurrency</c>, default KRW).
/// Exchange rates say what other currencies are worth in it; it has no rate of its own.
/// </summary>
public sealed record CurrencySettings
{
    public const string DefaultBaseCurrency = "KRW";

    public const string SettingName = "Bridgehead:BaseCurrency";

    public CurrencySettings(string baseCurrency)
    {
        BaseCurrency = Normalize(baseCurrency) is { } code && IsCode(code)
            ? code
            : throw ValidationException.For(SettingName, CommonText.InvalidCurrency);
    }

    /// <summary>ISO 4217 code, upper case.</summary>
    public string BaseCurrency { get; }

    public static CurrencySettings Default { get; } = new(DefaultBaseCurrency);

    /// <summary>A currency code as typed: trimmed and upper case; blank becomes null.</summary>
    public static string? Normalize(string? code) => Text.Clean(code)?.ToUpperInvariant();

    /// <summary>Three letters A-Z.</summary>
    public static bool IsCode(string? code) => code is { Length: 3 } c && c.All(char.IsAsciiLetterUpper);
}
