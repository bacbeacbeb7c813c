using System.Net;
using System.Text.Json.Nodes;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.Pursuits;

public sealed class StalledTests_Sqlite() : StalledTests(Provider.Sqlite);

public sealed class StalledTests_Postgres() : StalledTests(Provider.Postgres);

/// <summary>An open pursuit longer in its stage than its pipeline allows is stalled.</summary>
public abstract class StalledTests(Provider provider) : AppTests(provider)
{
    private static List<long> Ids(JsonNode page) => [.. page["items"]!.AsArray().Select(i => i!.Id()).Order()];

    [Fact]
    public async Task PursuitLongerInItsStageThanThePipelineAllows_IsStalled_UntilTheThresholdRises()
    {
        var admin = await App.CreateUserAsync(Role.Admin);
        var pipeline = await App.NewPipelineAsync(admin);
        Assert.Equal(30, StageOf(pipeline, "prospecting")["stalledAfterDays"]!.GetValue<int>());
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var old = await client.NewOpportunityAsync(account.Id(), pipeline.Id(), "Old");
        var fresh = await client.NewOpportunityAsync(account.Id(), pipeline.Id(), "Fresh");
        var closed = await client.NewOpportunityAsync(account.Id(), pipeline.Id(), "Closed");
        await App.SetStageEnteredAtAsync(old.Id(), DateTime.UtcNow.AddDays(-40));
        await App.PutInStageAsync(closed.Id(), "prospecting", OpportunityStatus.Dropped, enteredAt: DateTime.UtcNow.AddDays(-90));

        var stalled = await client.GetJsonAsync(PathOf(old));
        Assert.True(stalled["stalled"]!.GetValue<bool>());
        Assert.True(stalled["daysInStage"]!.GetValue<int>() >= 40);
        Assert.Equal(30, stalled["stalledAfterDays"]!.GetValue<int>());
        Assert.False((await client.GetJsonAsync(PathOf(fresh)))["stalled"]!.GetValue<bool>());
        Assert.False((await client.GetJsonAsync(PathOf(closed)))["stalled"]!.GetValue<bool>());

        var list = $"/api/v1/opportunities?accountId={account.Id()}";
        Assert.Equal([old.Id()], Ids(await client.GetJsonAsync(list + "&stalled=true")));
        Assert.Equal(new[] { fresh.Id(), closed.Id() }.Order(), Ids(await client.GetJsonAsync(list + "&stalled=false")));
        Assert.Equal([old.Id()], Ids(await client.GetJsonAsync(list + $"&stalled=true&pipelineId={pipeline.Id()}&stage=prospecting&status=open")));

        using var admins = App.Client(admin);
        var raised = await admins.PatchJsonAsync($"/api/v1/pipelines/{pipeline.Id()}", new { stages = new[] { new { key = "prospecting", stalledAfterDays = 60 } } });
        await raised.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(60, StageOf(await raised.JsonAsync(), "prospecting")["stalledAfterDays"]!.GetValue<int>());

        var now = await client.GetJsonAsync(PathOf(old));
        Assert.False(now["stalled"]!.GetValue<bool>());
        Assert.Equal(60, now["stalledAfterDays"]!.GetValue<int>());
        Assert.Empty(Ids(await client.GetJsonAsync(list + "&stalled=true")));
        Assert.Equal(3, Ids(await client.GetJsonAsync(list + "&stalled=false")).Count);

        // Back to 30, then 0: never stalled.
        await (await admins.PatchJsonAsync($"/api/v1/pipelines/{pipeline.Id()}", new { stages = new[] { new { key = "prospecting", stalledAfterDays = 30 } } })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([old.Id()], Ids(await client.GetJsonAsync(list + "&stalled=true")));
        var never = await admins.PatchJsonAsync($"/api/v1/pipelines/{pipeline.Id()}", new { stages = new[] { new { key = "prospecting", stalledAfterDays = 0 } } });
        await never.ExpectAsync(HttpStatusCode.OK);
        Assert.Null(StageOf(await never.JsonAsync(), "prospecting")["stalledAfterDays"]);
        var off = await client.GetJsonAsync(PathOf(old));
        Assert.False(off["stalled"]!.GetValue<bool>());
        Assert.Null(off["stalledAfterDays"]);
        Assert.Empty(Ids(await client.GetJsonAsync(list + "&stalled=true")));
    }

    [Fact]
    public async Task ExactlyAtTheThreshold_IsNotYetStalled()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync();
        var atThreshold = await client.NewOpportunityAsync(account.Id());
        var past = await client.NewOpportunityAsync(account.Id());
        // The default pipeline: 30 days in prospecting. "More than 30 whole days" stalls.
        await App.SetStageEnteredAtAsync(atThreshold.Id(), DateTime.UtcNow.AddDays(-30).AddHours(-1));
        await App.SetStageEnteredAtAsync(past.Id(), DateTime.UtcNow.AddDays(-31).AddHours(-1));

        Assert.False((await client.GetJsonAsync(PathOf(atThreshold)))["stalled"]!.GetValue<bool>());
        Assert.True((await client.GetJsonAsync(PathOf(past)))["stalled"]!.GetValue<bool>());
        // The list filter agrees with the flag on each record.
        Assert.Equal([past.Id()], Ids(await client.GetJsonAsync($"/api/v1/opportunities?accountId={account.Id()}&stalled=true")));
    }
}
