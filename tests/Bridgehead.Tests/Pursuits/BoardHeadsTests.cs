using System.Net;
using System.Text.RegularExpressions;
using Bridgehead.Common;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Pursuits;

/// <summary>
/// The board's column heads PostgreSQL keeps as pursuits change (table board_heads, kept by
/// statement triggers on opportunities; SQLite counts per request and has no such table): after
/// every kind of write they equal a count of the open pursuits, and the admin's board shows them.
/// The owners are this test's own, so other classes' writes on the shared server do not show.
/// </summary>
public sealed class BoardHeadsTests_Postgres() : AppTests(Provider.Postgres)
{
    /// <summary>Per pipeline, stage, currency and owner: count and value of open pursuits, kept and counted, as comparable lines.</summary>
    private async Task<(List<string> Kept, List<string> Counted)> HeadsAsync(params long[] owners)
    {
        await using var db = App.OpenDb();
        var kept = await db.Database.SqlQuery<string>($"""
            SELECT pipeline_id || '|' || stage || '|' || currency || '|' || owner_id || '|' || open_count || '|' || value_sum::numeric(30,4) AS "Value"
            FROM board_heads WHERE owner_id = ANY({owners}) AND (open_count <> 0 OR value_sum <> 0) ORDER BY 1
            """).ToListAsync();
        var counted = await db.Database.SqlQuery<string>($"""
            SELECT pipeline_id || '|' || stage || '|' || COALESCE(btrim(currency), '') || '|' || owner_id || '|' || count(*) || '|'
                   || COALESCE(sum(estimated_annual_value), 0)::numeric(30,4) AS "Value"
            FROM opportunities WHERE status = 'Open' AND owner_id = ANY({owners})
            GROUP BY pipeline_id, stage, COALESCE(btrim(currency), ''), owner_id ORDER BY 1
            """).ToListAsync();
        return (kept, counted);
    }

    private async Task SameAsCountedAsync(string step, params long[] owners)
    {
        var (kept, counted) = await HeadsAsync(owners);
        Assert.True(kept.SequenceEqual(counted), $"After {step}: kept\n{string.Join("\n", kept)}\ncounted\n{string.Join("\n", counted)}");
    }

    [Fact]
    public async Task KeptHeads_EqualACount_AfterEveryKindOfWrite()
    {
        var team = TestApp.NewTeam();
        var rep = await App.CreateUserAsync(Role.Rep, team);
        var teammate = await App.CreateUserAsync(Role.Rep, team);
        var manager = await App.CreateUserAsync(Role.Manager, team);
        using var client = App.Client(rep);
        var account = await client.NewAccountAsync(teammate.Id);
        var owners = new[] { rep.Id, teammate.Id };

        // Created through the API (one statement each), then several in one statement (EF batches the inserts).
        var created = await client.NewOpportunityAsync(account.Id());
        var second = await client.NewOpportunityAsync(account.Id());
        await SameAsCountedAsync("two creates", owners);
        Assert.Contains($"|prospecting||{rep.Id}|2|0.0000", (await HeadsAsync(owners)).Kept[0]);
        var quotes = await BoardSeed.OpportunitiesAsync(App, account.Id(), rep, "quote", 3, i => i == 2 ? null : new Money(1000.5m * (i + 1), i == 0 ? "KRW" : "USD"));
        await SameAsCountedAsync("a batch of three", owners);

        // A value, then a currency, then no value; an edit of nothing the heads add up writes no head.
        await (await client.PatchJsonAsync(PursuitApi.PathOf(created), new { estimatedAnnualValue = new { amount = 5000m, currency = "KRW" } })).ExpectAsync(HttpStatusCode.OK);
        await SameAsCountedAsync("a value", owners);
        await (await client.PatchJsonAsync(PursuitApi.PathOf(created), new { estimatedAnnualValue = new { amount = 70m, currency = "EUR" } })).ExpectAsync(HttpStatusCode.OK);
        await SameAsCountedAsync("a currency change", owners);
        await (await client.PatchJsonAsync(PursuitApi.PathOf(second), new { notes = "Asked for a sample." })).ExpectAsync(HttpStatusCode.OK);
        await SameAsCountedAsync("a note", owners);

        // Another owner, a move back, a close, a reopen, a delete.
        using var managerClient = App.Client(manager);
        await (await managerClient.PatchJsonAsync(PursuitApi.PathOf(second), new { ownerId = teammate.Id })).ExpectAsync(HttpStatusCode.OK);
        await SameAsCountedAsync("an owner change", owners);
        await (await client.AdvanceAsync(quotes[0], new { toStage = "needs", reason = "Their specification changed." })).ExpectAsync(HttpStatusCode.OK);
        await SameAsCountedAsync("a move back", owners);
        await (await client.CloseAsync(quotes[1], new { outcome = "lost", reason = "price" })).ExpectAsync(HttpStatusCode.OK);
        await SameAsCountedAsync("a close", owners);
        await (await managerClient.ReopenAsync(quotes[1], new { reason = "They came back." })).ExpectAsync(HttpStatusCode.OK);
        await SameAsCountedAsync("a reopen", owners);
        await (await client.DeleteAsync(PursuitApi.PathOf(quotes[2]))).ExpectAsync(HttpStatusCode.NoContent);
        await SameAsCountedAsync("a delete", owners);

        // One statement over many rows (as bulk work and imports write), moving pursuits between owners and stages.
        await using (var db = App.OpenDb())
        {
            await db.Opportunities.Where(o => o.AccountId == account.Id() && o.Status == OpportunityStatus.Open)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.OwnerId, teammate.Id).SetProperty(o => o.Stage, "contact"));
        }
        await SameAsCountedAsync("one update of many rows", owners);

        // The admin's board reads the kept heads: they show what the pursuits add up to.
        using var admin = await App.SignInAsync(await App.CreateUserAsync(Role.Admin));
        var (status, html) = await admin.GetAsync($"/board?ownerId={teammate.Id}");
        Assert.Equal(HttpStatusCode.OK, status);
        var head = Regex.Match(html, "<header class=\"column-head\" id=\"col-head-contact\"[\\s\\S]*?</header>").Value;
        Assert.Contains("4 pursuits", head);
        Assert.Contains("1,000.5 KRW", head);
        Assert.Contains("2,001 USD", head);
        Assert.Contains("70 EUR", head);
    }
}
