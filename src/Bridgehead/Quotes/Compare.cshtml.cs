using Bridgehead.Hosting;
using Bridgehead.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Quotes;

/// <summary>Two versions of one pursuit's quote side by side; margin for managers and admins only.</summary>
[Authorize(Policy = Policies.ReadSales)]
public sealed class CompareModel(CompareQuotes compare, GetQuote get) : PageModel
{
    public QuoteComparison Comparison { get; private set; } = null!;

    public QuoteDto First { get; private set; } = null!;

    public bool SeesCosts => ViewerSource.FromPrincipal(User)?.SeesCosts ?? false;

    public async Task OnGetAsync(long? a, long? b, CancellationToken ct)
    {
        try
        {
            Comparison = await compare.HandleAsync(a, b, ct);
        }
        catch (Common.ValidationException)
        {
            throw new Common.NotFoundException("quote");
        }
        First = await get.HandleAsync(a!.Value, ct);
    }
}
