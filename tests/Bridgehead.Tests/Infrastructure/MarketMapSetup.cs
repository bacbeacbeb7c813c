using Bridgehead.BuyingCenter;
using Bridgehead.Common;
using Bridgehead.Contacts;
using Bridgehead.Wallet;

namespace Bridgehead.Tests.Infrastructure;

/// <summary>
/// Test setup only: shares of wallet and buying-center members written straight through the
/// database (as the system), for tests that need the gates of stages 1-2 met but are about
/// something else. Tests of those records themselves go through their API.
/// </summary>
public static class MarketMapSetup
{
    /// <summary>A share-of-wallet entry at the account for the category (walletMapped), supplied by us unless a competitor is named.</summary>
    public static async Task<long> RecordShareAsync(this TestApp app, long accountId, string category = "valves",
        decimal sharePercent = 40m, DateOnly? asOf = null, long? competitorId = null)
    {
        await using var db = app.OpenDb();
        var share = new SupplierShare
        {
            AccountId = accountId,
            ProductCategory = category,
            CategoryKey = Text.SearchKey(category),
            CompetitorId = competitorId,
            SharePercent = sharePercent,
            AsOf = asOf ?? DateOnly.FromDateTime(DateTime.UtcNow),
        };
        db.SupplierShares.Add(share);
        await db.SaveChangesAsync();
        return share.Id;
    }

    /// <summary>
    /// A person of the account in the pursuit's buying center, from the department, with pains
    /// unless <paramref name="pains"/> is null (purchasingMapped, technicalMapped).
    /// </summary>
    public static async Task<long> AddBuyingCenterMemberAsync(this TestApp app, long accountId, long opportunityId,
        Department department, string? pains = "Needs a second source before the next audit.", string? name = null)
    {
        await using var db = app.OpenDb();
        name ??= $"{department} {Guid.NewGuid().ToString("N")[..6]}";
        var contact = new Contact { AccountId = accountId, Name = name, SearchName = Text.SearchKey(name), Department = department };
        db.Contacts.Add(contact);
        await db.SaveChangesAsync();
        var member = new BuyingCenterMember
        {
            AccountId = accountId,
            OpportunityId = opportunityId,
            ContactId = contact.Id,
            Department = department,
            Pains = pains,
        };
        db.BuyingCenterMembers.Add(member);
        await db.SaveChangesAsync();
        return member.Id;
    }

    /// <summary>Purchasing and engineering in the buying center, each with pains.</summary>
    public static async Task MapBuyingCenterAsync(this TestApp app, long accountId, long opportunityId)
    {
        await app.AddBuyingCenterMemberAsync(accountId, opportunityId, Department.Purchasing, "Wants a lower price and two-week lead times.");
        await app.AddBuyingCenterMemberAsync(accountId, opportunityId, Department.Engineering, "Fears leaks at high pressure.");
    }

    /// <summary>An incumbent's slip at the account, recorded against the competitor.</summary>
    public static async Task<long> RecordSlipAsync(this TestApp app, long accountId, long competitorId,
        IncumbentEventKind kind = IncumbentEventKind.LateDelivery, DateOnly? occurredOn = null, string? note = null)
    {
        await using var db = app.OpenDb();
        var slip = new IncumbentEvent
        {
            AccountId = accountId,
            CompetitorId = competitorId,
            Kind = kind,
            OccurredOn = occurredOn ?? DateOnly.FromDateTime(DateTime.UtcNow),
            Note = note,
        };
        db.IncumbentEvents.Add(slip);
        await db.SaveChangesAsync();
        return slip.Id;
    }
}
