using System.Globalization;
using Bridgehead.Contacts;
using Bridgehead.Identity;
using Bridgehead.Imports;
using Bridgehead.Imports.Targets;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Bridgehead.Tests.Imports.Targets.TargetRun;

namespace Bridgehead.Tests.Imports.Targets;

public sealed class ContactsTargetTests_Sqlite() : ContactsTargetTests(Provider.Sqlite);

public sealed class ContactsTargetTests_Postgres() : ContactsTargetTests(Provider.Postgres);

/// <summary>The contact import: accounts through the importer's visibility, labels in both languages, idempotence, problems per field.</summary>
public abstract class ContactsTargetTests(Provider provider) : AppTests(provider)
{
    private readonly ContactsTarget _target = new();

    private static string Inv(long id) => id.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task SalesWriters_MayImport_OthersNot()
    {
        Assert.True(_target.MayImport(new Viewer(1, Role.Rep, 1, "r")));
        Assert.True(_target.MayImport(new Viewer(1, Role.Manager, 1, "m")));
        Assert.True(_target.MayImport(new Viewer(1, Role.Admin, null, "a")));
        Assert.False(_target.MayImport(new Viewer(1, Role.Viewer, null, "v")));
        Assert.False(_target.MayImport(new Viewer(1, Role.Quality, null, "q")));
        Assert.False(_target.MayImport(new Viewer(1, Role.Product, null, "p")));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Rows_CreateContacts_WithKeysOrEnglishOrKoreanLabels_AndAgainChangeNothing()
    {
        var rep = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var account = await App.AccountAsync(rep);
        var (a, b) = (Ext("C"), Ext("C"));
        ImportRow[] rows =
        [
            Row(2, ("externalId", a), ("accountExternalId", account.ExternalId), ("name", "Kim Minji"), ("title", "Buyer"), ("department", "purchasing"),
                ("buyingRole", "Economic buyer"), ("stance", "우호적"), ("influence", "4"), ("email", "minji@example.com"), ("phone", "+82 2 123")),
            Row(3, ("externalId", b), ("accountId", Inv(account.Id)), ("name", "Lee Joon"), ("department", "품질"), ("buyingRole", "TECHNICALEVALUATOR"), ("stance", "neutral")),
        ];

        var first = await App.ApplyAsync(_target, rep, rows);
        var again = await App.ApplyAsync(_target, rep, rows);

        Assert.Empty(first);
        Assert.Empty(again);
        await using var db = App.OpenDb();
        var contacts = await db.Contacts.Where(c => c.ExternalId == a || c.ExternalId == b).OrderBy(c => c.Id).ToListAsync();
        Assert.Equal(2, contacts.Count);
        Assert.All(contacts, c => Assert.Equal(account.Id, c.AccountId));
        Assert.All(contacts, c => Assert.Equal(1, c.Version));
        var minji = contacts[0];
        Assert.Equal(("Kim Minji", "kim minji", "Buyer", Department.Purchasing, BuyingRole.EconomicBuyer, Stance.Supporter, 4, "minji@example.com"),
            (minji.Name, minji.SearchName, minji.Title, minji.Department, minji.BuyingRole, minji.Stance, minji.Influence, minji.Email));
        Assert.Equal((Department.Quality, BuyingRole.TechnicalEvaluator, Stance.Neutral), (contacts[1].Department, contacts[1].BuyingRole, contacts[1].Stance));
    }

    [Fact]
    public async Task Rows_UpdateById_AndByExternalId_OnlyMappedColumnsChange()
    {
        var rep = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var account = await App.AccountAsync(rep);
        var other = await App.AccountAsync(rep);
        var external = Ext("C");
        await App.ApplyAsync(_target, rep, Row(2, ("externalId", external), ("accountId", Inv(account.Id)), ("name", "Park"), ("title", "Engineer"), ("influence", "2")));
        long id;
        await using (var db = App.OpenDb())
        {
            id = (await db.Contacts.SingleAsync(c => c.ExternalId == external)).Id;
        }

        var problems = await App.ApplyAsync(_target, rep,
            Row(2, ("id", Inv(id)), ("title", null)),
            Row(3, ("externalId", external), ("accountExternalId", other.ExternalId), ("influence", "5")));

        Assert.Empty(problems);
        await using var check = App.OpenDb();
        var contact = await check.Contacts.SingleAsync(c => c.Id == id);
        Assert.Equal(("Park", (string?)null, 5, other.Id, 2L), (contact.Name, contact.Title, contact.Influence, contact.AccountId, contact.Version));
    }

    [Fact]
    public async Task AnotherTeamsAccount_OrContact_IsAProblem_ThatNamesNothing()
    {
        var rep = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var stranger = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var theirs = await App.AccountAsync(stranger);
        var theirContact = Ext("C");
        Assert.Empty(await App.ApplyAsync(_target, stranger,
            Row(2, ("externalId", theirContact), ("accountId", Inv(theirs.Id)), ("name", "Secret Choi"))));
        var mine = await App.AccountAsync(rep);
        var tag = Ext("C");

        var problems = await App.ApplyAsync(_target, rep,
            Row(2, ("externalId", tag + "a"), ("accountId", Inv(theirs.Id)), ("name", "Try by id")),
            Row(3, ("externalId", tag + "b"), ("accountExternalId", theirs.ExternalId), ("name", "Try by external id")),
            Row(4, ("externalId", theirContact), ("accountId", Inv(mine.Id)), ("name", "Hijack")));

        Assert.Equal([(2, "accountId"), (3, "accountExternalId"), (4, "externalId")], problems.Select(p => (p.RowNumber, p.Field)).ToList());
        Assert.All(problems, p => Assert.DoesNotContain(theirs.Name, p.Message, StringComparison.OrdinalIgnoreCase));
        Assert.All(problems, p => Assert.DoesNotContain("Secret", p.Message, StringComparison.OrdinalIgnoreCase));
        await using var db = App.OpenDb();
        Assert.False(await db.Contacts.AnyAsync(c => c.ExternalId!.StartsWith(tag)));
        var secret = await db.Contacts.SingleAsync(c => c.ExternalId == theirContact);
        Assert.Equal(("Secret Choi", theirs.Id), (secret.Name, secret.AccountId));
    }

    [Fact]
    public async Task ManagerImports_ToTheTeamsAccounts_AdminToAny()
    {
        var team = TestApp.NewTeam();
        var manager = await App.CreateUserAsync(Role.Manager, team);
        var rep = await App.CreateUserAsync(Role.Rep, team);
        var admin = await App.CreateUserAsync(Role.Admin);
        var account = await App.AccountAsync(rep);
        var (m, a) = (Ext("C"), Ext("C"));

        Assert.Empty(await App.ApplyAsync(_target, manager, Row(2, ("externalId", m), ("accountId", Inv(account.Id)), ("name", "By manager"))));
        Assert.Empty(await App.ApplyAsync(_target, admin, Row(2, ("externalId", a), ("accountExternalId", account.ExternalId), ("name", "By admin"))));

        await using var db = App.OpenDb();
        Assert.Equal(2, await db.Contacts.CountAsync(c => c.ExternalId == m || c.ExternalId == a));
    }

    [Fact]
    public async Task BadRows_AreProblemsOnTheirFields_AndSaveNothing()
    {
        var rep = await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var account = await App.AccountAsync(rep);
        var tag = Ext("C");
        (string, string?) on = ("accountId", Inv(account.Id));

        var problems = await App.ApplyAsync(_target, rep,
            Row(2, ("externalId", tag + "a"), on, ("name", null)),
            Row(3, ("externalId", tag + "b"), ("name", "No account")),
            Row(4, ("externalId", tag + "c"), on, ("name", "Loud"), ("influence", "7")),
            Row(5, ("externalId", tag + "d"), on, ("name", "Half"), ("influence", "2.5")),
            Row(6, ("externalId", tag + "e"), on, ("name", "Mail"), ("email", "not-an-address")),
            Row(7, ("externalId", tag + "f"), on, ("name", "Dept"), ("department", "Sales")),
            Row(8, ("externalId", tag + "g"), ("accountId", "abc"), ("name", "Bad id")),
            Row(9, ("externalId", tag + "h"), ("accountId", "999999999"), ("name", "Gone")),
            Row(10, ("externalId", new string('x', 101)), on, ("name", "Long key")),
            Row(11, ("externalId", tag + "j"), on, ("name", new string('n', 151))));

        Assert.Equal(
            [(2, "name"), (3, "accountId"), (4, "influence"), (5, "influence"), (6, "email"), (7, "department"), (8, "accountId"), (9, "accountId"), (10, "externalId"), (11, "name")],
            problems.Select(p => (p.RowNumber, p.Field)).ToList());
        Assert.Contains("purchasing", problems.Single(p => p.RowNumber == 7).Message, StringComparison.Ordinal);
        await using var db = App.OpenDb();
        Assert.False(await db.Contacts.AnyAsync(c => c.ExternalId!.StartsWith(tag)));
    }
}
