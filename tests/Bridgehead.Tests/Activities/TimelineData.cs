using Microsoft.EntityFrameworkCore;
using Bridgehead.Common;
using Bridgehead.Contacts;
using Bridgehead.Pursuits;
using Bridgehead.Tests.Infrastructure;

namespace Bridgehead.Tests.Activities;

/// <summary>Contacts and opportunities made straight in the database (their APIs live in other modules).</summary>
public static class TimelineData
{
    public static async Task<long> ContactAsync(this TestApp app, long accountId, string name = "Kim Minjun")
    {
        await using var db = app.OpenDb();
        var contact = new Contact { AccountId = accountId, Name = name, SearchName = Text.SearchKey(name) };
        db.Contacts.Add(contact);
        await db.SaveChangesAsync();
        return contact.Id;
    }

    public static async Task<long> OpportunityAsync(this TestApp app, long accountId, long ownerId, string title = "Boiler valves 2027")
    {
        await using var db = app.OpenDb();
        var opportunity = new Opportunity
        {
            AccountId = accountId,
            Title = title,
            SearchName = Text.SearchKey(title),
            PipelineId = (await db.Pipelines.FirstAsync(p => p.IsDefault)).Id,
            Stage = Stages.First.Key,
            StageEnteredAt = DateTime.UtcNow,
            OwnerId = ownerId,
        };
        db.Opportunities.Add(opportunity);
        await db.SaveChangesAsync();
        return opportunity.Id;
    }
}
