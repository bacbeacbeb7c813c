using System.Net;
using Bridgehead.Tests.Infrastructure;

namespace Bridgehead.Tests.Negotiation;

public sealed class NegotiationValueLimitTests_Sqlite() : NegotiationValueLimitTests(Provider.Sqlite);

public sealed class NegotiationValueLimitTests_Postgres() : NegotiationValueLimitTests(Provider.Postgres);

/// <summary>The value limit is what the money columns hold (15 digits before the point): the same answer on both databases.</summary>
public abstract class NegotiationValueLimitTests(Provider provider) : AppTests(provider)
{
    [Fact]
    public async Task Value_OfTenToTheFifteen_Is422_TheLargestThatFits_IsKept()
    {
        var deal = await Deal.NewAsync(App);
        var tooLarge = await deal.Api.PostJsonAsync(deal.Path + "/terms", new { kind = "volume", opening = 1_000_000_000_000_000m, walkAway = 1m });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLarge.StatusCode);
        Assert.Equal(["opening"], (await tooLarge.ErrorsAsync()).Select(e => e.Key));
        Assert.Empty((await deal.GetAsync())["terms"]!.AsArray());

        var largest = await deal.PriceTermAsync(new { kind = "volume", opening = 999_999_999_999_999.9999m, walkAway = 1m });
        Assert.Equal(999_999_999_999_999.9999m, largest["opening"]!.GetValue<decimal>());
        var offer = await deal.Api.PostJsonAsync(deal.Path + "/offers", new { termId = largest.Id(), side = "theirs", value = 1_000_000_000_000_000m });
        Assert.Equal(["value"], (await offer.ErrorsAsync()).Select(e => e.Key));
    }
}
