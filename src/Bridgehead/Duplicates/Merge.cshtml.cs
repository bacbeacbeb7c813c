using System.Globalization;
using Bridgehead.Accounts;
using Bridgehead.Common;
using Bridgehead.Contacts;
using Bridgehead.Identity;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Duplicates;

/// <summary>Two accounts (or contacts) side by side: the user picks the record that stays and, per field, the value it keeps; and the undo of a merge.</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class MergeModel(GetAccount getAccount, GetContact getContact, MergeAccounts mergeAccounts, MergeContacts mergeContacts, UndoMerge undo) : PageModel
{
    /// <summary>One field's two values.</summary>
    public sealed record Row(string Field, string Label, string A, string B);

    [BindProperty(SupportsGet = true)]
    public string Type { get; set; } = "account";

    [BindProperty(SupportsGet = true)]
    public long A { get; set; }

    [BindProperty(SupportsGet = true)]
    public long B { get; set; }

    /// <summary>"a" or "b": the record that stays.</summary>
    [BindProperty]
    public string Keep { get; set; } = "a";

    /// <summary>Per field, "a" or "b": whose value stays.</summary>
    [BindProperty]
    public Dictionary<string, string> Choice { get; set; } = [];

    [BindProperty]
    public long VersionA { get; set; }

    [BindProperty]
    public long VersionB { get; set; }

    public string NameA { get; private set; } = "";

    public string NameB { get; private set; } = "";

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public bool IsAccount => Type == "account";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Valid())
        {
            return BadRequest(DuplicatePagesText.BadPair);
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!Valid() || Keep is not ("a" or "b"))
        {
            return BadRequest(DuplicatePagesText.BadPair);
        }
        var keepA = Keep == "a";
        var (survivor, merged, version) = keepA ? (A, B, VersionA) : (B, A, VersionB);
        var mergedSide = keepA ? "b" : "a";
        var fields = Choice
            .Where(c => (IsAccount ? MergeFields.Account : MergeFields.Contact).Contains(c.Key))
            .ToDictionary(c => c.Key, c => c.Value == mergedSide ? "merged" : "survivor", StringComparer.Ordinal);
        var input = new MergeInput(merged, fields);
        MergeDto? done = null;
        var result = await FormSave.TryOrRefuseAsync(this, async () => done = IsAccount
            ? await mergeAccounts.HandleAsync(survivor, version, input, ct)
            : await mergeContacts.HandleAsync(survivor, version, input, ct), prefix: "Merge");
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = DuplicatePagesText.Merged;
            return Redirect($"/accounts/{done!.AccountId}");
        }
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Undoes a merge, then shows the account it was on.</summary>
    public async Task<IActionResult> OnPostUndoAsync(long mergeId, CancellationToken ct)
    {
        try
        {
            var merge = await undo.HandleAsync(mergeId, ct);
            TempData["Flash"] = DuplicatePagesText.Undone;
            return Redirect($"/accounts/{merge.AccountId}");
        }
        catch (ConflictException e)
        {
            TempData["Flash"] = string.Join(" ", e.Rules);
            // Back to where the button was, but never off this site (a Referer path like //host/...).
            var back = Request.Headers.Referer.FirstOrDefault() is { } referer && Uri.TryCreate(referer, UriKind.Absolute, out var uri) ? uri.PathAndQuery : null;
            return LocalRedirect(back is not null && Url.IsLocalUrl(back) ? back : "/duplicates");
        }
    }

    private bool Valid() => Type is "account" or "contact" && A > 0 && B > 0 && A != B;

    private async Task LoadAsync(CancellationToken ct)
    {
        if (IsAccount)
        {
            var a = await getAccount.HandleAsync(A, ct);
            var b = await getAccount.HandleAsync(B, ct);
            (NameA, NameB, VersionA, VersionB) = (a.Name, b.Name, a.Version, b.Version);
            Rows = [.. MergeFields.Account.Select(f => new Row(f, Label(f), AccountValue(a, f), AccountValue(b, f)))];
        }
        else
        {
            var a = await getContact.HandleAsync(A, ct);
            var b = await getContact.HandleAsync(B, ct);
            (NameA, NameB, VersionA, VersionB) = (a.Name, b.Name, a.Version, b.Version);
            Rows = [.. MergeFields.Contact.Select(f => new Row(f, Label(f), Value(a, f), Value(b, f)))];
        }
        ModelState.Remove(nameof(VersionA));
        ModelState.Remove(nameof(VersionB));
    }

    private static string Label(string field) => DuplicatePagesText.ResourceManager.GetString("Field_" + field, CultureInfo.CurrentUICulture) ?? field;

    private static string AccountValue(AccountDto a, string field) => field switch
    {
        "industry" => Display.Text(a.IndustryName ?? a.Industry),
        "parentId" => Display.Text(a.ParentName),
        _ => Value(a, field),
    };

    /// <summary>The DTO's value of the field as people read it; fields the DTO does not carry read as not set.</summary>
    private static string Value(object dto, string field)
    {
        var value = dto.GetType().GetProperty(MergeFields.Property(field))?.GetValue(dto);
        return value switch
        {
            null => UiText.NotSet,
            Enum e => Labels.Of(e),
            IFormattable f => f.ToString(null, CultureInfo.CurrentCulture),
            _ => Display.Text(value.ToString()),
        };
    }
}
