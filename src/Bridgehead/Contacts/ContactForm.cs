using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Bridgehead.Contacts;

/// <summary>The contact form as posted by the browser; converted to the core's <see cref="ContactInput"/>.</summary>
public sealed class ContactForm
{
    [Display(Name = nameof(ContactsText.Account), ResourceType = typeof(ContactsText))]
    public long? AccountId { get; set; }

    [Display(Name = nameof(ContactsText.Name), ResourceType = typeof(ContactsText))]
    public string? Name { get; set; }

    [Display(Name = nameof(ContactsText.Title), ResourceType = typeof(ContactsText))]
    public string? Title { get; set; }

    [Display(Name = nameof(ContactsText.Department), ResourceType = typeof(ContactsText))]
    public Department? Department { get; set; }

    [Display(Name = nameof(ContactsText.BuyingRole), ResourceType = typeof(ContactsText))]
    public BuyingRole? BuyingRole { get; set; }

    [Display(Name = nameof(ContactsText.Influence), ResourceType = typeof(ContactsText))]
    public int? Influence { get; set; }

    [Display(Name = nameof(ContactsText.Stance), ResourceType = typeof(ContactsText))]
    public Stance? Stance { get; set; }

    [Display(Name = nameof(ContactsText.Email), ResourceType = typeof(ContactsText))]
    public string? Email { get; set; }

    [Display(Name = nameof(ContactsText.Phone), ResourceType = typeof(ContactsText))]
    public string? Phone { get; set; }

    [Display(Name = nameof(ContactsText.Pains), ResourceType = typeof(ContactsText))]
    public string? Pains { get; set; }

    /// <summary>The version the form was opened on; a newer one in the database means someone else saved first.</summary>
    public long Version { get; set; }

    public ContactInput ToInput() => new()
    {
        AccountId = AccountId,
        Name = Name,
        Title = Title,
        Department = Department,
        BuyingRole = BuyingRole,
        Influence = Influence,
        Stance = Stance,
        Email = Email,
        Phone = Phone,
        Pains = Pains,
    };

    public static ContactForm From(ContactDto c) => new()
    {
        AccountId = c.AccountId,
        Name = c.Name,
        Title = c.Title,
        Department = c.Department,
        BuyingRole = c.BuyingRole,
        Influence = c.Influence,
        Stance = c.Stance,
        Email = c.Email,
        Phone = c.Phone,
        Pains = c.Pains,
        Version = c.Version,
    };
}

/// <summary>What the contact form partial renders: the values, the accounts to choose from and where Cancel goes.</summary>
public sealed record ContactFormView(ContactForm Form, IReadOnlyList<SelectListItem> Accounts, string CancelUrl)
{
    /// <summary>Influence as a select: 1 to 5, labelled in the UI language.</summary>
    public static IReadOnlyList<SelectListItem> InfluenceLevels() =>
        [.. Enumerable.Range(ContactInput.MinInfluence, ContactInput.MaxInfluence - ContactInput.MinInfluence + 1)
            .Select(n => new SelectListItem(InfluenceText(n), AccountOptions.Key(n)))];

    /// <summary>"3 of 5".</summary>
    public static string InfluenceText(int? influence) =>
        influence is { } n ? Common.Validator.Format(ContactsText.InfluenceValue, n) : Shared.UiText.NotSet;
}
