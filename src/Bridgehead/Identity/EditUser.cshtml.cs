using Bridgehead.Auditing;
using Bridgehead.Common;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Identity;

/// <summary>An admin changes a user, resets their password or reads their history.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class EditUserModel(ListUsers list, UpdateUser update, ResetPassword reset) : PageModel
{
    [BindProperty]
    public UserForm Form { get; set; } = new();

    public UserDto Subject { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Subject = await list.FindAsync(id, ct) ?? throw new NotFoundException("user");
        Form = new UserForm { UserName = Subject.UserName, DisplayName = Subject.DisplayName, Email = Subject.Email, Role = Subject.Role, Team = Subject.TeamName, IsActive = Subject.IsActive, Version = Subject.Version };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        Subject = await list.FindAsync(id, ct) ?? throw new NotFoundException("user");
        try
        {
            await update.HandleAsync(id, Form.Version, _ => new UserChange { DisplayName = Form.DisplayName, Email = Form.Email, Role = Form.Role, Team = Form.Team, IsActive = Form.IsActive }, ct);
            TempData["Flash"] = IdentityText.UserSaved;
            return Redirect("/admin/users");
        }
        catch (ValidationException e)
        {
            FormErrors.Apply(ModelState, e, "Form");
        }
        catch (ConflictException e)
        {
            foreach (var rule in e.Rules)
            {
                ModelState.AddModelError("", rule);
            }
        }
        catch (PreconditionFailedException)
        {
            ModelState.Clear();
            ModelState.AddModelError("", UiText.StaleEdit);
            return await OnGetAsync(id, ct);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostResetAsync(long id, CancellationToken ct)
    {
        Subject = await list.FindAsync(id, ct) ?? throw new NotFoundException("user");
        var password = await reset.HandleAsync(id, ct);
        TempData["Flash"] = Validator.Format(IdentityText.PasswordReset, Subject.UserName, password);
        return Redirect($"/admin/users/{id}");
    }

    public async Task<IActionResult> OnGetHistoryAsync(long id, string? cursor, CancellationToken ct)
    {
        _ = await list.FindAsync(id, ct) ?? throw new NotFoundException("user");
        return await HistoryFragment.RenderAsync(this, HttpContext.RequestServices, "user", id, cursor,
            IdentityText.ResourceManager, new Dictionary<string, Type> { ["role"] = typeof(Role) }, $"/admin/users/{id}?handler=history", ct);
    }
}
