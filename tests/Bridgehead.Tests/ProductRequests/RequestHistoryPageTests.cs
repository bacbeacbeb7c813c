using System.Globalization;
using System.Net;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.ProductRequests.RequestSetup;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.ProductRequests;

public sealed class RequestHistoryPageTests_Sqlite() : RequestHistoryPageTests(Provider.Sqlite);

public sealed class RequestHistoryPageTests_Postgres() : RequestHistoryPageTests(Provider.Postgres);

/// <summary>The request page's history says what the API's says: the product role reads no pursuit links there either.</summary>
public abstract class RequestHistoryPageTests(Provider provider) : AppTests(provider)
{
    [Fact]
    public async Task HistoryFragment_LeavesOutPursuitLinks_ForTheProductRole_LikeTheApi()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var deal = await client.NewOpportunityAsync(account.Id());
        var request = await client.RaiseAsync(Title(Tag(), "History page"), opportunityIds: [deal.Id()]);
        var linked = deal.Id().ToString(CultureInfo.InvariantCulture) + " (blocking)";
        var path = $"/product-requests/{request.Id()}?handler=history";

        using var repBrowser = await App.SignInAsync(rep);
        var (repStatus, repHistory) = await repBrowser.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, repStatus);
        Assert.Contains(linked, WebUtility.HtmlDecode(repHistory));

        using var productBrowser = await App.SignInAsync(await App.CreateUserAsync(Role.Product));
        var (productStatus, productHistory) = await productBrowser.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, productStatus);
        var text = WebUtility.HtmlDecode(productHistory);
        Assert.DoesNotContain(linked, text);
        Assert.DoesNotContain("Opportunities", text);
        Assert.Contains("Accounts", text);
    }
}
