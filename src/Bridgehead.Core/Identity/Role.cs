namespace Bridgehead.Identity;

/// <summary>What a person does in the company; decides what they may see and change.</summary>
public enum Role
{
    /// <summary>Runs the system: users, teams, settings; sees and edits everything.</summary>
    Admin,

    /// <summary>Leads a team of reps; sees and edits the team's accounts, approves.</summary>
    Manager,

    /// <summary>Works the accounts they own or are on the account team of.</summary>
    Rep,

    /// <summary>Incidents, trials and orders of all accounts; never prices, costs or margins.</summary>
    Quality,

    /// <summary>Product requests of all accounts.</summary>
    Product,

    /// <summary>Reads everything, changes nothing.</summary>
    Viewer,
}
