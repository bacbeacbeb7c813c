using System.Globalization;
using Bridgehead.Accounts;
using Bridgehead.Common;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Wallet;

/// <summary>
/// An account's share of wallet and incumbents' slips: the section the account page loads
/// (<c>?fragment=section</c>), or a page of its own.
/// </summary>
[Authorize(Policy = Policies.ReadSales)]
public sealed class AccountModel(
    GetAccount getAccount, GetShareOfWallet wallet, ListSupplierShares shares, ListIncumbentEvents slips, GetOpeningSignal signal) : PageModel
{
    /// <summary>How many entries and slips the section lists; the API pages through more.</summary>
    public const int Shown = PageRequest.MaxLimit;

    public AccountDto Account { get; private set; } = null!;

    public ShareOfWalletDto Wallet { get; private set; } = null!;

    public IReadOnlyList<SupplierShareDto> Entries { get; private set; } = [];

    public IReadOnlyList<IncumbentEventDto> Slips { get; private set; } = [];

    public OpeningSignalDto Signal { get; private set; } = null!;

    public bool CanEdit { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, string? fragment, CancellationToken ct)
    {
        Account = await getAccount.HandleAsync(id, ct);
        Wallet = await wallet.HandleAsync(id, ct);
        Entries = (await shares.HandleAsync(id, new SupplierShareFilter(), new PageRequest(Shown), ct)).Items;
        Slips = (await slips.HandleAsync(id, new PageRequest(Shown), ct)).Items;
        Signal = await signal.HandleAsync(id, ct);
        CanEdit = ViewerSource.FromPrincipal(User)?.CanEditSales == true;
        return fragment == "section" ? Partial("_WalletSection", this) : Page();
    }

    /// <summary>The contribution a slip makes today (0 when too old).</summary>
    public decimal ContributionOf(IncumbentEventDto slip) =>
        Signal.Contributions.FirstOrDefault(c => c.EventId == slip.Id)?.Contribution ?? 0;

    public static string Number(decimal? value) => value?.ToString("#,0.####", CultureInfo.CurrentCulture) ?? Shared.UiText.NotSet;

    public static string SupplierName(SupplierKind supplier, string? competitorName) =>
        supplier == SupplierKind.Us ? WalletPagesText.Us : competitorName ?? "";

    /// <summary>The explanation of the signal with the formula's numbers filled in.</summary>
    public static string SignalExplanation() => Validator.Format(WalletPagesText.SignalExplain,
        OpeningSignal.QualityFailureWeight, OpeningSignal.LateDeliveryWeight, OpeningSignal.RelationshipWeight,
        OpeningSignal.PriceIncreaseWeight, OpeningSignal.OtherWeight,
        OpeningSignal.MinorFactor.ToString(CultureInfo.CurrentCulture), OpeningSignal.MajorFactor, OpeningSignal.CriticalFactor.ToString(CultureInfo.CurrentCulture),
        OpeningSignal.HalfLifeDays, OpeningSignal.HorizonDays);
}
