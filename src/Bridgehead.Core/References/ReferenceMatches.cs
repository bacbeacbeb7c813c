using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Industries;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.References;

/// <summary>How much each kind of similarity adds to a reference's score, in one place.</summary>
public static class ReferenceMatchWeights
{
    /// <summary>The case's industry is the pursuit's industry (the same division, or the same code).</summary>
    public const int SameIndustry = 3;

    /// <summary>Only the ISIC section is the same (related industries).</summary>
    public const int SameSection = 1;

    public const int SameApplication = 3;

    /// <summary>The case is about a product in the pursuit's product category (once, however many such products).</summary>
    public const int ProductInCategory = 3;
}

/// <summary>A reference ranked for a pursuit: its score and why.</summary>
public sealed record ReferenceMatchDto(ReferenceCaseDto Reference, int Score, IReadOnlyList<string> Reasons);

/// <summary>
/// Ranks the library for a pursuit by similarity of industry, application and product, leaving
/// out cases at the pursuit's own customer (a customer is no reference to itself). The pursuit
/// must be visible to the caller; the cases follow the library rule (every sales role).
/// </summary>
public sealed class GetReferenceMatches(BridgeheadDb db)
{
    public const int Limit = 20;

    public async Task<IReadOnlyList<ReferenceMatchDto>> HandleAsync(long opportunityId, int limit, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        var opp = await db.Opportunities.AsNoTracking().Where(o => o.Id == opportunityId)
            .Select(o => new { o.AccountId, o.ApplicationId, o.ProductCategory, o.Account!.Industry })
            .FirstOrDefaultAsync(ct) ?? throw new NotFoundException("opportunity");

        var industry = IsicCatalogue.Find(opp.Industry);
        var sectionCodes = industry is null ? [] : IsicCatalogue.Covered(industry.Section);
        var categoryKey = Text.Clean(opp.ProductCategory) is { } category ? Text.SearchKey(category) : null;
        var categoryProducts = new Dictionary<long, string>();
        if (categoryKey is not null)
        {
            var withCategory = await db.Products.AsNoTracking().Where(p => p.Category != null)
                .Select(p => new { p.Id, p.Name, p.Category }).ToListAsync(ct);
            categoryProducts = withCategory.Where(p => Text.SearchKey(p.Category!) == categoryKey).ToDictionary(p => p.Id, p => p.Name);
        }
        var productIds = categoryProducts.Keys.ToList();

        var rows = await db.ReferenceCases.AsNoTracking()
            .Where(r => r.AccountId != opp.AccountId)
            .Where(r => (r.Industry != null && sectionCodes.Contains(r.Industry))
                || (opp.ApplicationId != null && r.ApplicationId == opp.ApplicationId)
                || r.Products.Any(p => productIds.Contains(p.ProductId)))
            .Select(ReferenceReader.Projection)
            .ToListAsync(ct);
        var dtos = await ReferenceReader.ToDtosAsync(db, rows, ct);

        var application = opp.ApplicationId is { } appId
            ? await db.Applications.AsNoTracking().FirstOrDefaultAsync(a => a.Id == appId, ct)
            : null;
        var matches = new List<ReferenceMatchDto>();
        foreach (var dto in dtos)
        {
            var score = 0;
            var reasons = new List<string>();
            var theirs = IsicCatalogue.Find(dto.Industry);
            if (industry is not null && theirs is not null)
            {
                if (string.Equals(theirs.Code, industry.Code, StringComparison.OrdinalIgnoreCase))
                {
                    score += ReferenceMatchWeights.SameIndustry;
                    reasons.Add(Validator.Format(ReferencesText.ReasonSameIndustry, $"{theirs.Code} · {theirs.Name}"));
                }
                else if (string.Equals(theirs.Section, industry.Section, StringComparison.OrdinalIgnoreCase))
                {
                    var section = IsicCatalogue.Find(industry.Section);
                    score += ReferenceMatchWeights.SameSection;
                    reasons.Add(Validator.Format(ReferencesText.ReasonSameSection, $"{industry.Section} · {section?.Name}"));
                }
            }
            if (application is not null && dto.ApplicationId == application.Id)
            {
                score += ReferenceMatchWeights.SameApplication;
                reasons.Add(Validator.Format(ReferencesText.ReasonSameApplication, application.Name));
            }
            var inCategory = dto.Products.Where(p => categoryProducts.ContainsKey(p.Id)).Select(p => p.Name).ToList();
            if (inCategory.Count > 0)
            {
                score += ReferenceMatchWeights.ProductInCategory;
                reasons.Add(Validator.Format(ReferencesText.ReasonProductInCategory, string.Join(", ", inCategory), opp.ProductCategory!.Trim()));
            }
            if (score > 0)
            {
                matches.Add(new ReferenceMatchDto(dto, score, reasons));
            }
        }
        return [.. matches
            .OrderByDescending(m => m.Score)
            .ThenByDescending(m => m.Reference.MayBeNamed)
            .ThenBy(m => m.Reference.Title, StringComparer.CurrentCultureIgnoreCase)
            .ThenBy(m => m.Reference.Id)
            .Take(Math.Clamp(limit, 1, Limit))];
    }
}
