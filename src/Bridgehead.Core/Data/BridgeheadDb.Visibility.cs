using Bridgehead.Accounts;
using Bridgehead.Activities;
using Bridgehead.Auditing;
using Bridgehead.BuyingCenter;
using Bridgehead.Contacts;
using Bridgehead.Pursuits;
using Bridgehead.Wallet;
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

    private bool ViewerIsSystem => Viewer?.IsSystem ?? false;

    /// <summary>Opportunities, the timeline and sales tasks: sales roles and the viewer only.</summary>
    private bool ViewerReadsSales => Viewer?.CanReadSales ?? false;

    /// <summary>Admin and viewer read every sales record; quality and product see all accounts but no sales records.</summary>
    private bool ViewerSeesAllSales => ViewerSeesAll && ViewerReadsSales;

    private bool ViewerSeesAllRequests => Viewer?.SeesAllProductRequests ?? false;

    private bool ViewerSeesAllOperations => Viewer?.SeesAllOperations ?? false;

    private long? ViewerUserId => Viewer?.UserId;

    private long? ViewerTeamId => Viewer?.ManagedTeamId;

    /// <summary>
    /// The query limited to records under the accounts a rep or manager is linked to: owned or on
    /// the account team, by them or, for a manager, by anyone in their team. That is exactly whom
    /// the account filter lets them see, so results do not change (the filters still apply); it
    /// only restates visibility in a form PostgreSQL can start from (two index lookups, a thousand
    /// accounts) instead of walking every name in order and testing each row's visibility, which
    /// takes seconds at a million records when few of them are visible. Roles that see all
    /// accounts get the query unchanged.
    /// </summary>
    public IQueryable<T> NearViewer<T>(IQueryable<T> query, System.Linq.Expressions.Expression<Func<T, long>> accountId)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(accountId);
        if (Viewer is not { } viewer || viewer.SeesAllAccounts)
        {
            return query;
        }
        var userId = viewer.UserId;
        var teamId = viewer.ManagedTeamId;
        var people = teamId is null
            ? Users.Where(u => u.Id == userId).Select(u => u.Id)
            : Users.Where(u => u.Id == userId || u.TeamId == teamId).Select(u => u.Id);
        var linked = Accounts.Where(a => people.Contains(a.OwnerId)).Select(a => a.Id)
            .Concat(AccountTeamMembers.Where(m => people.Contains(m.UserId)).Select(m => m.AccountId));
        var contains = System.Linq.Expressions.Expression.Call(typeof(Queryable), nameof(Queryable.Contains), [typeof(long)],
            linked.Expression, accountId.Body);
        return query.Where(System.Linq.Expressions.Expression.Lambda<Func<T, bool>>(contains, accountId.Parameters[0]));
    }

    private void ApplyVisibility(ModelBuilder b)
    {
        b.Entity<Account>().HasQueryFilter(a =>
            ViewerSeesAll
            || a.OwnerId == ViewerUserId
            || a.TeamMembers.Any(m => m.UserId == ViewerUserId)
            || (ViewerTeamId != null
                && (a.Owner!.TeamId == ViewerTeamId || a.TeamMembers.Any(m => m.User!.TeamId == ViewerTeamId))));

        b.Entity<Contact>().HasQueryFilter(c => ViewerSeesAll || Accounts.Any(a => a.Id == c.AccountId));
        // Sales records are filtered by role as well, so a forgotten policy on some future endpoint
        // still shows quality and product no opportunity, timeline entry or sales task.
        b.Entity<Opportunity>().HasQueryFilter(o => ViewerSeesAllSales || (ViewerReadsSales && Accounts.Any(a => a.Id == o.AccountId)));
        b.Entity<StageChange>().HasQueryFilter(c => ViewerSeesAllSales || Opportunities.Any(o => o.Id == c.OpportunityId));
        // Reference cases are a library every sales role draws on, whoever owns the customer; the
        // customer's name is what a reference is. Quality and product do not read sales records.
        b.Entity<References.ReferenceCase>().HasQueryFilter(r => ViewerReadsSales);
        b.Entity<References.ReferenceProduct>().HasQueryFilter(p => ViewerReadsSales);
        b.Entity<OpportunityPartner>().HasQueryFilter(p => ViewerSeesAllSales || Opportunities.Any(o => o.Id == p.OpportunityId));
        b.Entity<Activity>().HasQueryFilter(x => ViewerSeesAllSales || (ViewerReadsSales && Accounts.Any(a => a.Id == x.AccountId)));
        // Shares of wallet, incumbents' slips and buying centers are sales intelligence (values, prices, people's stances).
        b.Entity<SupplierShare>().HasQueryFilter(x => ViewerSeesAllSales || (ViewerReadsSales && Accounts.Any(a => a.Id == x.AccountId)));
        b.Entity<IncumbentEvent>().HasQueryFilter(x => ViewerSeesAllSales || (ViewerReadsSales && Accounts.Any(a => a.Id == x.AccountId)));
        b.Entity<BuyingCenterMember>().HasQueryFilter(x => ViewerSeesAllSales || (ViewerReadsSales && Accounts.Any(a => a.Id == x.AccountId)));
        // Stages 3-7 of a pursuit are sales records under its account: prices, quotes, what the customer said.
        b.Entity<Needs.OpportunityNeeds>().HasQueryFilter(x => ViewerSeesAllSales || (ViewerReadsSales && Accounts.Any(a => a.Id == x.AccountId)));
        b.Entity<Needs.ServiceRequirement>().HasQueryFilter(x => OpportunityNeeds.Any(n => n.Id == x.NeedsId));
        b.Entity<Needs.TradeOff>().HasQueryFilter(x => OpportunityNeeds.Any(n => n.Id == x.NeedsId));
        b.Entity<Needs.NeedsReference>().HasQueryFilter(x => OpportunityNeeds.Any(n => n.Id == x.NeedsId));
        b.Entity<Quotes.Quote>().HasQueryFilter(x => ViewerSeesAllSales || (ViewerReadsSales && Accounts.Any(a => a.Id == x.AccountId)));
        b.Entity<Quotes.QuoteLine>().HasQueryFilter(x => Quotes.Any(q => q.Id == x.QuoteId));
        b.Entity<Quotes.ValueProposition>().HasQueryFilter(x => Quotes.Any(q => q.Id == x.QuoteId));
        b.Entity<Feedback.FeedbackItem>().HasQueryFilter(x => ViewerSeesAllSales || (ViewerReadsSales && Accounts.Any(a => a.Id == x.AccountId)));
        b.Entity<Negotiation.NegotiationTerm>().HasQueryFilter(x => ViewerSeesAllSales || (ViewerReadsSales && Accounts.Any(a => a.Id == x.AccountId)));
        b.Entity<Negotiation.NegotiationOffer>().HasQueryFilter(x => ViewerSeesAllSales || (ViewerReadsSales && Accounts.Any(a => a.Id == x.AccountId)));
        b.Entity<Negotiation.Concession>().HasQueryFilter(x => ViewerSeesAllSales || (ViewerReadsSales && Accounts.Any(a => a.Id == x.AccountId)));

        // Stages 8-9: trials and orders are also read by quality across all accounts (prices are
        // left out by the use cases: Viewer.SeesPrices). Contracts are sales records.
        b.Entity<Trials.TrialPhase>().HasQueryFilter(x => ViewerSeesAllOperations || (ViewerReadsSales && Accounts.Any(a => a.Id == x.AccountId)));
        b.Entity<Trials.TrialFinding>().HasQueryFilter(x => ViewerSeesAllOperations || (ViewerReadsSales && Accounts.Any(a => a.Id == x.AccountId)));
        b.Entity<Orders.Order>().HasQueryFilter(x => ViewerSeesAllOperations || (ViewerReadsSales && Accounts.Any(a => a.Id == x.AccountId)));
        b.Entity<Orders.OrderLine>().HasQueryFilter(x => ViewerSeesAllOperations || (ViewerReadsSales && Accounts.Any(a => a.Id == x.AccountId)));
        b.Entity<Orders.Delivery>().HasQueryFilter(x => ViewerSeesAllOperations || (ViewerReadsSales && Accounts.Any(a => a.Id == x.AccountId)));
        b.Entity<Contracts.Contract>().HasQueryFilter(x => ViewerSeesAllSales || (ViewerReadsSales && Accounts.Any(a => a.Id == x.AccountId)));
        b.Entity<Contracts.ContractLine>().HasQueryFilter(x => Contracts.Any(c => c.Id == x.ContractId));
        // Stage 10. Competitor moves are sales intelligence: a move at an account follows the
        // account, a move in the market at large is read by every sales role.
        b.Entity<Competitors.CompetitorMove>().HasQueryFilter(x =>
            ViewerSeesAllSales || (ViewerReadsSales && (x.AccountId == null || Accounts.Any(a => a.Id == x.AccountId))));
        // Quality incidents are operations records, like orders: quality runs them for every account.
        b.Entity<Incidents.Incident>().HasQueryFilter(x => ViewerSeesAllOperations || (ViewerReadsSales && Accounts.Any(a => a.Id == x.AccountId)));
        b.Entity<Incidents.IncidentStep>().HasQueryFilter(x => ViewerSeesAllOperations || (ViewerReadsSales && Accounts.Any(a => a.Id == x.AccountId)));
        // Health is computed from sales intelligence (share of wallet, feedback, champions): sales roles only.
        b.Entity<Health.AccountHealth>().HasQueryFilter(x => ViewerSeesAllSales || (ViewerReadsSales && Accounts.Any(a => a.Id == x.AccountId)));
        b.Entity<Health.HealthSnapshot>().HasQueryFilter(x => ViewerSeesAllSales || (ViewerReadsSales && Accounts.Any(a => a.Id == x.AccountId)));
        // Each user reads only their own inbox and choices; the background work (system viewer) all.
        b.Entity<Notifications.Notification>().HasQueryFilter(x => ViewerIsSystem || x.UserId == ViewerUserId);
        b.Entity<Notifications.NotificationPreference>().HasQueryFilter(x => ViewerIsSystem || x.UserId == ViewerUserId);
        // Imports are their starter's (admins read all); a row error is read with its import. Saved
        // mappings are their author's, or everyone's when shared.
        b.Entity<Imports.ImportJob>().HasQueryFilter(x => ViewerIsSystem || ViewerIsAdmin || x.CreatedById == ViewerUserId);
        b.Entity<Imports.ImportRowError>().HasQueryFilter(x => ImportJobs.Any(j => j.Id == x.JobId));
        b.Entity<Imports.ImportMapping>().HasQueryFilter(x => ViewerIsSystem || ViewerIsAdmin || x.IsShared || x.CreatedById == ViewerUserId);
        // A merge is traced with the surviving record's account (sales readers of it).
        b.Entity<Duplicates.MergeRecord>().HasQueryFilter(x => ViewerSeesAllSales || (ViewerReadsSales && Accounts.Any(a => a.Id == x.AccountId)));
        // Care plans, webhooks, their delivery log, queued emails and events are settings and
        // plumbing: the use cases allow admins (and the background work) only.

        // Capacity bookings (quantities per product and week) and the calendar are plant-wide: no filter.

        // Product requests span accounts: the product role, admin and viewer read them all; a rep or
        // manager those linked to an account they see, and the ones they raised. The links show only
        // what the caller may see (product sees every account, but no opportunity).
        b.Entity<ProductRequests.ProductRequest>().HasQueryFilter(r =>
            ViewerSeesAllRequests
            || (ViewerReadsSales && (r.RaisedById == ViewerUserId || r.Accounts.Any(x => Accounts.Any(a => a.Id == x.AccountId)))));
        b.Entity<ProductRequests.ProductRequestAccount>().HasQueryFilter(x =>
            ViewerSeesAllRequests || (ViewerReadsSales && Accounts.Any(a => a.Id == x.AccountId)));
        b.Entity<ProductRequests.ProductRequestOpportunity>().HasQueryFilter(x =>
            ViewerSeesAllSales || (ViewerReadsSales && Accounts.Any(a => a.Id == x.AccountId)));

        // A task is also visible to the person it is for, its author and the assignee's manager.
        b.Entity<TaskItem>().HasQueryFilter(t =>
            ViewerSeesAllSales
            || t.AssigneeId == ViewerUserId
            || t.CreatedById == ViewerUserId
            || (ViewerReadsSales && t.AccountId != null && Accounts.Any(a => a.Id == t.AccountId))
            || (ViewerTeamId != null && t.Assignee!.TeamId == ViewerTeamId));

        // History follows the record: under the account it was in when it changed (sales records
        // only for sales roles), a task's history with the task, users and teams for admins only.
        b.Entity<AuditEntry>().HasQueryFilter(e =>
            ViewerIsAdmin
            || (e.EntityType == "task" && Tasks.Any(t => t.Id == e.EntityId))
            || (e.EntityType == "productRequest" && ProductRequests.Any(r => r.Id == e.EntityId))
            || (e.AccountId != null && e.EntityType != "task"
                // Everything under an account but the account and its people is a sales record:
                // a list of what others may read fails closed for each new kind of record.
                && (ViewerReadsSales || e.EntityType == "account" || e.EntityType == "contact"
                    || (ViewerSeesAllOperations && (e.EntityType == "trialPhase" || e.EntityType == "trialFinding"
                        || e.EntityType == "order" || e.EntityType == "orderLine" || e.EntityType == "delivery"
                        || e.EntityType == "incident" || e.EntityType == "incidentStep")))
                && (ViewerSeesAll || Accounts.Any(a => a.Id == e.AccountId))));
    }
}
