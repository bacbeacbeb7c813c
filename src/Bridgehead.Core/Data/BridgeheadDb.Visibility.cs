using Bridgehead.Accounts;
using Bridgehead.Activities;
using Bridgehead.Auditing;
using Bridgehead.Contacts;
using Bridgehead.Pursuits;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Data;

/// <summary>
/// Record visibility, in one place. Every query on a business record, whether from a list, a
/// detail, a search, an export or a report, passes these filters, so a record the caller may not
/// see simply is not there (and the API answers 404).
///
/// An account is visible to its owner, to the users on its account team, to the manager of
/// either's team, and to the roles that see all accounts (admin, viewer, quality, product).
/// Everything under an account is visible exactly when the account is.
/// </summary>
public sealed partial class BridgeheadDb
{
    // Flat values that the filters read at query time; EF turns each into a SQL parameter.
    private bool ViewerSeesAll => Viewer?.SeesAllAccounts ?? false;

    private bool ViewerIsAdmin => Viewer?.IsAdmin ?? false;

    private long? ViewerUserId => Viewer?.UserId;

    private long? ViewerTeamId => Viewer?.ManagedTeamId;

    private void ApplyVisibility(ModelBuilder b)
    {
        b.Entity<Account>().HasQueryFilter(a =>
            ViewerSeesAll
            || a.OwnerId == ViewerUserId
            || a.TeamMembers.Any(m => m.UserId == ViewerUserId)
            || (ViewerTeamId != null
                && (a.Owner!.TeamId == ViewerTeamId || a.TeamMembers.Any(m => m.User!.TeamId == ViewerTeamId))));

        b.Entity<Contact>().HasQueryFilter(c => ViewerSeesAll || Accounts.Any(a => a.Id == c.AccountId));
        b.Entity<Opportunity>().HasQueryFilter(o => ViewerSeesAll || Accounts.Any(a => a.Id == o.AccountId));
        b.Entity<Activity>().HasQueryFilter(x => ViewerSeesAll || Accounts.Any(a => a.Id == x.AccountId));

        // A task is also visible to the person it is for, its author and the assignee's manager.
        b.Entity<TaskItem>().HasQueryFilter(t =>
            ViewerSeesAll
            || t.AssigneeId == ViewerUserId
            || t.CreatedById == ViewerUserId
            || (t.AccountId != null && Accounts.Any(a => a.Id == t.AccountId))
            || (ViewerTeamId != null && t.Assignee!.TeamId == ViewerTeamId));

        // History follows the account the record was under when it changed; a personal task's
        // history follows the task; entries outside any account (users, teams) are for admins.
        b.Entity<AuditEntry>().HasQueryFilter(e =>
            ViewerIsAdmin
            || (e.AccountId != null && (ViewerSeesAll || Accounts.Any(a => a.Id == e.AccountId)))
            || (e.AccountId == null && e.EntityType == "task" && Tasks.Any(t => t.Id == e.EntityId)));
    }
}
