using System.Globalization;
using Bridgehead.Industries;

namespace Bridgehead.Migrations.Sqlite.Migrations;

/// <summary>SQL the MarketMap migration builds from the industry classification.</summary>
internal static class MarketMapData
{
    /// <summary>The classification's codes as a SQL list: 'A', '01', ...</summary>
    public static string CodeList => string.Join(", ", IsicCatalogue.All.Select(i => "'" + i.Code + "'"));

    /// <summary>One UPDATE per entry turning its English or Korean name (any case) into its code.</summary>
    public static string IndustryCodesSql => string.Join(";\n", IsicCatalogue.All.Select(i => string.Format(
        CultureInfo.InvariantCulture,
        "UPDATE accounts SET industry = '{0}' WHERE lower(trim(industry)) IN ('{1}', '{2}')",
        i.Code, Quote(i.NameEn.ToLowerInvariant()), Quote(i.NameKo.ToLowerInvariant())))) + ";";

    private static string Quote(string s) => s.Replace("'", "''", StringComparison.Ordinal);
}
