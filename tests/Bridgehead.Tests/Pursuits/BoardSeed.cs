using Bridgehead.Common;
using Bridgehead.Pursuits;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Pursuits;

/// <summary>Board test data: accounts through the API, pursuits written straight into a stage.</summary>
public static class BoardSeed
{
    public static string Unique(string name) => $"{name} {Guid.NewGuid():N}"[..(name.Length + 9)];

    public static async Task<long> DefaultPipelineAsync(TestApp app)
    {
        await using var db = app.OpenDb();
        return await db.Pipelines.Where(p => p.IsDefault).Select(p => p.Id).SingleAsync();
    }

    /// <summary>An account through the API; the industry by name or code, the applications by name (made under that industry).</summary>
    public static async Task<long> AccountAsync(TestApp app, TestUser owner, string? industry = null, params string[] applications)
    {
        var code = Taxonomy.Code(industry);
        var applicationIds = new List<long>();
        foreach (var name in applications)
        {
            applicationIds.Add(await app.ApplicationIdAsync(name, code ?? "F"));
        }
        return (await app.Client(owner).CreateAsync("/api/v1/accounts", new { name = Unique("Board Co"), industry = code, applicationIds })).Id();
    }

    /// <summary>Open pursuits put straight into a stage, as if they had walked there.</summary>
    public static async Task<List<long>> OpportunitiesAsync(
        TestApp app, long accountId, TestUser owner, string stage, int count = 1, Func<int, Money?>? value = null, long? pipelineId = null,
        long? applicationId = null, string? category = null, int daysInStage = 3, string? entryAngle = null)
    {
        var pipeline = pipelineId ?? await DefaultPipelineAsync(app);
        await using var db = app.OpenDb();
        var added = new List<Opportunity>();
        for (var i = 0; i < count; i++)
        {
            var title = Unique($"Deal {stage} {i}");
            var money = value?.Invoke(i);
            added.Add(new Opportunity
            {
                AccountId = accountId,
                Title = title,
                SearchName = Text.SearchKey(title),
                PipelineId = pipeline,
                Stage = stage,
                StageEnteredAt = DateTime.UtcNow.AddDays(-daysInStage),
                Status = OpportunityStatus.Open,
                OwnerId = owner.Id,
                EstimatedAnnualValue = money?.Amount,
                Currency = money?.Currency,
                ApplicationId = applicationId,
                ProductCategory = category,
                EntryAngle = entryAngle,
            });
        }
        db.Opportunities.AddRange(added);
        await db.SaveChangesAsync();
        return [.. added.Select(o => o.Id)];
    }

    public static async Task<string> StageOfAsync(TestApp app, long id)
    {
        await using var db = app.OpenDb();
        return await db.Opportunities.Where(o => o.Id == id).Select(o => o.Stage).SingleAsync();
    }

    public static async Task<long> VersionOfAsync(TestApp app, long id)
    {
        await using var db = app.OpenDb();
        return await db.Opportunities.Where(o => o.Id == id).Select(o => o.Version).SingleAsync();
    }
}
