using Bridgehead.Common;
using Bridgehead.Contacts;

namespace Bridgehead.BuyingCenter;

/// <summary>
/// The fields of a buying-center member that people edit; the body of POST and, merged, of PATCH.
/// On POST a field left out (or null) starts as the contact's own value, so a person already
/// profiled on the account need not be described again for each pursuit.
/// </summary>
public sealed record MemberInput
{
    public long? ContactId { get; init; }
    public Department? Department { get; init; }
    public BuyingRole? Role { get; init; }
    public int? Influence { get; init; }
    public Stance? Stance { get; init; }
    public string? Pains { get; init; }
    public string? OurFit { get; init; }

    public static MemberInput From(BuyingCenterMember m) => new()
    {
        ContactId = m.ContactId,
        Department = m.Department,
        Role = m.Role,
        Influence = m.Influence,
        Stance = m.Stance,
        Pains = m.Pains,
        OurFit = m.OurFit,
    };

    /// <summary>The values a new member starts with: those given, the contact's where none is given.</summary>
    internal MemberInput WithDefaultsFrom(Contact c) => this with
    {
        Department = Department ?? c.Department,
        Role = Role ?? c.BuyingRole,
        Influence = Influence ?? c.Influence,
        Stance = Stance ?? c.Stance,
        Pains = Text.Clean(Pains) ?? c.Pains,
    };

    /// <summary>Checks the member's own fields (the contact is checked by the use case), adding errors to <paramref name="v"/>.</summary>
    internal void Check(Validator v)
    {
        v.Defined("department", Department);
        v.Defined("role", Role);
        v.Range("influence", Influence, ContactInput.MinInfluence, ContactInput.MaxInfluence);
        v.Defined("stance", Stance);
        v.MaxLength("pains", Text.Clean(Pains), BuyingCenterMember.MaxPains);
        v.MaxLength("ourFit", Text.Clean(OurFit), BuyingCenterMember.MaxOffer);
    }

    /// <summary>Copies checked values onto the record (the contact is set only when the member is added).</summary>
    internal void ApplyTo(BuyingCenterMember m)
    {
        m.Department = Department;
        m.Role = Role;
        m.Influence = Influence;
        m.Stance = Stance;
        m.Pains = Text.Clean(Pains);
        m.OurFit = Text.Clean(OurFit);
    }
}
