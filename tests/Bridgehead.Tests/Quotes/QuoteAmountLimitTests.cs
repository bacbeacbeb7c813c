using System.Net;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Quotes.QuoteSetup;

namespace Bridgehead.Tests.Quotes;

public sealed class QuoteAmountLimitTests_Sqlite() : QuoteAmountLimitTests(Provider.Sqlite);

public sealed class QuoteAmountLimitTests_Postgres() : QuoteAmountLimitTests(Provider.Postgres);

/// <summary>
/// Quantity and unit price are each within their limits, yet their product (and the quote's sum)
/// can outgrow what the database keeps for money: that is a 422 naming the line, on both
/// databases, never a save that PostgreSQL refuses and SQLite accepts.
/// </summary>
public abstract class QuoteAmountLimitTests(Provider provider) : AppTests(provider)
{
    [Fact]
    public async Task LineOrQuoteTotal_BeyondWhatMoneyHolds_Is422_AndNothingIsSaved()
    {
        var rep = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        using var client = App.Client(rep);
        var (_, opportunityId) = await client.NewPursuitAsync();
        var product = await App.NewQuoteProductAsync(700m, 1000m);

        // 1,000,000 x 999,999,999,999,999: each value allowed, the line total 10^21.
        var line = await client.PostJsonAsync("/api/v1/quotes", new
        {
            opportunityId, currency = "KRW", lines = new[] { Line(product, 1_000_000m, 999_999_999_999_999m) },
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, line.StatusCode);
        Assert.Equal(["lines[0]"], (await line.ErrorsAsync()).Select(e => e.Key));

        // Two lines of 600,000,000,000,000 each: each fits, the quote's total does not.
        var sum = await client.PostJsonAsync("/api/v1/quotes", new
        {
            opportunityId, currency = "KRW", lines = new[] { Line(product, 1m, 600_000_000_000_000m), Line(product, 1m, 600_000_000_000_000m) },
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, sum.StatusCode);
        Assert.Equal(["lines"], (await sum.ErrorsAsync()).Select(e => e.Key));
        Assert.Empty((await client.GetJsonAsync($"/api/v1/quotes?opportunityId={opportunityId}"))["items"]!.AsArray());

        var draft = await client.NewQuoteAsync(opportunityId, [Line(product, 2m)]);
        var patched = await client.PatchJsonAsync(QuotePath(draft.Id()), new { lines = new[] { Line(product, 1_000_000m, 999_999_999_999_999m) } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, patched.StatusCode);
        Assert.Equal(["lines[0]"], (await patched.ErrorsAsync()).Select(e => e.Key));
        var kept = await client.GetJsonAsync(QuotePath(draft.Id()));
        Assert.Equal(2000m, Amount(kept["total"]));

        // The largest quote money holds still goes through.
        var largest = await client.NewQuoteAsync(opportunityId, [Line(product, 1m, 999_999_999_999_999m)]);
        Assert.Equal(999_999_999_999_999m, Amount(largest["total"]));
    }
}
