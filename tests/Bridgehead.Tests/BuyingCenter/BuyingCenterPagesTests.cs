using System.Net;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Bridgehead.Tests.Infrastructure;
using static Bridgehead.Tests.Pursuits.PursuitApi;

namespace Bridgehead.Tests.BuyingCenter;

public sealed class BuyingCenterPagesTests_Sqlite() : BuyingCenterPagesTests(Provider.Sqlite);

public sealed class BuyingCenterPagesTests_Postgres() : BuyingCenterPagesTests(Provider.Postgres);

/// <summary>The buying center on the opportunity page and its member pages, driven like a browser.</summary>
public abstract class BuyingCenterPagesTests(Provider provider) : AppTests(provider)
{
    private static string Page(Pursuit p) => $"/opportunities/{p.OpportunityId}";

    [Fact]
    public async Task TheOpportunityPage_ShowsTheMapWithChips_WarningsAndMembers_InEnglish()
    {
        var p = await Pursuit.NewAsync(App);
        var opponent = await p.MemberAsync("Oh Opponent", new { department = "engineering", role = "technicalEvaluator", influence = 5, stance = "opponent", pains = "Leaks" });
        var champion = await p.MemberAsync("Han Champion", new { department = "purchasing", role = "champion", influence = 3, stance = "supporter" });
        await p.TouchAsync(champion["contactId"]!.GetValue<long>(), DateTime.UtcNow.AddDays(-2));
        using var browser = await App.SignInAsync(p.Owner);

        var (status, html) = await browser.GetAsync(Page(p));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("id=\"buying-center\"", html);
        Assert.Contains(">Buying center</h2>", html);
        Assert.Contains("Gaps to close", html);
        Assert.Contains("No decision maker is known", html);
        Assert.Contains("opposes us with influence 5", html);
        Assert.Contains("<table class=\"bc-map\"", html);
        Assert.Contains("<th scope=\"col\">Decision maker</th>", html);
        Assert.Contains("<th scope=\"col\">Champion</th>", html);
        Assert.Contains("Finance", html);
        Assert.Contains("nobody yet", html);
        Assert.Contains("class=\"bc-gap\"", html);
        Assert.Contains($"<a class=\"bc-chip opponent inf-5 stale\" href=\"/opportunities/{p.OpportunityId}/buying-center/{opponent.Id()}/edit\"", html);
        Assert.Contains($"<a class=\"bc-chip supporter inf-3\" href=\"/opportunities/{p.OpportunityId}/buying-center/{champion.Id()}/edit\"", html);
        Assert.Contains("(Opponent, influence 5 of 5, not touched in 30 days or more)", html);
        Assert.Contains("(Supporter, influence 3 of 5, Champion)", html);
        Assert.Contains("★", html);
        Assert.Contains("33% of departments covered · 2 members", html);
        Assert.Contains("<table class=\"bc-members\"", html);
        Assert.Contains($"/buying-center/{opponent.Id()}/remove", html);
        Assert.Contains("(2 days ago)", html);
        Assert.Contains("Add a member", html);
        Assert.DoesNotContain("style=", html);
    }

    [Fact]
    public async Task TheOpportunityPage_ShowsTheMap_InKorean()
    {
        var p = await Pursuit.NewAsync(App);
        await p.MemberAsync("Kim Korean", new { department = "quality", role = "decisionMaker", influence = 4, stance = "neutral" });
        using var browser = await App.SignInAsync(p.Owner, "ko");

        var (status, html) = await browser.GetAsync(Page(p));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(">구매 결정 그룹</h2>", html);
        Assert.Contains("지도: 부서별 구매 역할", html);
        Assert.Contains("<th scope=\"col\">최종 결정권자</th>", html);
        Assert.Contains("<th scope=\"col\">내부 지지자</th>", html);
        Assert.Contains("내부 지지자가 없습니다", html);
        Assert.Contains("아직 없음", html);
        Assert.Contains("(중립, 영향력 4/5, 30일 이상 접촉 없음)", html);
        Assert.Contains("구매 관여자 추가", html);
    }

    [Fact]
    public async Task AnEmptyBuyingCenter_ExplainsItself_AndOffersTheAccountsPeople()
    {
        var p = await Pursuit.NewAsync(App);
        var person = await p.PersonAsync("Candidate Person", new { title = "Buyer" });
        using var browser = await App.SignInAsync(p.Owner);

        var (_, html) = await browser.GetAsync(Page(p));

        Assert.Contains("A buying center is everyone at the customer", html);
        Assert.DoesNotContain("<table class=\"bc-map\"", html);
        Assert.Contains($"<option value=\"{person.Id()}\">{person.Str("name")} · Buyer</option>", html);
        Assert.Contains($"href=\"/contacts/new?accountId={p.AccountId}\"", html);
        Assert.Contains("<details class=\"bc-add\" open", html);
    }

    [Fact]
    public async Task AddEditRemove_ThroughTheForms_ChangeTheMap()
    {
        var p = await Pursuit.NewAsync(App);
        var person = await p.PersonAsync("Form Person", new { department = "production", buyingRole = "user", influence = 2 });
        using var browser = await App.SignInAsync(p.Owner);
        var page = await browser.GetFormAsync(Page(p));

        var added = await browser.PostFormAsync($"{Page(p)}/buying-center/add", page.Token, new Dictionary<string, string>
        {
            ["Member.ContactId"] = person.Id().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Member.Stance"] = "Supporter",
            ["Member.OurFit"] = "Faster changeovers",
        });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal($"{Page(p)}#buying-center", added.Headers.Location?.ToString());
        var member = (await p.CenterAsync())["members"]![0]!;
        Assert.Equal("production", member.Str("department"));
        Assert.Equal("supporter", member.Str("stance"));
        Assert.Equal("Faster changeovers", member.Str("ourFit"));
        var (_, after) = await browser.GetAsync(Page(p));
        Assert.Contains("Form Person", after);
        Assert.Contains("added to the buying center", after);
        Assert.Contains("Everyone on record at this account is already a member.", after);

        // Influence out of range is refused on the form, naming the field, and nothing changes.
        var edit = await browser.GetFormAsync($"{Page(p)}/buying-center/{member.Id()}/edit");
        Assert.Equal(HttpStatusCode.OK, edit.Status);
        var form = HtmlForm.Parse(edit.Html, "class=\"bc-member-form\"");
        var refused = await browser.PostFormAsync($"{Page(p)}/buying-center/{member.Id()}/edit", edit.Token, form.Fields.ToDictionary(f => f.Key, f => f.Value)
            .Concat([new("Member.Influence", "9"), new("Member.Role", "Champion")]).ToDictionary(f => f.Key, f => f.Value));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("href=\"#Member_Influence\"", await refused.Content.ReadAsStringAsync());
        Assert.Equal("user", (await p.Api.GetJsonAsync(p.PathOf(member.Id()))).Str("role"));

        var saved = await browser.PostFormAsync($"{Page(p)}/buying-center/{member.Id()}/edit", edit.Token, form.Fields.ToDictionary(f => f.Key, f => f.Value)
            .Concat([new("Member.Role", "Champion"), new("Member.Influence", "4"), new("Member.Department", "Production"), new("Member.Stance", "Supporter")]).ToDictionary(f => f.Key, f => f.Value));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var changed = await p.Api.GetJsonAsync(p.PathOf(member.Id()));
        Assert.Equal("champion", changed.Str("role"));
        Assert.Equal(4, changed["influence"]!.GetValue<int>());

        // An edit made on an older version is refused with the latest values shown.
        var stale = await browser.PostFormAsync($"{Page(p)}/buying-center/{member.Id()}/edit", edit.Token, form.Fields.ToDictionary(f => f.Key, f => f.Value)
            .Concat([new("Member.Role", "User")]).ToDictionary(f => f.Key, f => f.Value));
        Assert.Contains("changed", await stale.Content.ReadAsStringAsync());
        Assert.Equal("champion", (await p.Api.GetJsonAsync(p.PathOf(member.Id()))).Str("role"));

        var confirm = await browser.GetFormAsync($"{Page(p)}/buying-center/{member.Id()}/remove");
        Assert.Contains("the contact and their timeline stay", confirm.Html);
        var removed = await browser.PostFormAsync($"{Page(p)}/buying-center/{member.Id()}/remove", confirm.Token, new Dictionary<string, string>
        {
            ["version"] = changed["version"]!.ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Empty((await p.CenterAsync())["members"]!.AsArray());
    }

    [Fact]
    public async Task AddingAPersonFromAnotherAccount_OnTheForm_IsRefusedWithTheReason()
    {
        var p = await Pursuit.NewAsync(App);
        await p.PersonAsync("Here Person");
        var elsewhere = await Pursuit.NewAsync(App, p.Owner);
        var stranger = await elsewhere.PersonAsync("There Person");
        using var browser = await App.SignInAsync(p.Owner);
        var page = await browser.GetFormAsync(Page(p));

        var refused = await browser.PostFormAsync($"{Page(p)}/buying-center/add", page.Token, new Dictionary<string, string>
        {
            ["Member.ContactId"] = stranger.Id().ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Choose a person at this pursuit", html);
        Assert.Contains("Here Person", html);
        Assert.Empty((await p.CenterAsync())["members"]!.AsArray());
    }

    [Fact]
    public async Task TheViewer_SeesTheMap_WithoutEditing_AndAnotherRepSeesNothing()
    {
        var p = await Pursuit.NewAsync(App);
        var member = await p.MemberAsync("Watched Member", new { department = "finance", role = "economicBuyer" });

        using var viewer = await App.SignInAsync(await App.CreateUserAsync(Role.Viewer));
        var (status, html) = await viewer.GetAsync(Page(p));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Watched Member", html);
        Assert.Contains("<table class=\"bc-map\"", html);
        Assert.DoesNotContain("Add a member", html);
        Assert.DoesNotContain("/remove\"", html);
        var (editStatus, _) = await viewer.GetAsync($"{Page(p)}/buying-center/{member.Id()}/edit");
        Assert.NotEqual(HttpStatusCode.OK, editStatus);

        using var other = await App.SignInAsync(await App.CreateUserAsync(Role.Rep, TestApp.NewTeam()));
        foreach (var path in new[] { $"{Page(p)}/buying-center/{member.Id()}/edit", $"{Page(p)}/buying-center/{member.Id()}/remove", $"{Page(p)}/buying-center/add" })
        {
            var (otherStatus, otherHtml) = await other.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, otherStatus);
            Assert.DoesNotContain("Watched Member", otherHtml);
        }
    }

    [Fact]
    public async Task AClosedPursuit_ShowsItsBuyingCenter_ReadOnly()
    {
        var p = await Pursuit.NewAsync(App);
        await p.PersonAsync("Never Added");
        await p.MemberAsync("Kept Member", new { role = "decisionMaker" });
        await App.PutInStageAsync(p.OpportunityId, "contact", OpportunityStatus.Dropped);
        using var browser = await App.SignInAsync(p.Owner);

        var (_, html) = await browser.GetAsync(Page(p));

        Assert.Contains("Kept Member", html);
        Assert.Contains("its buying center is kept as it was", html);
        Assert.DoesNotContain("Add a member", html);
        Assert.DoesNotContain("/remove\"", html);
    }
}
