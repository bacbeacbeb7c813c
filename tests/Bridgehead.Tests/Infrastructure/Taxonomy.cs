using Bridgehead.Common;
using Bridgehead.Industries;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Infrastructure;

/// <summary>Applications of the industry taxonomy for tests, made on first use (as an admin would).</summary>
public static class Taxonomy
{
    /// <summary>The id of the application with that English name under the industry (an ISIC code, "F" by default), added if missing.</summary>
    public static async Task<long> ApplicationIdAsync(this TestApp app, string name, string industry = "F")
    {
        var key = Text.SearchKey(name);
        await using var db = app.OpenDb();
        if (await db.Applications.FirstOrDefaultAsync(a => a.IndustryCode == industry && a.SearchName == key) is { } known)
        {
            return known.Id;
        }
        var added = new Application { IndustryCode = industry, NameEn = name, NameKo = name + " (ko)", SearchName = key };
        db.Applications.Add(added);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // A test running alongside added the same one first.
            await using var again = app.OpenDb();
            return await again.Applications.Where(a => a.IndustryCode == industry && a.SearchName == key).Select(a => a.Id).SingleAsync();
        }
        return added.Id;
    }

    /// <summary>The code of an industry named in English or Korean (or given as a code).</summary>
    public static string? Code(string? industry) =>
        industry is null ? null : (IsicCatalogue.Find(industry) ?? IsicCatalogue.FindByName(industry))?.Code ?? industry;
}
