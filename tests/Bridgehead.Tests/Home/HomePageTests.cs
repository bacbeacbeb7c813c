using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Bridgehead.Tests.Infrastructure;

namespace Bridgehead.Tests.Home;

public sealed class HomePageTests_Sqlite() : HomePageTests(Provider.Sqlite);

public sealed class HomePageTests_Postgres() : HomePageTests(Provider.Postgres);

public abstract class HomePageTests(Provider provider) : AppTests(provider)
{
    [Fact]
    public async Task Home_CountsTheRepsOpenOpportunitiesPerStage_AndListsTheirTasksDueThisWeek()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var api = App.Client(rep);
        var account = await api.CreateAsync("/api/v1/accounts", new { name = "Home Co" });
        foreach (var (title, status) in new[] { ("First", OpportunityStatus.Open), ("Second", OpportunityStatus.Open), ("Lost one", OpportunityStatus.Lost) })
        {
            var opportunity = await api.CreateAsync("/api/v1/opportunities", new { accountId = account.Id(), title });
            await App.PutInStageAsync(opportunity.Id(), "needs", status);
        }
        await api.CreateAsync("/api/v1/tasks", new { title = "Call the buyer back", dueOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(2)).ToString("yyyy-MM-dd") });

        using var browser = await App.SignInAsync(rep);
        var (_, html) = await browser.GetAsync("/");

        Assert.Contains($"/opportunities?stage=needs&amp;ownerId={rep.Id}&amp;status=open\">2</a>", html);
        Assert.Contains("Call the buyer back", html);
    }
}
