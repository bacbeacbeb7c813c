using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Fit;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Industries;

/// <summary>The fields of an application that admins edit; the body of POST and, merged, of PATCH.</summary>
public sealed record ApplicationInput
{
    /// <summary>The ISIC section or division the application belongs to.</summary>
    public string? IndustryCode { get; init; }
    public string? NameEn { get; init; }
    public string? NameKo { get; init; }

    public static ApplicationInput From(Application a) => new() { IndustryCode = a.IndustryCode, NameEn = a.NameEn, NameKo = a.NameKo };

    /// <summary>Checks every field, and that no other application of the industry has the same name (English or Korean, in any case).</summary>
    internal async Task<ApplicationInput> ValidateAsync(BridgeheadDb db, long? selfId, CancellationToken ct)
    {
        var v = new Validator();
        var industry = IsicCatalogue.Find(Text.Clean(IndustryCode));
        if (industry is null)
        {
            v.Add("industryCode", string.IsNullOrWhiteSpace(IndustryCode) ? CommonText.Required : IndustriesText.UnknownIndustry);
        }
        v.Required("nameEn", NameEn, Application.MaxName);
        v.Required("nameKo", NameKo, Application.MaxName);
        var nameEn = Text.Clean(NameEn);
        var nameKo = Text.Clean(NameKo);
        if (industry is not null && nameEn is not null && nameKo is not null)
        {
            var key = Text.SearchKey(nameEn);
            var koKey = Text.SearchKey(nameKo);
            var siblings = await db.Applications.AsNoTracking()
                .Where(a => a.IndustryCode == industry.Code && a.Id != (selfId ?? 0))
                .Select(a => new { a.SearchName, a.NameKo })
                .ToListAsync(ct);
            if (siblings.Any(s => s.SearchName == key))
            {
                v.Add("nameEn", IndustriesText.NameTaken);
            }
            if (siblings.Any(s => Text.SearchKey(s.NameKo) == koKey))
            {
                v.Add("nameKo", IndustriesText.NameTaken);
            }
        }
        v.ThrowIfInvalid();
        return new ApplicationInput { IndustryCode = industry!.Code, NameEn = nameEn, NameKo = nameKo };
    }

    internal void ApplyTo(Application a)
    {
        a.IndustryCode = IndustryCode!;
        a.NameEn = NameEn!;
        a.NameKo = NameKo!;
        a.SearchName = Text.SearchKey(NameEn!);
    }

    /// <summary>The unique index refused a name a concurrent save took first: the same answer as the check.</summary>
    internal static ValidationException Taken() => ValidationException.For("nameEn", IndustriesText.NameTaken);
}

/// <summary>One application; anyone signed in reads the taxonomy.</summary>
public sealed class GetApplication(BridgeheadDb db)
{
    public async Task<ApplicationDto> HandleAsync(long id, CancellationToken ct)
    {
        Access.Require(db.Viewer);
        return await db.Applications.AsNoTracking().Where(a => a.Id == id)
            .Select(a => new ApplicationDto(a.Id, a.IndustryCode, a.NameEn, a.NameKo, a.Version))
            .FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("application");
    }
}

/// <summary>Adds an application under an industry (admin).</summary>
public sealed class CreateApplication(BridgeheadDb db, GetApplication get)
{
    public async Task<ApplicationDto> HandleAsync(ApplicationInput input, CancellationToken ct)
    {
        Access.RequireAdmin(db.Viewer, IndustriesText.AdminsOnly);
        var valid = await input.ValidateAsync(db, null, ct);
        var application = new Application { IndustryCode = "", NameEn = "", NameKo = "", SearchName = "" };
        valid.ApplyTo(application);
        db.Applications.Add(application);
        try
        {
            await db.SaveAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw ApplicationInput.Taken();
        }
        return await get.HandleAsync(application.Id, ct);
    }
}

/// <summary>Renames an application or moves it to another industry (admin); <c>change</c> receives the current values.</summary>
public sealed class UpdateApplication(BridgeheadDb db, GetApplication get)
{
    public async Task<ApplicationDto> HandleAsync(long id, long? expectedVersion, Func<ApplicationInput, ApplicationInput> change, CancellationToken ct)
    {
        Access.RequireAdmin(db.Viewer, IndustriesText.AdminsOnly);
        var application = await db.Applications.FirstOrDefaultAsync(a => a.Id == id, ct)
            ?? throw new NotFoundException("application");
        Concurrency.Expect(db, application, expectedVersion);
        var valid = await change(ApplicationInput.From(application)).ValidateAsync(db, id, ct);
        valid.ApplyTo(application);
        try
        {
            await db.SaveAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw ApplicationInput.Taken();
        }
        return await get.HandleAsync(id, ct);
    }
}

/// <summary>
/// Deletes an application (admin). Refused while accounts, opportunities or fit criteria use it,
/// counting all of them (hidden ones too: the admin sees every account anyway).
/// </summary>
public sealed class DeleteApplication(BridgeheadDb db)
{
    public async Task HandleAsync(long id, long? expectedVersion, CancellationToken ct)
    {
        Access.RequireAdmin(db.Viewer, IndustriesText.AdminsOnly);
        var application = await db.Applications.FirstOrDefaultAsync(a => a.Id == id, ct)
            ?? throw new NotFoundException("application");
        Concurrency.Expect(db, application, expectedVersion);

        var rules = new List<string>();
        var accounts = await db.AccountApplications.IgnoreQueryFilters().CountAsync(x => x.ApplicationId == id, ct);
        if (accounts > 0)
        {
            rules.Add(Validator.Format(IndustriesText.InUseByAccounts, accounts));
        }
        var opportunities = await db.Opportunities.IgnoreQueryFilters().CountAsync(o => o.ApplicationId == id, ct);
        if (opportunities > 0)
        {
            rules.Add(Validator.Format(IndustriesText.InUseByOpportunities, opportunities));
        }
        var value = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var criteria = await db.FitCriteria.AsNoTracking().Where(c => c.Dimension == FitDimension.Application).ToListAsync(ct);
        if (criteria.Any(c => c.Values.Contains(value)))
        {
            rules.Add(IndustriesText.InUseByFitCriteria);
        }
        if (rules.Count > 0)
        {
            var conflict = new ConflictException(rules);
            conflict.Extensions["accounts"] = accounts;
            conflict.Extensions["opportunities"] = opportunities;
            throw conflict;
        }
        db.Applications.Remove(application);
        await db.SaveAsync(ct);
    }
}
