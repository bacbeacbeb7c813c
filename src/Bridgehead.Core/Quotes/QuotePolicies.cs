using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Quotes;

/// <summary>The quote limits; <c>version</c> is 0 while no admin has set any (send If-Match "0" then).</summary>
public sealed record QuotePolicyDto(decimal? MinMarginPercent, decimal? MaxDiscountPercent, long Version, DateTime? UpdatedAt);

/// <summary>The body of PUT /quote-policy: both limits (null or left out: no limit of that kind).</summary>
public sealed record QuotePolicyInput(decimal? MinMarginPercent, decimal? MaxDiscountPercent);

/// <summary>The limits a quote must keep to go out without a manager's approval; sales roles and the viewer read them.</summary>
public sealed class GetQuotePolicy(BridgeheadDb db)
{
    public async Task<QuotePolicyDto> HandleAsync(CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        return await db.QuotePolicies.AsNoTracking().OrderBy(p => p.Id)
            .Select(p => new QuotePolicyDto(p.MinMarginPercent, p.MaxDiscountPercent, p.Version, p.UpdatedAt))
            .FirstOrDefaultAsync(ct) ?? new QuotePolicyDto(null, null, 0, null);
    }
}

/// <summary>An admin sets both limits. Drafts are judged against the new limits when next changed, submitted or sent.</summary>
public sealed class SetQuotePolicy(BridgeheadDb db, GetQuotePolicy get)
{
    public async Task<QuotePolicyDto> HandleAsync(long? expectedVersion, QuotePolicyInput input, CancellationToken ct)
    {
        Access.RequireAdmin(db.Viewer, QuotesText.PolicyAdminsOnly);
        var v = new Validator();
        Percent(v, "minMarginPercent", input.MinMarginPercent);
        Percent(v, "maxDiscountPercent", input.MaxDiscountPercent);
        v.ThrowIfInvalid();
        var policy = await db.QuotePolicies.OrderBy(p => p.Id).FirstOrDefaultAsync(ct);
        if (policy is null)
        {
            if (expectedVersion is { } expected && expected != 0)
            {
                throw new PreconditionFailedException(0);
            }
            policy = db.QuotePolicies.Add(new QuotePolicy()).Entity;
        }
        else
        {
            Concurrency.Expect(db, policy, expectedVersion);
        }
        policy.MinMarginPercent = input.MinMarginPercent;
        policy.MaxDiscountPercent = input.MaxDiscountPercent;
        await db.SaveAsync(ct);
        return await get.HandleAsync(ct);
    }

    private static void Percent(Validator v, string field, decimal? value)
    {
        v.Range(field, value, 0m, 100m);
        if (value is { } x && decimal.Round(x, 2) != x)
        {
            v.Add(field, CommonText.TooManyDecimals);
        }
    }
}
