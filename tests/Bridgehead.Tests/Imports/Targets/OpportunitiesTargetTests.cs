using System.Globalization;
using Bridgehead.Accounts;
using Bridgehead.Identity;
using Bridgehead.Imports.Targets;
using Bridgehead.Pursuits;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Bridgehead.Tests.Imports.Targets.TargetRun;

namespace Bridgehead.Tests.Imports.Targets;

public sealed class OpportunitiesTargetTests_Sqlite() : OpportunitiesTargetTests(Provider.Sqlite);

public sealed class OpportunitiesTargetTests_Postgres() : OpportunitiesTargetTests(Provider.Postgres);

/// <summary>The opportunity import: defaults, stage history for new and closed pursuits, stages that move only through gates, owners by e-mail, problems per field.</summary>
public abstract class OpportunitiesTargetTests(Provider provider) : AppTests(provider)
{
    private readonly OpportunitiesTarget _target = new();

    private static string Inv(long id) => id.ToString(CultureInfo.InvariantCulture);

    private async Task<Pipeline> DefaultPipelineAsync()
    {
        await using var db = App.OpenDb();
        return (await GateEngine.LoadPipelinesAsync(db, CancellationToken.None)).First(p => p.IsDefault);
    }

    private async Task<(Opportunity Opportunity, List<StageChange> History)> LoadAsync(string externalId)
    {
        await using var db = App.OpenDb();
        var o = await db.Opportunities.SingleAsync(x => x.ExternalId == externalId);
        var history = await db.StageChanges.Where(c => c.OpportunityId == o.Id).OrderBy(c => c.Id).ToListAsync();
        return (o, history);
    }

    [Fact]
    public async Task SalesWriters_MayImport_OthersNot()
    {
        Assert.True(_target.MayImport(new Viewer(1, Role.Rep, 1, "r")));
        Assert.True(_target.MayImport(new Viewer(1, Role.Admin, null, "a")));
        Assert.False(_target.MayImport(new Viewer(1, Role.Viewer, null, "v")));
        Assert.False(_target.MayImport(new Viewer(1, Role.Quality, null, "q")));
        Assert.False(_target.MayImport(new Viewer(1, Role.Product, null, "p")));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task NewOpportunity_TakesTheDefaults_AndIsOpenedInTheHistory_AndAgainChangesNothing()
    {
        var rep = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var account = await App.AccountAsync(rep);
        var external = Ext("O");
        var row = Row(2, ("externalId", external), ("accountExternalId", account.ExternalId), ("title", "Boiler tubes 2027"),
            ("estimatedAnnualValue", "1500000"), ("currency", "usd"), ("expectedCloseDate", "2027-03-31"), ("forecastCategory", "최상의 경우"),
            ("probability", "35"), ("productCategory", "Tubes"), ("notes", "From the old CRM"));

        var first = await App.ApplyAsync(_target, rep, row);
        var again = await App.ApplyAsync(_target, rep, row);

        Assert.Empty(first);
        Assert.Empty(again);
        var pipeline = await DefaultPipelineAsync();
        var (o, history) = await LoadAsync(external);
        Assert.Equal((account.Id, pipeline.Id, PipelineRules.FirstStage(pipeline).Key, OpportunityStatus.Open, rep.Id),
            (o.AccountId, o.PipelineId, o.Stage, o.Status, o.OwnerId));
        Assert.Equal((1_500_000m, "USD", new DateOnly(2027, 3, 31), ForecastCategory.BestCase, 35, "Tubes"),
            (o.EstimatedAnnualValue, o.Currency, o.ExpectedCloseDate, o.ForecastCategory, o.Probability, o.ProductCategory));
        Assert.NotNull(o.ProbabilityReason);
        Assert.Null(o.ClosedAt);
        Assert.Equal(1, o.Version);
        var opened = Assert.Single(history);
        Assert.Equal((StageMove.Opened, o.Stage, rep.Id), (opened.Move, opened.ToStage, opened.ChangedById));
    }

    [Fact]
    public async Task ClosedOpportunities_AreClosedNow_WithTheirStepInTheHistory_AndAWinMakesTheProspectACustomer()
    {
        var rep = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var account = await App.AccountAsync(rep, AccountStatus.Prospect);
        var (won, lost, dropped) = (Ext("O"), Ext("O"), Ext("O"));

        var problems = await App.ApplyAsync(_target, rep,
            Row(2, ("externalId", won), ("accountId", Inv(account.Id)), ("title", "Won one"), ("status", "Won")),
            Row(3, ("externalId", lost), ("accountId", Inv(account.Id)), ("title", "Lost one"), ("status", "실주"), ("closeReason", "가격"), ("stage", "contact")),
            Row(4, ("externalId", dropped), ("accountId", Inv(account.Id)), ("title", "Dropped one"), ("status", "dropped"), ("closeReason", "projectCancelled")));

        Assert.Empty(problems);
        var pipeline = await DefaultPipelineAsync();
        var (w, wonHistory) = await LoadAsync(won);
        Assert.Equal((OpportunityStatus.Won, PipelineRules.ActiveStages(pipeline)[^1].Key), (w.Status, w.Stage));
        Assert.NotNull(w.ClosedAt);
        Assert.Equal([StageMove.Opened, StageMove.Won], wonHistory.Select(h => h.Move));
        var (l, lostHistory) = await LoadAsync(lost);
        Assert.Equal((OpportunityStatus.Lost, CloseReason.Price, "contact"), (l.Status, l.CloseReason, l.Stage));
        Assert.Equal([StageMove.Opened, StageMove.Lost], lostHistory.Select(h => h.Move));
        Assert.Equal(CloseReason.Price, lostHistory[1].CloseReason);
        var (d, _) = await LoadAsync(dropped);
        Assert.Equal((OpportunityStatus.Dropped, CloseReason.ProjectCancelled), (d.Status, d.CloseReason));
        await using var db = App.OpenDb();
        Assert.Equal(AccountStatus.Customer, (await db.Accounts.SingleAsync(a => a.Id == account.Id)).Status);
    }

    [Fact]
    public async Task ExistingOpportunity_KeepsStageStatusAndAccount_ButTakesOtherFields()
    {
        var rep = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var account = await App.AccountAsync(rep);
        var other = await App.AccountAsync(rep);
        var external = Ext("O");
        Assert.Empty(await App.ApplyAsync(_target, rep,
            Row(2, ("externalId", external), ("accountId", Inv(account.Id)), ("title", "Pumps"), ("stage", "접촉"))));
        var (before, _) = await LoadAsync(external);
        Assert.Equal("contact", before.Stage);

        var problems = await App.ApplyAsync(_target, rep,
            Row(2, ("externalId", external), ("stage", "needs")),
            Row(3, ("externalId", external), ("status", "won")),
            Row(4, ("externalId", external), ("accountId", Inv(other.Id))),
            Row(5, ("id", Inv(before.Id)), ("stage", "Contact"), ("status", "open"), ("title", "Pumps, renamed")));

        Assert.Equal([(2, "stage"), (3, "status"), (4, "accountId")], problems.Select(p => (p.RowNumber, p.Field)).ToList());
        var (after, history) = await LoadAsync(external);
        Assert.Equal(("contact", OpportunityStatus.Open, account.Id, "Pumps, renamed"), (after.Stage, after.Status, after.AccountId, after.Title));
        Assert.Single(history);
    }

    [Fact]
    public async Task Owner_ByEmail_FollowsTheOwnerRules()
    {
        var team = TestApp.NewTeam();
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var rep = await App.CreateUserAsync(Role.Rep, team);
        var colleague = await App.CreateUserAsync(Role.Rep, team);
        var quality = await App.CreateUserAsync(Role.Quality);
        var outsider = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var mail = Guid.NewGuid().ToString("N")[..8];
        await App.SetEmailAsync(rep, $"rep.{mail}@example.com");
        await App.SetEmailAsync(colleague, $"colleague.{mail}@example.com");
        await App.SetEmailAsync(quality, $"quality.{mail}@example.com");
        await App.SetEmailAsync(outsider, $"outsider.{mail}@example.com");
        var account = await App.AccountAsync(rep);
        var tag = Ext("O");

        var byManager = await App.ApplyAsync(_target, manager,
            Row(2, ("externalId", tag + "a"), ("accountId", Inv(account.Id)), ("title", "For the rep"), ("owner", $"REP.{mail}@example.com")),
            Row(3, ("externalId", tag + "b"), ("accountId", Inv(account.Id)), ("title", "For quality"), ("owner", $"quality.{mail}@example.com")),
            Row(4, ("externalId", tag + "c"), ("accountId", Inv(account.Id)), ("title", "For an outsider"), ("owner", $"outsider.{mail}@example.com")),
            Row(5, ("externalId", tag + "d"), ("accountId", Inv(account.Id)), ("title", "For nobody"), ("owner", $"nobody.{mail}@example.com")));
        var byRep = await App.ApplyAsync(_target, rep,
            Row(2, ("externalId", tag + "e"), ("accountId", Inv(account.Id)), ("title", "For a colleague"), ("owner", $"colleague.{mail}@example.com")),
            Row(3, ("externalId", tag + "a"), ("owner", $"colleague.{mail}@example.com")));

        Assert.Equal([(3, "owner"), (4, "owner"), (5, "owner")], byManager.Select(p => (p.RowNumber, p.Field)).ToList());
        // A rep names only themselves, also when handing over their own pursuit.
        Assert.Equal([(2, "owner"), (3, "owner")], byRep.Select(p => (p.RowNumber, p.Field)).ToList());
        await using var db = App.OpenDb();
        var owners = await db.Opportunities.Where(o => o.ExternalId!.StartsWith(tag)).Select(o => new { o.ExternalId, o.OwnerId }).ToListAsync();
        Assert.Equal(rep.Id, Assert.Single(owners).OwnerId);
    }

    [Fact]
    public async Task FromTheCommandLine_TheAccountOwnerOwnsTheOpportunity_UnlessOneIsNamed()
    {
        var rep = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var other = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var email = $"other.{Guid.NewGuid():N}@example.com";
        await App.SetEmailAsync(other, email);
        var account = await App.AccountAsync(rep);
        var (unowned, owned) = (Ext("O"), Ext("O"));

        var problems = await App.ApplyAsync(_target, Viewer.System,
            Row(2, ("externalId", unowned), ("accountId", Inv(account.Id)), ("title", "Unowned")),
            Row(3, ("externalId", owned), ("accountId", Inv(account.Id)), ("title", "Owned"), ("owner", email)));

        Assert.Empty(problems);
        var (a, history) = await LoadAsync(unowned);
        var (b, _) = await LoadAsync(owned);
        Assert.Equal((rep.Id, other.Id), (a.OwnerId, b.OwnerId));
        Assert.Equal(((long?)null, "system"), (history[0].ChangedById, history[0].ChangedByName));
    }

    [Fact]
    public async Task BadRows_AreProblemsOnTheirFields_AndSaveNothing()
    {
        var rep = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var stranger = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var account = await App.AccountAsync(rep);
        var theirs = await App.AccountAsync(stranger);
        var tag = Ext("O");
        (string, string?) on = ("accountId", Inv(account.Id));

        var problems = await App.ApplyAsync(_target, rep,
            Row(2, ("externalId", tag + "a"), on, ("title", null)),
            Row(3, ("externalId", tag + "b"), on, ("title", "Sure thing"), ("probability", "150")),
            Row(4, ("externalId", tag + "c"), on, ("title", "Priceless"), ("estimatedAnnualValue", "lots"), ("currency", "KRW")),
            Row(5, ("externalId", tag + "d"), on, ("title", "No currency"), ("estimatedAnnualValue", "100")),
            Row(6, ("externalId", tag + "e"), on, ("title", "Odd pipeline"), ("pipeline", "No such pipeline " + tag)),
            Row(7, ("externalId", tag + "f"), on, ("title", "Odd stage"), ("stage", "orders")),
            Row(8, ("externalId", tag + "g"), on, ("title", "Lost why"), ("status", "lost")),
            Row(9, ("externalId", tag + "h"), on, ("title", "Open why"), ("closeReason", "price")),
            Row(10, ("externalId", tag + "i"), on, ("title", "Status"), ("status", "maybe")),
            Row(11, ("externalId", tag + "j"), ("accountId", Inv(theirs.Id)), ("title", "Not mine")),
            Row(12, ("externalId", tag + "k"), on, ("title", "Date"), ("expectedCloseDate", "31/03/2027")));

        Assert.Equal(
            [(2, "title"), (3, "probability"), (4, "estimatedAnnualValue"), (5, "currency"), (6, "pipeline"), (7, "stage"), (8, "closeReason"), (9, "closeReason"),
             (10, "status"), (11, "accountId"), (12, "expectedCloseDate")],
            problems.Select(p => (p.RowNumber, p.Field)).ToList());
        Assert.DoesNotContain(problems, p => p.Message.Contains(theirs.Name, StringComparison.OrdinalIgnoreCase));
        await using var db = App.OpenDb();
        Assert.False(await db.Opportunities.IgnoreQueryFilters().AnyAsync(o => o.ExternalId!.StartsWith(tag)));
    }
}
