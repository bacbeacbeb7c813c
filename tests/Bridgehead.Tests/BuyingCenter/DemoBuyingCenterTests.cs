using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Bridgehead.Tests.Demo;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.BuyingCenter;

public sealed class DemoBuyingCenterTests_Sqlite() : DemoBuyingCenterTests(Provider.Sqlite);

public sealed class DemoBuyingCenterTests_Postgres() : DemoBuyingCenterTests(Provider.Postgres);

/// <summary>The demo's buying centers: from the account's own people, for most open pursuits from stage 2, with gaps that warn.</summary>
public abstract class DemoBuyingCenterTests(Provider provider)
{
    [Fact]
    public async Task TheDemo_MapsMostOpenPursuitsFromStageTwo_WithEveryKindOfGap()
    {
        var app = await DemoApp.OfAsync(provider);
        await using var check = app.OpenDb();
        var deals = await check.Opportunities.AsNoTracking().ToDictionaryAsync(o => o.Id);
        var contacts = await check.Contacts.AsNoTracking().ToDictionaryAsync(c => c.Id);
        var korean = await check.Accounts.AsNoTracking().Where(a => a.Country == "KR").Select(a => a.Id).ToHashSetAsync();
        var members = await check.BuyingCenterMembers.AsNoTracking().ToListAsync();

        Assert.All(members, m =>
        {
            Assert.Equal(deals[m.OpportunityId].AccountId, m.AccountId);
            Assert.Equal(m.AccountId, contacts[m.ContactId].AccountId);
            Assert.Equal(OpportunityStatus.Open, deals[m.OpportunityId].Status);
            Assert.True(Stages.Find(deals[m.OpportunityId].Stage)!.Number >= 2);
        });
        var eligible = deals.Values.Where(o => o.Status == OpportunityStatus.Open && Stages.Find(o.Stage)!.Number >= 2).ToList();
        var mapped = members.Select(m => m.OpportunityId).ToHashSet();
        Assert.True(mapped.Count * 3 >= eligible.Count * 2, $"{mapped.Count} of {eligible.Count} open pursuits from stage 2 have a buying center");
        Assert.Contains(members, m => korean.Contains(m.AccountId) && m.OurFit is { } fit && fit.Any(ch => ch is >= '가' and <= '힣'));
        Assert.Contains(members, m => !korean.Contains(m.AccountId) && m.OurFit is { } fit && fit.All(ch => ch < 0x3000));

        using var admin = app.Client(await app.CreateUserAsync(Role.Admin));
        var codes = new HashSet<string>();
        foreach (var id in mapped)
        {
            var center = await admin.GetJsonAsync($"/api/v1/opportunities/{id}/buying-center");
            codes.UnionWith(center["warnings"]!.AsArray().Select(w => w.Str("code")));
        }
        Assert.Superset(new HashSet<string> { "noChampion", "opponentHighInfluence", "missingDepartment", "untouched" }, codes);
    }
}
