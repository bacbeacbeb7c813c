using Bridgehead.Common;
using Bridgehead.Data;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Contacts;

/// <summary>The fields of a contact that people edit; the body of POST and, merged, of PATCH.</summary>
public sealed record ContactInput
{
    /// <summary>Influence runs from 1 (little) to 5 (decisive).</summary>
    public const int MinInfluence = 1;
    public const int MaxInfluence = 5;

    public long? AccountId { get; init; }
    public string? Name { get; init; }
    public string? Title { get; init; }
    public Department? Department { get; init; }
    public BuyingRole? BuyingRole { get; init; }
    public int? Influence { get; init; }
    public Stance? Stance { get; init; }
    public string? Pains { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }

    public static ContactInput From(Contact c) => new()
    {
        AccountId = c.AccountId,
        Name = c.Name,
        Title = c.Title,
        Department = c.Department,
        BuyingRole = c.BuyingRole,
        Influence = c.Influence,
        Stance = c.Stance,
        Pains = c.Pains,
        Email = c.Email,
        Phone = c.Phone,
    };

    /// <summary>Checks every field (the account must be one the caller sees), then throws all errors together.</summary>
    internal async Task<ContactInput> ValidateAsync(BridgeheadDb db, CancellationToken ct)
    {
        var v = new Validator();
        v.Required("name", Name, Contact.MaxName);
        v.MaxLength("title", Text.Clean(Title), Contact.MaxTitle);
        v.Defined("department", Department);
        v.Defined("buyingRole", BuyingRole);
        v.Range("influence", Influence, MinInfluence, MaxInfluence);
        v.Defined("stance", Stance);
        v.MaxLength("pains", Text.Clean(Pains), Contact.MaxPains);
        v.Email("email", Email, Contact.MaxEmail);
        v.MaxLength("phone", Text.Clean(Phone), Contact.MaxPhone);
        if (AccountId is not { } accountId)
        {
            v.Add("accountId", CommonText.Required);
        }
        else if (!await db.Accounts.AnyAsync(a => a.Id == accountId, ct))
        {
            // An account the caller may not see reads as unknown.
            v.Add("accountId", CommonText.MustBeVisibleAccount);
        }
        v.ThrowIfInvalid();
        return this with
        {
            Name = Name!.Trim(),
            Title = Text.Clean(Title),
            Pains = Text.Clean(Pains),
            Email = Text.Clean(Email),
            Phone = Text.Clean(Phone),
        };
    }

    /// <summary>Copies validated values onto the record.</summary>
    internal void ApplyTo(Contact c)
    {
        c.AccountId = AccountId!.Value;
        c.Name = Name!;
        c.SearchName = Text.SearchKey(Name!);
        c.Title = Title;
        c.Department = Department;
        c.BuyingRole = BuyingRole;
        c.Influence = Influence;
        c.Stance = Stance;
        c.Pains = Pains;
        c.Email = Email;
        c.Phone = Phone;
    }
}
