using Bridgehead.Common;
using Bridgehead.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Duplicates;

/// <summary>Likely duplicate accounts and contacts among the caller's records, each with a way to compare and merge.</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class IndexModel(FindDuplicates find) : PageModel
{
    public IReadOnlyList<DuplicatePairDto> Accounts { get; private set; } = [];

    public IReadOnlyList<DuplicatePairDto> Contacts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Accounts = (await find.AccountsAsync(new PageRequest(FindDuplicates.MaxPairs), ct)).Items;
        Contacts = (await find.ContactsAsync(new PageRequest(FindDuplicates.MaxPairs), ct)).Items;
        return Page();
    }

    /// <summary>A reason as people read it.</summary>
    public static string Reason(DuplicateReason reason) => reason.Kind switch
    {
        "name" => Validator.Format(DuplicatePagesText.Reason_name, reason.Value),
        "domain" => Validator.Format(DuplicatePagesText.Reason_domain, reason.Value),
        "phone" => Validator.Format(DuplicatePagesText.Reason_phone, reason.Value),
        "email" => Validator.Format(DuplicatePagesText.Reason_email, reason.Value),
        _ => reason.Value,
    };
}
