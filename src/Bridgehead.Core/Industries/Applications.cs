using System.Globalization;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Industries;

/// <summary>An application as the API returns it.</summary>
public sealed record ApplicationDto(long Id, string IndustryCode, string NameEn, string NameKo, long Version)
{
    /// <summary>The name in the caller's language.</summary>
    public string Name => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ko" ? NameKo : NameEn;

    public string? IndustryName => IsicCatalogue.Find(IndustryCode)?.Name;
}

/// <summary>Every application, by industry; anyone signed in reads the taxonomy.</summary>
public sealed class ListApplications(BridgeheadDb db)
{
    public async Task<IReadOnlyList<ApplicationDto>> HandleAsync(string? industry, CancellationToken ct)
    {
        Access.Require(db.Viewer);
        var query = db.Applications.AsNoTracking();
        if (IsicCatalogue.Find(industry) is { } known)
        {
            var codes = IsicCatalogue.Covered(known.Code);
            query = query.Where(a => codes.Contains(a.IndustryCode));
        }
        return await query.OrderBy(a => a.IndustryCode).ThenBy(a => a.SearchName)
            .Select(a => new ApplicationDto(a.Id, a.IndustryCode, a.NameEn, a.NameKo, a.Version))
            .ToListAsync(ct);
    }
}
