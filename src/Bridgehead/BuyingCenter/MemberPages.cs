using Bridgehead.Common;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.BuyingCenter;

/// <summary>Where the member pages return to: the buying-center section of the opportunity page.</summary>
internal static class MemberPages
{
    public static string Back(long opportunityId) => $"/opportunities/{opportunityId}#buying-center";
}

/// <summary>
/// Adds a person to a pursuit's buying center. The form normally sits on the opportunity page and
/// posts here; this page shows it alone when it was refused (with the reasons) or opened directly.
/// </summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class AddModel(GetOpportunity getOpportunity, ListMemberCandidates candidates, AddMember add) : PageModel
{
    [BindProperty]
    public MemberForm Member { get; set; } = new();

    public OpportunityDto Opportunity { get; private set; } = null!;

    public MemberFormView View { get; private set; } = null!;

    public async Task OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct);

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        MemberDto? added = null;
        var result = await FormSave.TryOrRefuseAsync(this, async () => added = await add.HandleAsync(id, Member.ToInput(), ct), null, "Member");
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = Validator.Format(BuyingCenterPageText.Added, added!.ContactName);
            return Redirect(MemberPages.Back(id));
        }
        await LoadAsync(id, ct);
        return Page();
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        Opportunity = await getOpportunity.HandleAsync(id, ct);
        View = new MemberFormView(Member, $"/opportunities/{id}/buying-center/add", MemberPages.Back(id),
            MemberFormView.Choices(await candidates.HandleAsync(id, ct)), null);
    }
}

/// <summary>Changes a member's part in the pursuit; refuses to overwrite a newer version saved by someone else.</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class EditModel(GetOpportunity getOpportunity, GetMember get, UpdateMember update) : PageModel
{
    [BindProperty]
    public MemberForm Member { get; set; } = new();

    public OpportunityDto Opportunity { get; private set; } = null!;

    public MemberDto Current { get; private set; } = null!;

    public MemberFormView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, long memberId, CancellationToken ct)
    {
        await LoadAsync(id, memberId, ct);
        Member = MemberForm.From(Current);
        View = View with { Member = Member };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, long memberId, CancellationToken ct)
    {
        await LoadAsync(id, memberId, ct);
        var result = await FormSave.TryOrRefuseAsync(this, () =>
            update.HandleAsync(id, memberId, Member.Version, _ => Member.ToInput() with { ContactId = Current.ContactId }, ct), null, "Member");
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = Validator.Format(BuyingCenterPageText.Updated, Current.ContactName);
            return Redirect(MemberPages.Back(id));
        }
        if (result == SaveResult.Stale)
        {
            await LoadAsync(id, memberId, ct);
            Member = MemberForm.From(Current);
        }
        View = View with { Member = Member };
        return Page();
    }

    private async Task LoadAsync(long id, long memberId, CancellationToken ct)
    {
        Opportunity = await getOpportunity.HandleAsync(id, ct);
        Current = await get.HandleAsync(id, memberId, ct);
        View = new MemberFormView(Member, $"/opportunities/{id}/buying-center/{memberId}/edit", MemberPages.Back(id), null, Current.ContactName);
    }
}

/// <summary>Asks before taking a person out of the buying center, and says that the contact and the timeline stay.</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class RemoveModel(GetOpportunity getOpportunity, GetMember get, RemoveMember remove) : PageModel
{
    public OpportunityDto Opportunity { get; private set; } = null!;

    public MemberDto Current { get; private set; } = null!;

    public IReadOnlyList<string> Blockers { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, long memberId, CancellationToken ct)
    {
        await LoadAsync(id, memberId, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, long memberId, long version, CancellationToken ct)
    {
        await LoadAsync(id, memberId, ct);
        try
        {
            await remove.HandleAsync(id, memberId, version, ct);
            TempData["Flash"] = Validator.Format(BuyingCenterPageText.Removed, Current.ContactName);
            return Redirect(MemberPages.Back(id));
        }
        catch (ConflictException e)
        {
            Blockers = e.Rules;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        catch (PreconditionFailedException)
        {
            await LoadAsync(id, memberId, ct);
            ModelState.AddModelError("", UiText.StaleEdit);
            return Page();
        }
    }

    private async Task LoadAsync(long id, long memberId, CancellationToken ct)
    {
        Opportunity = await getOpportunity.HandleAsync(id, ct);
        Current = await get.HandleAsync(id, memberId, ct);
    }
}
