using System.Globalization;
using Bridgehead.Accounts;
using Bridgehead.Common;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Bridgehead.Contacts;

/// <summary>The visible accounts as select options, for the account filter and the account field of contact and opportunity forms.</summary>
public static class AccountOptions
{
    /// <summary>Options are capped; an account beyond the cap is still offered when it is the current choice.</summary>
    public const int Max = 500;

    public static async Task<IReadOnlyList<SelectListItem>> LoadAsync(ListAccounts list, GetAccount get, long? current, CancellationToken ct)
    {
        var page = await list.HandleAsync(new AccountFilter(), new PageRequest(Max), ct);
        var options = page.Items.Select(a => new SelectListItem(a.Name, Key(a.Id))).ToList();
        if (current is { } id && options.All(o => o.Value != Key(id)))
        {
            try
            {
                var account = await get.HandleAsync(id, ct);
                options.Insert(0, new SelectListItem(account.Name, Key(id)));
            }
            catch (NotFoundException)
            {
                // Not visible to the caller: nothing to offer.
            }
        }
        return options;
    }

    public static string Key(long id) => id.ToString(CultureInfo.InvariantCulture);
}
