namespace Bridgehead.Identity;

/// <summary>
/// Who is asking: the one input of record visibility. Every query on business records goes
/// through the database context's filters, which read the viewer set on that context.
/// </summary>
public sealed record Viewer(long? UserId, Role Role, long? TeamId, string Name)
{
    /// <summary>The command line and background work: sees and may change everything.</summary>
    public static Viewer System { get; } = new(null, Role.Admin, null, "system");

    public bool IsSystem => UserId is null;

    /// <summary>Admin, viewer, quality and product read all accounts; reps and managers only their own.</summary>
    public bool SeesAllAccounts => Role switch
    {
        Role.Admin or Role.Viewer or Role.Quality or Role.Product => true,
        Role.Manager or Role.Rep => false,
        _ => throw new ArgumentOutOfRangeException(nameof(Role)),
    };

    /// <summary>The team whose accounts a manager sees; null for everyone else.</summary>
    public long? ManagedTeamId => Role == Role.Manager ? TeamId : null;

    /// <summary>May create and change accounts, contacts, opportunities and activities.</summary>
    public bool CanEditSales => Role switch
    {
        Role.Admin or Role.Manager or Role.Rep => true,
        Role.Viewer or Role.Quality or Role.Product => false,
        _ => throw new ArgumentOutOfRangeException(nameof(Role)),
    };

    /// <summary>May read opportunities and the sales timeline.</summary>
    public bool CanReadSales => Role switch
    {
        Role.Admin or Role.Manager or Role.Rep or Role.Viewer => true,
        Role.Quality or Role.Product => false,
        _ => throw new ArgumentOutOfRangeException(nameof(Role)),
    };

    /// <summary>Unit cost and margin: manager and admin only.</summary>
    public bool SeesCosts => Role switch
    {
        Role.Admin or Role.Manager => true,
        Role.Rep or Role.Quality or Role.Product or Role.Viewer => false,
        _ => throw new ArgumentOutOfRangeException(nameof(Role)),
    };

    /// <summary>Admin, viewer and product read every product request; reps and managers those of their accounts (and their own).</summary>
    public bool SeesAllProductRequests => Role is Role.Admin or Role.Viewer or Role.Product;

    /// <summary>The product role (and admin) moves product requests through their status flow and merges duplicates.</summary>
    public bool RunsProductRequests => Role is Role.Product or Role.Admin;

    /// <summary>Managers and admins approve quotes and negotiation exceptions.</summary>
    public bool ApprovesDeals => Role is Role.Manager or Role.Admin;

    /// <summary>
    /// Trials and orders (stages 8-9): the quality role reads those of every account, without any
    /// price; sales roles and the viewer those of the accounts they see.
    /// </summary>
    public bool SeesAllOperations => Role is Role.Quality or Role.Admin or Role.Viewer;

    /// <summary>Prices (list price, unit price, totals) of quotes, contracts and orders: everyone but quality and product.</summary>
    public bool SeesPrices => CanReadSales;

    /// <summary>The quality role (and admin) records how trials came out and closes their findings.</summary>
    public bool RecordsTrialResults => Role is Role.Quality or Role.Admin;

    public bool IsAdmin => Role == Role.Admin;

    /// <summary>Managers and admins may move a pursuit past unmet gate criteria, reopen it, or put it in another pipeline.</summary>
    public bool CanOverrideGates => Role is Role.Manager or Role.Admin;

    /// <summary>Anyone signed in may keep tasks, except the read-only viewer.</summary>
    public bool CanKeepTasks => Role != Role.Viewer;
}
