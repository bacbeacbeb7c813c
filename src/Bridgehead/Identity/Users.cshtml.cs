using System.ComponentModel.DataAnnotations;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Identity;

/// <summary>The user form of the admin pages.</summary>
public sealed class UserForm
{
    [Display(Name = nameof(IdentityText.UserName), ResourceType = typeof(IdentityText))]
    public string? UserName { get; set; }

    [Display(Name = nameof(IdentityText.DisplayName), ResourceType = typeof(IdentityText))]
    public string? DisplayName { get; set; }

    [Display(Name = nameof(IdentityText.Email), ResourceType = typeof(IdentityText))]
    public string? Email { get; set; }

    [Display(Name = nameof(IdentityText.Role), ResourceType = typeof(IdentityText))]
    public Role? Role { get; set; }

    [Display(Name = nameof(IdentityText.Team), ResourceType = typeof(IdentityText))]
    public string? Team { get; set; }

    [Display(Name = nameof(IdentityText.Active), ResourceType = typeof(IdentityText))]
    public bool IsActive { get; set; } = true;

    [Display(Name = nameof(IdentityText.InitialPassword), ResourceType = typeof(IdentityText))]
    public string? Password { get; set; }

    public long Version { get; set; }
}

/// <summary>Admins list users and teams and add users.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class UsersModel(ListUsers list, CreateUser create) : PageModel
{
    [BindProperty]
    public UserForm Form { get; set; } = new() { Role = Identity.Role.Rep };

    public IReadOnlyList<UserDto> Users { get; private set; } = [];

    public IReadOnlyList<TeamDto> Teams { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            try
            {
                var password = string.IsNullOrEmpty(Form.Password) ? null : Form.Password;
                var created = await create.HandleAsync(new NewUser(Form.UserName ?? "", Form.DisplayName, Form.Role ?? Identity.Role.Rep, Form.Team, Form.Email, password), ct);
                TempData["Flash"] = created.OneTimePassword is { } otp
                    ? Common.Validator.Format(IdentityText.UserCreated, created.User.UserName, otp)
                    : Common.Validator.Format(IdentityText.UserCreatedWithPassword, created.User.UserName);
                return Redirect("/admin/users");
            }
            catch (Common.ValidationException e)
            {
                FormErrors.Apply(ModelState, e, "Form", new Dictionary<string, string> { ["team"] = "Team" });
            }
        }
        Form.Password = null;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Users = await list.HandleAsync(activeOnly: false, ct);
        Teams = await list.TeamsAsync(ct);
    }
}
