using Bridgehead.Common;
using Bridgehead.Identity;
using Bridgehead.Industries;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Competitors;

/// <summary>Where a move's pages lead back to: its account, else the market watch.</summary>
internal static class MoveReturn
{
    public static string Of(CompetitorMoveDto? move) =>
        move?.Account is { } account ? $"/accounts/{account.Id}#competitor-moves" : "/market-watch";
}

/// <summary>Records a move; <c>?accountId=</c>, <c>?opportunityId=</c> and <c>?competitorId=</c> preselect.</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class NewMoveModel(CreateCompetitorMove create, ListMoveChoices choices, ListApplications applications) : PageModel
{
    [BindProperty]
    public MoveForm Form { get; set; } = new();

    public MoveFormChoices Choices { get; private set; } = MoveFormChoices.None;

    public MoveFormView View => new(Form, Choices, Form.AccountId is { } a ? $"/accounts/{a}" : "/market-watch");

    public async Task OnGetAsync(long? accountId, long? opportunityId, long? competitorId, CancellationToken ct)
    {
        Form.AccountId = accountId;
        Form.OpportunityId = opportunityId;
        Form.CompetitorId = competitorId;
        Choices = await MoveFormChoices.LoadAsync(choices, applications, Form, ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        CompetitorMoveDto? created = null;
        var result = await FormSave.TryAsync(ModelState, async () => created = await create.HandleAsync(Form.ToInput(), ct));
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = MovePagesText.Created;
            return Redirect(MoveReturn.Of(created));
        }
        Choices = await MoveFormChoices.LoadAsync(choices, applications, Form, ct);
        return Page();
    }
}

/// <summary>Changes a move (its recorder, a manager who sees it, an admin); a stale version reloads the latest values.</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class EditMoveModel(GetCompetitorMove get, UpdateCompetitorMove update, ListMoveChoices choices, ListApplications applications) : PageModel
{
    [BindProperty]
    public MoveForm Form { get; set; } = new();

    public CompetitorMoveDto Move { get; private set; } = null!;

    public MoveFormChoices Choices { get; private set; } = MoveFormChoices.None;

    public MoveFormView View => new(Form, Choices, MoveReturn.Of(Move));

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        Form = MoveForm.From(Move);
        Choices = await MoveFormChoices.LoadAsync(choices, applications, Form, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        CompetitorMoveDto? saved = null;
        var result = await FormSave.TryAsync(ModelState, async () => saved = await update.HandleAsync(id, Form.Version, _ => Form.ToInput(), ct));
        if (result == SaveResult.Saved)
        {
            TempData["Flash"] = MovePagesText.Updated;
            return Redirect(MoveReturn.Of(saved));
        }
        if (result == SaveResult.Stale)
        {
            await LoadAsync(id, ct);
            Form = MoveForm.From(Move);
        }
        Choices = await MoveFormChoices.LoadAsync(choices, applications, Form, ct);
        return Page();
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        Move = await get.HandleAsync(id, ct);
        if (!Move.CanEdit)
        {
            throw new ForbiddenException(MovesText.RecorderOnly);
        }
    }
}

/// <summary>Asks before deleting a move; only those who may change it get the page (403 otherwise).</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class DeleteMoveModel(GetCompetitorMove get, DeleteCompetitorMove delete) : PageModel
{
    public CompetitorMoveDto Move { get; private set; } = null!;

    public string BackUrl => MoveReturn.Of(Move);

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, long version, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        try
        {
            await delete.HandleAsync(id, version, ct);
            TempData["Flash"] = MovePagesText.Deleted;
            return Redirect(BackUrl);
        }
        catch (PreconditionFailedException)
        {
            await LoadAsync(id, ct);
            ModelState.AddModelError("", UiText.StaleEdit);
            return Page();
        }
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        Move = await get.HandleAsync(id, ct);
        if (!Move.CanEdit)
        {
            throw new ForbiddenException(MovesText.RecorderOnly);
        }
    }
}
