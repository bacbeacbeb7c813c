using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Accounts;

/// <summary>Creates an account owned by the caller unless another owner is named (and allowed).</summary>
public sealed class CreateAccount(BridgeheadDb db, GetAccount get, Fit.RecomputeAccountFit fit, Forecasting.CurrencySettings settings)
{
    public async Task<AccountDto> HandleAsync(AccountInput input, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var valid = await input.ValidateAsync(db, existing: null, ct);
        var account = new Account { Name = valid.Name!, SearchName = "" };
        valid.ApplyTo(account);
        // A new customer gets its care tier from the rules at once, not at the next background run.
        if (account.Status == AccountStatus.Customer)
        {
            await Care.CarePlacement.PlaceOneAsync(db, settings, account, ct);
        }
        db.Accounts.Add(account);
        // The derived score is written beside the save (so the version, the ETag, moves once) and with it.
        await db.InTransactionAsync(async () =>
        {
            await db.SaveAsync(ct);
            await fit.HandleAsync(account.Id, ct);
        }, ct);
        return await get.HandleAsync(account.Id, ct);
    }
}

/// <summary>Changes an account; <c>change</c> receives the current values and returns the wanted ones.</summary>
public sealed class UpdateAccount(BridgeheadDb db, GetAccount get, Fit.RecomputeAccountFit fit, Forecasting.CurrencySettings settings)
{
    public async Task<AccountDto> HandleAsync(long id, long? expectedVersion, Func<AccountInput, AccountInput> change, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var account = await db.Accounts.Include(a => a.TeamMembers).Include(a => a.Applications).FirstOrDefaultAsync(a => a.Id == id, ct)
            ?? throw new NotFoundException("account");
        Concurrency.Expect(db, account, expectedVersion);
        var valid = await change(AccountInput.From(account)).ValidateAsync(db, account, ct);
        var wasStrategic = account.IsStrategic;
        var wasCustomer = account.Status == AccountStatus.Customer;
        valid.ApplyTo(account);
        // The strategic flag is a care rule, and a new customer needs a tier: the account moves to
        // its tier at once, not at the next background run.
        if (account.IsStrategic != wasStrategic || (!wasCustomer && account.Status == AccountStatus.Customer))
        {
            await Care.CarePlacement.PlaceOneAsync(db, settings, account, ct);
        }
        // The derived score is written beside the save (so the version, the ETag, moves once) and with it.
        await db.InTransactionAsync(async () =>
        {
            await db.SaveAsync(ct);
            await fit.HandleAsync(account.Id, ct);
        }, ct);
        return await get.HandleAsync(account.Id, ct);
    }
}

/// <summary>
/// Deletes an account with its timeline. Refused while subsidiaries, contacts or opportunities
/// hang on it, or pursuits go through it as a partner: those are moved or deleted first, on purpose.
/// </summary>
public sealed class DeleteAccount(BridgeheadDb db)
{
    public async Task HandleAsync(long id, long? expectedVersion, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var account = await db.Accounts.Include(a => a.TeamMembers).Include(a => a.Applications).FirstOrDefaultAsync(a => a.Id == id, ct)
            ?? throw new NotFoundException("account");
        Concurrency.Expect(db, account, expectedVersion);

        // A hidden subsidiary blocks the delete just the same, but is not counted aloud.
        var subsidiaries = await db.Accounts.CountAsync(a => a.ParentId == id, ct);
        var hiddenSubsidiaries = await db.Accounts.IgnoreQueryFilters().CountAsync(a => a.ParentId == id, ct) - subsidiaries;
        var contacts = await db.Contacts.IgnoreQueryFilters().CountAsync(c => c.AccountId == id, ct);
        var opportunities = await db.Opportunities.IgnoreQueryFilters().CountAsync(o => o.AccountId == id, ct);
        var rules = new List<string>();
        if (subsidiaries > 0)
        {
            rules.Add(Validator.Format(CommonText.AccountHasSubsidiaries, subsidiaries));
        }
        if (hiddenSubsidiaries > 0)
        {
            rules.Add(CommonText.AccountHasHiddenSubsidiaries);
        }
        if (contacts > 0)
        {
            rules.Add(Validator.Format(CommonText.AccountHasContacts, contacts));
        }
        if (opportunities > 0)
        {
            rules.Add(Validator.Format(CommonText.AccountHasOpportunities, opportunities));
        }
        // Pursuits of any team may go through a partner; they are not counted aloud either.
        if (await db.OpportunityPartners.IgnoreQueryFilters().AnyAsync(p => p.PartnerAccountId == id, ct))
        {
            rules.Add(CommonText.AccountIsRoutePartner);
        }
        if (rules.Count > 0)
        {
            throw new ConflictException(rules);
        }

        // Through the change tracker, so each removed activity and detached task is in the audit trail.
        db.Activities.RemoveRange(await db.Activities.IgnoreQueryFilters().Where(x => x.AccountId == id).ToListAsync(ct));
        foreach (var task in await db.Tasks.IgnoreQueryFilters().Where(t => t.AccountId == id).ToListAsync(ct))
        {
            task.AccountId = null;
        }
        db.Accounts.Remove(account);
        await db.SaveAsync(ct);
    }
}
