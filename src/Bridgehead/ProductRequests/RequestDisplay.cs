using Bridgehead.Common;
using Bridgehead.Shared;

namespace Bridgehead.ProductRequests;

/// <summary>How the pages show a request's status and money.</summary>
public static class RequestDisplay
{
    public static string Status(ProductRequestStatus status) => Labels.Of(status);

    /// <summary>A badge class per status: open ones stand out, answered ones are quiet.</summary>
    public static string StatusClass(ProductRequestStatus status) => status switch
    {
        ProductRequestStatus.New => "badge request-new",
        ProductRequestStatus.UnderReview or ProductRequestStatus.Accepted or ProductRequestStatus.InDevelopment => "badge request-open",
        ProductRequestStatus.Released => "badge request-released",
        ProductRequestStatus.Declined => "badge request-declined",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>Revenue at stake, with the amounts that could not be converted after it.</summary>
    public static string Revenue(ProductRequestDto r)
    {
        var text = Display.Money(r.RevenueAtStake.Amount, r.RevenueAtStake.Currency);
        return r.UnconvertedRevenue.Count == 0
            ? text
            : text + " + " + string.Join(" + ", r.UnconvertedRevenue.Select(m => Display.Money(m.Amount, m.Currency)));
    }
}
