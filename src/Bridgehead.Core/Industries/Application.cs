using System.Globalization;
using Bridgehead.Common;

namespace Bridgehead.Industries;

/// <summary>
/// Where a customer uses what it buys, within an industry: construction -> apartment blocks,
/// office towers. Admins keep the list; accounts and pursuits are tagged with it.
/// </summary>
public sealed class Application : Entity, IAudited
{
    public const int MaxName = 100;

    /// <summary>The industry (ISIC section or division code) the application belongs to.</summary>
    public required string IndustryCode { get; set; }

    public required string NameEn { get; set; }

    public required string NameKo { get; set; }

    /// <summary><see cref="Text.SearchKey"/> of the English name; unique within the industry.</summary>
    public required string SearchName { get; set; }

    /// <summary>The name in the current UI language.</summary>
    public string Name => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ko" ? NameKo : NameEn;

    long? IAudited.AuditAccountId => null;
}

/// <summary>An application as records that are tagged with it carry it: id and both names.</summary>
public sealed record ApplicationTag(long Id, string NameEn, string NameKo)
{
    public string Name => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ko" ? NameKo : NameEn;
}
