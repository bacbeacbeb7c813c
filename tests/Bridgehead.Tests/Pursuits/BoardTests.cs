using System.Net;
using System.Text.RegularExpressions;
using Bridgehead.Common;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Bridgehead.Tests.Activities;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Pursuits;

public sealed class BoardTests_Sqlite() : BoardTests(Provider.Sqlite);

public sealed class BoardTests_Postgres() : BoardTests(Provider.Postgres);

/// <summary>The pipeline board, driven like a browser: columns, counts, filters, paging, moves, and the queries one load costs.</summary>
public abstract partial class BoardTests(Provider provider) : AppTests(provider)
{
    private static string Unique(string name) => BoardSeed.Unique(name);

    private Task<long> NewAccountAsync(TestUser owner, string? industry = null, params string[] applications) =>
        BoardSeed.AccountAsync(App, owner, industry, applications);

    private Task<List<long>> AddAsync(
        long accountId, TestUser owner, string stage, int count = 1, Func<int, Money?>? value = null, long? pipelineId = null,
        long? applicationId = null, string? category = null, int daysInStage = 3, string? entryAngle = null) =>
        BoardSeed.OpportunitiesAsync(App, accountId, owner, stage, count, value, pipelineId, applicationId, category, daysInStage, entryAngle);

    private Task<string> StageOfAsync(long id) => BoardSeed.StageOfAsync(App, id);

    private Task<long> VersionOfAsync(long id) => BoardSeed.VersionOfAsync(App, id);

    private static string Column(string html, string stage)
    {
        var match = Regex.Match(html, $"<section class=\"column\" data-stage=\"{stage}\"[\\s\\S]*?</section>");
        Assert.True(match.Success, $"No column {stage}");
        return match.Value;
    }

    private static string Head(string html, string stage)
    {
        var match = Regex.Match(html, $"<header class=\"column-head\" id=\"col-head-{stage}\"[\\s\\S]*?</header>");
        Assert.True(match.Success, $"No header of {stage}");
        return match.Value;
    }

    private static List<long> CardIds(string html) =>
        [.. CardId().Matches(html).Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];

    private static string? MoreUrl(string html) =>
        MoreButton().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    private static Dictionary<string, string> Move(long id, string toStage, long version, string? reason = null)
    {
        var fields = new Dictionary<string, string> { ["id"] = $"{id}", ["toStage"] = toStage, ["version"] = $"{version}" };
        if (reason is not null)
        {
            fields["reason"] = reason;
        }
        return fields;
    }

    [Fact]
    public async Task Rep_SeesTheirCardsInTheirStage_AndNoCardOfAnotherRep()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var other = await App.CreateUserAsync(Role.Rep);
        var mine = (await AddAsync(await NewAccountAsync(rep), rep, "needs", value: _ => new Money(1200, "KRW")))[0];
        var theirs = (await AddAsync(await NewAccountAsync(other), other, "needs"))[0];
        using var browser = await App.SignInAsync(rep);

        var (status, html) = await browser.GetAsync("/board");

        Assert.Equal(HttpStatusCode.OK, status);
        var needs = Column(html, "needs");
        Assert.Equal([mine], CardIds(needs));
        Assert.Contains($"href=\"/opportunities/{mine}\"", needs);
        Assert.Contains("1,200 KRW", needs);
        Assert.Contains("3 days", needs);
        Assert.DoesNotContain($"card-{theirs}", html);
        Assert.Contains("1 pursuit", Head(html, "needs"));
        // Every pursuit stage of the default pipeline is a column, in process order; won-account stages are not.
        Assert.Equal(Stages.Pursuit.Select(s => s.Key), ColumnStage().Matches(html).Select(m => m.Groups[1].Value));
        // The navigation links to the board and marks it as the current page.
        Assert.Contains("href=\"/board\" aria-current=\"page\"", html);
    }

    [Fact]
    public async Task ColumnHeads_CountAndSumPerCurrency_AndCardsShowGateReadinessAndStall()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);
        Money?[] values = [new Money(1000, "KRW"), new Money(2500.5m, "KRW"), new Money(700, "USD"), null];
        var quote = await AddAsync(account, rep, "quote", values.Length, i => values[i]);
        // Prospecting stalls after 30 days; its gate has four criteria, one of them (the category) met here.
        var stalled = (await AddAsync(account, rep, "prospecting", applicationId: await App.ApplicationIdAsync("towers"), category: "valves", daysInStage: 40))[0];
        using var browser = await App.SignInAsync(rep);

        var (_, html) = await browser.GetAsync("/board");

        var quoteHead = Head(html, "quote");
        Assert.Contains("4 pursuits", quoteHead);
        Assert.Contains("3,500.5 KRW", quoteHead);
        Assert.Contains("700 USD", quoteHead);
        Assert.Contains("1 pursuit", Head(html, "prospecting"));
        Assert.Contains("0 pursuits", Head(html, "needs"));
        Assert.Contains("No value estimated", Head(html, "needs"));
        Assert.Contains("No pursuits in this stage.", Column(html, "needs"));
        // Highest value first, pursuits without a value last.
        Assert.Equal([quote[1], quote[0], quote[2], quote[3]], CardIds(Column(html, "quote")));

        var prospecting = Column(html, "prospecting");
        Assert.Contains("Gate 1/4", prospecting);
        Assert.Contains("<meter min=\"0\" max=\"4\" value=\"1\"", prospecting);
        Assert.Contains("Stalled", prospecting);
        Assert.Contains("40 days", prospecting);
        Assert.Contains($"card-{stalled}", prospecting);
    }

    [Fact]
    public async Task Filters_ByOwnerTeamIndustryApplicationAndValueRange_NarrowCardsAndCounts()
    {
        var team = TestApp.NewTeam();
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var first = await App.CreateUserAsync(Role.Rep, team);
        var second = await App.CreateUserAsync(Role.Rep, team);
        var boilers = "28";
        var valves = "25";
        var towers = await App.ApplicationIdAsync(Unique("towers"));
        var small = (await AddAsync(await NewAccountAsync(first, boilers, "x"), first, "needs", value: _ => new Money(100, "USD"), applicationId: towers))[0];
        var large = (await AddAsync(await NewAccountAsync(first, boilers, "x"), first, "needs", value: _ => new Money(5000, "USD")))[0];
        var middle = (await AddAsync(await NewAccountAsync(second, valves, "x"), second, "needs", value: _ => new Money(300, "USD")))[0];
        using var browser = await App.SignInAsync(manager);

        async Task<List<long>> Needs(string query)
        {
            var (status, html) = await browser.GetAsync("/board?" + query);
            Assert.Equal(HttpStatusCode.OK, status);
            return CardIds(Column(html, "needs"));
        }

        Assert.Equal([large, middle, small], await Needs(""));
        Assert.Equal([large, small], await Needs($"ownerId={first.Id}"));
        Assert.Equal([middle], await Needs($"industry={Uri.EscapeDataString(valves)}"));
        Assert.Equal([small], await Needs($"applicationId={towers}"));
        // A section covers its divisions: both are manufacturing (C).
        Assert.Equal([large, middle, small], await Needs("industry=C"));
        Assert.Equal([middle], await Needs("minValue=200&maxValue=1000"));
        Assert.Equal([large, middle], await Needs("minValue=300"));
        Assert.Equal([middle, small], await Needs("maxValue=300"));

        // An admin sees every team; the team filter keeps the owner's team only. Counts follow the filters.
        using var admin = await App.SignInAsync(await App.CreateUserAsync(Role.Admin));
        var (_, byTeam) = await admin.GetAsync($"/board?teamId={first.TeamId}");
        Assert.Equal([large, middle, small], CardIds(Column(byTeam, "needs")));
        Assert.Contains("3 pursuits", Head(byTeam, "needs"));
        Assert.Contains("5,400 USD", Head(byTeam, "needs"));
        var (_, byOwner) = await admin.GetAsync($"/board?teamId={first.TeamId}&ownerId={first.Id}&minValue=1000");
        Assert.Contains("1 pursuit", Head(byOwner, "needs"));
        Assert.Contains("5,000 USD", Head(byOwner, "needs"));
        Assert.Contains("Nothing in this stage matches the filters.", Column(byOwner, "quote"));

        // The filter form swaps the columns in place (htmx, target #board): no page around them.
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/board?teamId={first.TeamId}&ownerId={second.Id}");
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("HX-Target", "board");
        using var response = await admin.Http.SendAsync(request);
        var fragment = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<html", fragment);
        Assert.Equal([middle], CardIds(Column(fragment, "needs")));
    }

    [Fact]
    public async Task MoreButton_LoadsTheRestOfAColumn_InOrder_WithoutRepeats()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);
        // Equal values (ties broken by id) and pursuits without a value, across the page boundary.
        var ids = await AddAsync(account, rep, "feedback", 25, i => i < 20 ? new Money(1000 * (i / 3), "EUR") : null);
        using var browser = await App.SignInAsync(rep);

        var (_, html) = await browser.GetAsync("/board");
        var column = Column(html, "feedback");
        var first = CardIds(column);
        Assert.Equal(20, first.Count);
        Assert.Contains("25 pursuits", Head(html, "feedback"));
        var more = MoreUrl(column);
        Assert.NotNull(more);

        var (status, rest) = await browser.HxGetAsync(more);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("<html", rest);
        var second = CardIds(rest);
        Assert.Equal(5, second.Count);
        Assert.Empty(first.Intersect(second));
        Assert.Null(MoreUrl(rest));

        var expected = ids.Select((id, i) => (id, value: i < 20 ? 1000 * (i / 3) : -1)).OrderByDescending(x => x.value).ThenBy(x => x.id).Select(x => x.id);
        Assert.Equal(expected, first.Concat(second));

        Assert.Equal(HttpStatusCode.BadRequest, (await browser.HxGetAsync("/board?handler=Column&stage=feedback&cursor=not-a-cursor")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.HxGetAsync("/board?handler=Column&stage=orders")).Status);
    }

    [Fact]
    public async Task MoveForward_WithUnmetCriteria_ShowsThemOnTheCard_AndTheStageStays()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var id = (await AddAsync(await NewAccountAsync(rep), rep, "prospecting"))[0];
        using var browser = await App.SignInAsync(rep);
        var token = await browser.MetaTokenAsync("/board");

        var (status, html) = await browser.HxPostAsync("/board?handler=Move", token, Move(id, "contact", await VersionOfAsync(id)));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("<html", html);
        Assert.Contains($"id=\"card-{id}\"", html);
        Assert.Contains("data-stage=\"prospecting\"", html);
        Assert.Contains("Cannot move to Contact yet", html);
        Assert.Contains("Account has an industry and an application", html);
        Assert.Contains("The account has no industry yet.", html);
        Assert.Contains("Product category and application named", html);
        Assert.Contains("role=\"alert\"", html);
        Assert.Equal("prospecting", await StageOfAsync(id));
    }

    [Fact]
    public async Task MoveForward_WithCriteriaMet_MovesTheCard_AndRefreshesTheColumnHeads()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep, "Construction", "office towers");
        var id = (await AddAsync(account, rep, "prospecting", value: _ => new Money(900, "KRW"), applicationId: await App.ApplicationIdAsync("office towers"), category: "boilers",
            entryAngle: "The incumbent raised prices twice."))[0];
        await App.RecordShareAsync(account, "Boilers");
        using var browser = await App.SignInAsync(rep);
        var token = await browser.MetaTokenAsync("/board");

        var (status, html) = await browser.HxPostAsync("/board?handler=Move", token, Move(id, "contact", await VersionOfAsync(id)));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"id=\"card-{id}\"", html);
        Assert.Contains("data-stage=\"contact\"", html);
        Assert.Contains("to Contact.", html);
        Assert.Contains("Entered today", html);
        Assert.Contains("hx-swap-oob=\"true\"", html);
        Assert.Contains("0 pursuits", Head(html, "prospecting"));
        Assert.Contains("1 pursuit", Head(html, "contact"));
        Assert.Contains("900 KRW", Head(html, "contact"));
        Assert.Equal("contact", await StageOfAsync(id));

        var (_, board) = await browser.GetAsync("/board");
        Assert.Equal([id], CardIds(Column(board, "contact")));
        Assert.Empty(CardIds(Column(board, "prospecting")));
    }

    [Fact]
    public async Task MoveBack_AsksForAReason_OnTheCard_ThenMovesWithIt()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var id = (await AddAsync(await NewAccountAsync(rep), rep, "quote"))[0];
        using var browser = await App.SignInAsync(rep);
        var token = await browser.MetaTokenAsync("/board");

        var (_, asked) = await browser.HxPostAsync("/board?handler=Move", token, Move(id, "needs", await VersionOfAsync(id)));
        Assert.Contains("Moving back to Needs needs a reason.", asked);
        Assert.Contains("name=\"reason\"", asked);
        Assert.Contains("value=\"needs\"", asked);
        Assert.Equal("quote", await StageOfAsync(id));

        var (_, moved) = await browser.HxPostAsync("/board?handler=Move", token, Move(id, "needs", await VersionOfAsync(id), "Customer changed the spec"));
        Assert.Contains("data-stage=\"needs\"", moved);
        Assert.Equal("needs", await StageOfAsync(id));
        await using var db = App.OpenDb();
        Assert.Equal("Customer changed the spec", await db.StageChanges.Where(c => c.OpportunityId == id && c.Move == StageMove.MovedBack).Select(c => c.Reason).SingleAsync());
    }

    [Fact]
    public async Task Move_OfAStaleCard_SaysSomeoneElseChangedIt_AndChangesNothing()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var id = (await AddAsync(await NewAccountAsync(rep), rep, "quote"))[0];
        var seen = await VersionOfAsync(id);
        await App.Client(rep).PatchJsonAsync($"/api/v1/opportunities/{id}", new { notes = "Changed meanwhile" });
        using var browser = await App.SignInAsync(rep);
        var token = await browser.MetaTokenAsync("/board");

        var (status, html) = await browser.HxPostAsync("/board?handler=Move", token, Move(id, "needs", seen, "Back"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Changed by someone else", html);
        Assert.Contains("data-stage=\"quote\"", html);
        Assert.Equal("quote", await StageOfAsync(id));
    }

    [Fact]
    public async Task MoveForm_WorksWithoutJavaScript_AndReturnsToTheFilteredBoard()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep, "Construction", "apartments");
        var ready = (await AddAsync(account, rep, "prospecting", applicationId: await App.ApplicationIdAsync("apartments"), category: "pumps", entryAngle: "A new line opens in spring."))[0];
        await App.RecordShareAsync(account, "pumps");
        var blocked = (await AddAsync(await NewAccountAsync(rep), rep, "prospecting"))[0];
        using var browser = await App.SignInAsync(rep);
        var board = await browser.GetFormAsync($"/board?ownerId={rep.Id}");
        // The cards share the board's one move form (board.js fills it in); without JavaScript a card's
        // "Move…" leads to the board with that card's own form open, which posts the move with the token.
        Assert.Contains($"href=\"/board?ownerId={rep.Id}&amp;move={ready}#card-{ready}\"", board.Html);
        Assert.DoesNotContain($"<label for=\"card-{ready}-to\">", board.Html);
        var page = await browser.GetFormAsync($"/board?ownerId={rep.Id}&move={ready}");
        Assert.Matches($"<form method=\"post\" action=\"/board\\?handler=Move&amp;ownerId={rep.Id}\"", page.Html);
        Assert.Contains($"<label for=\"card-{ready}-to\">Move to</label>", page.Html);
        Assert.Contains("<option value=\"contact\" selected=\"selected\">", page.Html);
        Assert.DoesNotContain($"<label for=\"card-{blocked}-to\">", page.Html);

        var response = await browser.PostFormAsync($"/board?handler=Move&ownerId={rep.Id}", page.Token, Move(ready, "contact", await VersionOfAsync(ready)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/board?ownerId={rep.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal("contact", await StageOfAsync(ready));
        var (_, after) = await browser.GetAsync($"/board?ownerId={rep.Id}");
        Assert.Contains("to Contact.", after);

        var refused = await browser.PostFormAsync("/board?handler=Move", page.Token, Move(blocked, "contact", await VersionOfAsync(blocked)));
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        var (_, explained) = await browser.GetAsync("/board");
        Assert.Contains("cannot move to Contact yet", explained);
        Assert.Contains("The account has no industry yet.", explained);
        Assert.Equal("prospecting", await StageOfAsync(blocked));
    }

    [Fact]
    public async Task Cards_ShareOneMoveForm_WithEveryActiveStage()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);
        var ids = await AddAsync(account, rep, "needs", 3);
        ids.AddRange(await AddAsync(account, rep, "quote", 2));
        using var browser = await App.SignInAsync(rep);

        var page = await browser.GetFormAsync("/board");

        // One form posts moves, however many cards: a template with the token and every active stage.
        Assert.Equal(1, Regex.Count(page.Html, "<form method=\"post\" action=\"/board\\?handler=Move"));
        var template = Regex.Match(page.Html, "<template id=\"board-move-form\">[\\s\\S]*?</template>");
        Assert.True(template.Success);
        Assert.Contains("name=\"__RequestVerificationToken\"", template.Value);
        Assert.Equal(Stages.Pursuit.Select(s => s.Key), Regex.Matches(template.Value, "<option value=\"([a-z]+)\"").Select(m => m.Groups[1].Value));
        foreach (var id in ids)
        {
            var card = Regex.Match(page.Html, $"<li class=\"card[^\"]*\" id=\"card-{id}\"[\\s\\S]*?</li>").Value;
            Assert.Contains("Move…", card);
            Assert.Contains($"move={id}#card-{id}\"", card);
            Assert.DoesNotContain("<form", card);
        }
    }

    [Fact]
    public async Task RepAndManager_SeeOnTheBoard_ThePursuitsOfTheirAccountsAndAccountTeams_AndNoOthers()
    {
        // The board of a rep or manager starts from their linked accounts (NearViewer) unless an owner is
        // picked; either way it shows exactly what the account filter lets them see.
        var team = TestApp.NewTeam();
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var rep = await App.CreateUserAsync(Role.Rep, team);
        var outsider = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var own = (await AddAsync(await NewAccountAsync(rep), rep, "development", value: _ => new Money(100, "USD")))[0];
        var onTeam = (await AddAsync((await App.Client(outsider).NewAccountAsync(rep.Id)).Id(), outsider, "development", value: _ => new Money(200, "USD")))[0];
        var hidden = (await AddAsync(await NewAccountAsync(outsider), outsider, "development", value: _ => new Money(400, "USD")))[0];

        foreach (var user in new[] { rep, manager })
        {
            using var browser = await App.SignInAsync(user);
            var (_, html) = await browser.GetAsync("/board");
            Assert.Equal([onTeam, own], CardIds(Column(html, "development")));
            Assert.Contains("2 pursuits", Head(html, "development"));
            Assert.Contains("300 USD", Head(html, "development"));
            Assert.DoesNotContain($"card-{hidden}", html);

            // An owner filter reads the owner's pursuits and still only those this user sees.
            var (_, theirs) = await browser.GetAsync($"/board?ownerId={outsider.Id}");
            Assert.Equal([onTeam], CardIds(Column(theirs, "development")));
            Assert.Contains("1 pursuit", Head(theirs, "development"));
            Assert.Contains("200 USD", Head(theirs, "development"));
        }

        using var other = await App.SignInAsync(outsider);
        var (_, outsiders) = await other.GetAsync("/board");
        Assert.Equal([hidden, onTeam], CardIds(Column(outsiders, "development")));
        Assert.DoesNotContain($"card-{own}", outsiders);
    }

    [Fact]
    public async Task Viewer_ReadsTheBoard_ButCannotMoveCards()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var id = (await AddAsync(await NewAccountAsync(rep, "Construction", "towers"), rep, "prospecting", applicationId: await App.ApplicationIdAsync("towers"), category: "pumps"))[0];
        using var viewer = await App.SignInAsync(await App.CreateUserAsync(Role.Viewer));

        // A viewer sees every pursuit of every test; the owner filter finds this one.
        var (status, html) = await viewer.GetAsync($"/board?ownerId={rep.Id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"card-{id}", html);
        Assert.DoesNotContain("draggable=\"true\"", html);
        Assert.DoesNotContain("handler=Move", html);
        Assert.DoesNotContain("/js/board.js", html);

        var token = await viewer.MetaTokenAsync("/board");
        var (moveStatus, _) = await viewer.HxPostAsync("/board?handler=Move", token, Move(id, "contact", await VersionOfAsync(id)));
        Assert.Equal(HttpStatusCode.Forbidden, moveStatus);
        Assert.Equal("prospecting", await StageOfAsync(id));
    }

    [Theory]
    [InlineData(Role.Quality)]
    [InlineData(Role.Product)]
    public async Task QualityAndProduct_AreRefusedTheBoard(Role role)
    {
        using var browser = await App.SignInAsync(await App.CreateUserAsync(role));
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/board")).Status);
        var (_, home) = await browser.GetAsync("/");
        Assert.DoesNotContain("href=\"/board\"", home);
    }

    [Fact]
    public async Task SkippedStage_HasNoColumn_AndThePipelineCanBePicked()
    {
        var admin = await App.CreateUserAsync(Role.Admin);
        var name = Unique("Catalogue");
        var pipeline = await App.Client(admin).CreateAsync("/api/v1/pipelines", new
        {
            nameEn = name,
            stages = new object[] { new { key = "development", skipped = true }, new { key = "feedback", nameEn = "Customer reply" } },
        });
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep);
        var quote = (await AddAsync(account, rep, "quote", pipelineId: pipeline.Id()))[0];
        await AddAsync(account, rep, "development", pipelineId: pipeline.Id());
        var elsewhere = (await AddAsync(account, rep, "quote"))[0];
        using var browser = await App.SignInAsync(rep, "en");

        var (status, html) = await browser.GetAsync($"/board?pipelineId={pipeline.Id()}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("data-stage=\"development\"", html);
        Assert.Equal(7, ColumnStage().Count(html));
        Assert.Contains("Customer reply", Head(html, "feedback"));
        Assert.Equal([quote], CardIds(Column(html, "quote")));
        Assert.DoesNotContain($"card-{elsewhere}", html);
        Assert.Contains("1 open pursuits are in stages this pipeline skips", html);
        Assert.Matches($"<option value=\"{pipeline.Id()}\" selected=\"selected\">{name}</option>", html);
        // The move form offers only the active stages of the card's pipeline.
        Assert.DoesNotContain("value=\"development\"", Column(html, "quote"));

        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/board?pipelineId=999999999")).Status);
    }

    [Fact]
    public async Task Board_SpeaksKorean()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        await AddAsync(await NewAccountAsync(rep), rep, "needs", value: _ => new Money(5000000, "KRW"));
        using var browser = await App.SignInAsync(rep, "ko");

        var (status, html) = await browser.GetAsync("/board");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("파이프라인 보드", html);
        Assert.Contains("니즈 파악", Head(html, "needs"));
        Assert.Contains("1건", Head(html, "needs"));
        Assert.Contains("5,000,000 KRW", Head(html, "needs"));
        Assert.Contains("이동…", html);
    }

    [Fact]
    public async Task BoardLoad_CostsTheSameNumberOfQueries_With10And60Opportunities()
    {
        var rep = await App.CreateUserAsync(Role.Rep);
        var account = await NewAccountAsync(rep, "Construction", "towers");
        // Cards in every column, so every gate criterion of the default pipeline is judged.
        foreach (var stage in Stages.Pursuit)
        {
            await AddAsync(account, rep, stage.Key, stage.Number <= 2 ? 2 : 1, i => new Money(100 * i, "KRW"));
        }
        using var browser = await App.SignInAsync(rep);
        await browser.GetAsync("/board");

        using var sql = SqlCommands.For(App, rep);
        var (status, ten) = await browser.GetAsync("/board");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(10, Regex.Count(ten, "<li class=\"card"));
        var withTen = sql.Commands;

        foreach (var stage in Stages.Pursuit)
        {
            await AddAsync(account, rep, stage.Key, stage.Number == 8 ? 8 : 6, i => i % 2 == 0 ? new Money(10 * i, "USD") : null);
        }
        sql.Clear();
        var (_, sixty) = await browser.GetAsync("/board");
        Assert.Equal(60, Regex.Count(sixty, "<li class=\"card"));
        var withSixty = sql.Commands;

        Assert.True(withTen.Count >= 4, "The counter saw too few commands: " + string.Join("\n\n", withTen));
        Assert.True(withSixty.Count == withTen.Count, $"{withTen.Count} commands with 10 pursuits, {withSixty.Count} with 60:\n\n" + string.Join("\n\n", withSixty));
        // Today: pipelines, counts and sums, cards of all columns, one per gate criterion (stages 1-2
        // and foundation criteria, plus one each for needs, development, quote, feedback,
        // negotiation, testing's trials and the signed contract), owners and teams for the filters,
        // and the unread count of the inbox link in the navigation (one indexed count on every page).
        Assert.True(withSixty.Count <= 25, $"{withSixty.Count} commands per board load:\n\n" + string.Join("\n\n", withSixty));
    }

    [GeneratedRegex("<li class=\"card[^\"]*\" id=\"card-(\\d+)\"")]
    private static partial Regex CardId();

    [GeneratedRegex("<li class=\"more\">\\s*<button[^>]*hx-get=\"([^\"]+)\"")]
    private static partial Regex MoreButton();

    [GeneratedRegex("<section class=\"column\" data-stage=\"([a-z]+)\"")]
    private static partial Regex ColumnStage();
}
