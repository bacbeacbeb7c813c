using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Microsoft.EntityFrameworkCore;
using Texts = Bridgehead.Common.Text;

namespace Bridgehead.Feedback;

/// <summary>The pursuit behind customer feedback, as the caller may see and change it.</summary>
internal static class FeedbackPursuit
{
    public sealed record Found(long AccountId, long OwnerId, bool Open);

    public static async Task<Found> FindAsync(BridgeheadDb db, long opportunityId, CancellationToken ct) =>
        await db.Opportunities.AsNoTracking().Where(o => o.Id == opportunityId)
            .Select(o => new Found(o.AccountId, o.OwnerId, o.Status == OpportunityStatus.Open)).FirstOrDefaultAsync(ct)
        ?? throw new NotFoundException("opportunity");

    /// <summary>A sales writer on an open pursuit the caller sees: a closed pursuit's feedback is kept as it was.</summary>
    public static async Task<Found> WritableAsync(BridgeheadDb db, long opportunityId, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var found = await FindAsync(db, opportunityId, ct);
        return found.Open ? found : throw new ConflictException([FeedbackText.ClosedReadOnly]);
    }

    public static async Task<FeedbackItem> ItemForWriteAsync(BridgeheadDb db, long opportunityId, long feedbackId, CancellationToken ct) =>
        await db.Feedback.FirstOrDefaultAsync(f => f.Id == feedbackId && f.OpportunityId == opportunityId, ct)
        ?? throw new NotFoundException("feedback");
}

/// <summary>
/// Checks feedback values and applies them, with the status rules: answered and closed need a
/// response; a response newly given to open feedback answers it; <c>respondedAt</c> is when the
/// current response was first given.
/// </summary>
internal static class FeedbackRules
{
    public static async Task<FeedbackInput> ValidateAsync(BridgeheadDb db, FeedbackInput input, FeedbackPursuit.Found pursuit, FeedbackItem? current, CancellationToken ct)
    {
        var v = new Validator();
        var today = FeedbackDto.Today(db);
        if (input.Category is null)
        {
            v.Add("category", CommonText.Required);
        }
        v.Defined("category", input.Category);
        var text = Texts.Clean(input.Text);
        v.Required("text", text, FeedbackItem.MaxText);
        var response = Texts.Clean(input.Response);
        v.MaxLength("response", response, FeedbackItem.MaxText);
        var receivedOn = input.ReceivedOn ?? current?.ReceivedOn ?? today;
        if (receivedOn > today)
        {
            v.Add("receivedOn", FeedbackText.ReceivedInFuture);
        }
        if (input.DueOn is { } due && due < receivedOn)
        {
            v.Add("dueOn", FeedbackText.DueBeforeReceived);
        }

        if (input.ContactId is { } contactId && contactId != current?.ContactId
            && !await db.Contacts.AnyAsync(c => c.Id == contactId && c.AccountId == pursuit.AccountId, ct))
        {
            v.Add("contactId", FeedbackText.ContactNotAtAccount);
        }

        var ownerId = input.OwnerId ?? current?.OwnerId ?? pursuit.OwnerId;
        if (ownerId != current?.OwnerId && !await MayOwnAsync(db, ownerId, pursuit.AccountId, ct))
        {
            v.Add("ownerId", FeedbackText.OwnerNotEligible);
        }

        v.Defined("status", input.Status);
        var hadResponse = Texts.Clean(current?.Response) is not null;
        var status = input.Status ?? current?.Status ?? FeedbackStatus.Open;
        if (status == FeedbackStatus.Open && response is not null && !hadResponse)
        {
            // Giving the answer is what answers it.
            status = FeedbackStatus.Answered;
        }
        if (status is FeedbackStatus.Answered or FeedbackStatus.Closed && response is null && Enum.IsDefined(status))
        {
            v.Add("response", FeedbackText.ResponseNeeded);
        }
        v.ThrowIfInvalid();
        return input with
        {
            Text = text,
            Response = response,
            ReceivedOn = receivedOn,
            OwnerId = ownerId,
            Status = status,
        };
    }

    /// <summary>An active sales user who sees the account: its owner, on its team, their team's manager, or an admin.</summary>
    private static Task<bool> MayOwnAsync(BridgeheadDb db, long userId, long accountId, CancellationToken ct) =>
        db.Users.AsNoTracking().Where(u => u.Id == userId && u.IsActive && (u.Role == Role.Admin || u.Role == Role.Manager || u.Role == Role.Rep))
            .AnyAsync(u => u.Role == Role.Admin
                || db.Accounts.IgnoreQueryFilters().Any(a => a.Id == accountId
                    && (a.OwnerId == u.Id
                        || a.TeamMembers.Any(m => m.UserId == u.Id)
                        || (u.Role == Role.Manager && u.TeamId != null
                            && (a.Owner!.TeamId == u.TeamId || a.TeamMembers.Any(m => m.User!.TeamId == u.TeamId))))), ct);

    public static void Apply(FeedbackInput valid, FeedbackItem f, DateTime now)
    {
        var hadResponse = Texts.Clean(f.Response) is not null;
        f.Category = valid.Category!.Value;
        f.ContactId = valid.ContactId;
        f.Text = valid.Text!;
        f.ReceivedOn = valid.ReceivedOn!.Value;
        f.Response = valid.Response;
        f.OwnerId = valid.OwnerId!.Value;
        f.DueOn = valid.DueOn;
        f.Status = valid.Status!.Value;
        if (valid.Response is null)
        {
            f.RespondedAt = null;
        }
        else if (!hadResponse || f.RespondedAt is null)
        {
            f.RespondedAt = now;
        }
    }
}

/// <summary>A page of a pursuit's feedback, newest received first.</summary>
public sealed class ListFeedback(BridgeheadDb db)
{
    public async Task<Page<FeedbackDto>> HandleAsync(long opportunityId, FeedbackFilter filter, PageRequest page, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        await FeedbackPursuit.FindAsync(db, opportunityId, ct);
        var today = FeedbackDto.Today(db);
        var query = db.Feedback.AsNoTracking().Where(f => f.OpportunityId == opportunityId);
        if (filter.Status is { } status)
        {
            query = query.Where(f => f.Status == status);
        }
        if (filter.Category is { } category)
        {
            query = query.Where(f => f.Category == category);
        }
        if (filter.Overdue is { } overdue)
        {
            query = overdue
                ? query.Where(f => f.Status == FeedbackStatus.Open && f.DueOn != null && f.DueOn < today && f.Opportunity!.Status == OpportunityStatus.Open)
                : query.Where(f => !(f.Status == FeedbackStatus.Open && f.DueOn != null && f.DueOn < today && f.Opportunity!.Status == OpportunityStatus.Open));
        }
        return await query.ToPageAsync(f => f.ReceivedOn, f => f.Id, descending: true, page, FeedbackDto.Projection(today),
            f => (f.ReceivedOn, f.Id), ct);
    }
}

/// <summary>One piece of feedback of a pursuit.</summary>
public sealed class GetFeedback(BridgeheadDb db)
{
    public async Task<FeedbackDto> HandleAsync(long opportunityId, long feedbackId, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        await FeedbackPursuit.FindAsync(db, opportunityId, ct);
        return await db.Feedback.AsNoTracking().Where(f => f.Id == feedbackId && f.OpportunityId == opportunityId)
            .Select(FeedbackDto.Projection(FeedbackDto.Today(db))).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("feedback");
    }
}

/// <summary>Records what the customer said about our offer.</summary>
public sealed class CreateFeedback(BridgeheadDb db, GetFeedback get)
{
    public async Task<FeedbackDto> HandleAsync(long opportunityId, FeedbackInput input, CancellationToken ct)
    {
        var pursuit = await FeedbackPursuit.WritableAsync(db, opportunityId, ct);
        var valid = await FeedbackRules.ValidateAsync(db, input, pursuit, null, ct);
        var item = new FeedbackItem { AccountId = pursuit.AccountId, OpportunityId = opportunityId, Text = "" };
        FeedbackRules.Apply(valid, item, db.Clock.GetUtcNow().UtcDateTime);
        db.Feedback.Add(item);
        await db.SaveAsync(ct);
        return await get.HandleAsync(opportunityId, item.Id, ct);
    }
}

/// <summary>Changes feedback (our answer, its owner, status...); <c>change</c> receives the current values and returns the wanted ones.</summary>
public sealed class UpdateFeedback(BridgeheadDb db, GetFeedback get)
{
    public async Task<FeedbackDto> HandleAsync(long opportunityId, long feedbackId, long? expectedVersion, Func<FeedbackInput, FeedbackInput> change, CancellationToken ct)
    {
        var pursuit = await FeedbackPursuit.WritableAsync(db, opportunityId, ct);
        var item = await FeedbackPursuit.ItemForWriteAsync(db, opportunityId, feedbackId, ct);
        Concurrency.Expect(db, item, expectedVersion);
        var valid = await FeedbackRules.ValidateAsync(db, change(FeedbackInput.From(item)), pursuit, item, ct);
        FeedbackRules.Apply(valid, item, db.Clock.GetUtcNow().UtcDateTime);
        await db.SaveAsync(ct);
        return await get.HandleAsync(opportunityId, feedbackId, ct);
    }
}

/// <summary>Deletes feedback recorded by mistake; its history stays in the audit trail.</summary>
public sealed class DeleteFeedback(BridgeheadDb db)
{
    public async Task HandleAsync(long opportunityId, long feedbackId, long? expectedVersion, CancellationToken ct)
    {
        await FeedbackPursuit.WritableAsync(db, opportunityId, ct);
        var item = await FeedbackPursuit.ItemForWriteAsync(db, opportunityId, feedbackId, ct);
        Concurrency.Expect(db, item, expectedVersion);
        db.Feedback.Remove(item);
        await db.SaveAsync(ct);
    }
}

/// <summary>The caller's own overdue feedback across their pursuits, most overdue first, with the total.</summary>
public sealed class ListMyOverdueFeedback(BridgeheadDb db)
{
    public const int Excerpt = 120;

    public async Task<(IReadOnlyList<OverdueFeedbackDto> Items, int Total)> HandleAsync(int limit, CancellationToken ct)
    {
        if (db.Viewer is not { CanReadSales: true, UserId: { } me })
        {
            return ([], 0);
        }
        var today = FeedbackDto.Today(db);
        var query = db.Feedback.AsNoTracking()
            .Where(f => f.OwnerId == me && f.Status == FeedbackStatus.Open && f.DueOn != null && f.DueOn < today
                && f.Opportunity!.Status == OpportunityStatus.Open);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(f => f.DueOn).ThenBy(f => f.Id).Take(limit)
            .Select(f => new { f.Id, f.OpportunityId, f.Opportunity!.Title, AccountName = f.Opportunity.Account!.Name, f.Category, f.Text, DueOn = f.DueOn!.Value })
            .ToListAsync(ct);
        return ([.. rows.Select(r => new OverdueFeedbackDto(r.Id, r.OpportunityId, r.Title, r.AccountName, r.Category,
            Texts.Excerpt(r.Text, Excerpt)!, r.DueOn, today.DayNumber - r.DueOn.DayNumber))], total);
    }
}

/// <summary>A person at the pursuit's account, for the "from whom" choice of the feedback form.</summary>
public sealed record FeedbackContactChoice(long Id, string Name, string? Title);

/// <summary>The people at the pursuit's account, by name.</summary>
public sealed class ListFeedbackContacts(BridgeheadDb db)
{
    public async Task<IReadOnlyList<FeedbackContactChoice>> HandleAsync(long opportunityId, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        var pursuit = await FeedbackPursuit.FindAsync(db, opportunityId, ct);
        return await db.Contacts.AsNoTracking().Where(c => c.AccountId == pursuit.AccountId)
            .OrderBy(c => c.SearchName).ThenBy(c => c.Id)
            .Select(c => new FeedbackContactChoice(c.Id, c.Name, c.Title))
            .ToListAsync(ct);
    }
}
