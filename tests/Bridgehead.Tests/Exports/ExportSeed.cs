using Bridgehead.Accounts;
using Bridgehead.Care;
using Bridgehead.Common;
using Bridgehead.Contacts;
using Bridgehead.Forecasting;
using Bridgehead.Identity;
using Bridgehead.Orders;
using Bridgehead.Products;
using Bridgehead.Pursuits;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Exports;

/// <summary>
/// Two teams' records for export tests, written through the system database (so every field can
/// be set, external ids included): team A's rep owns a parent and a child account (the child
/// named like a formula), with a contact, an opportunity and a two-line order; team B's rep owns
/// one account with the same. One product carries a list price and a unit cost. All names carry
/// <see cref="Tag"/>, so a filter on it scopes an export to this seed on the shared server.
/// </summary>
public sealed record ExportSeed(
    string Tag,
    TestUser Rep,
    TestUser Manager,
    TestUser OtherRep,
    long ParentId,
    long AccountId,
    long OtherAccountId,
    long ContactId,
    long OtherContactId,
    long OpportunityId,
    long OtherOpportunityId,
    long ProductId,
    string Sku,
    long OrderId,
    long OtherOrderId)
{
    public static readonly DateOnly OrderedOn = new(2026, 3, 2);

    public static string EmailOf(TestUser user) => user.UserName + "@example.test";

    /// <summary>The formula-like account name (a spreadsheet would run it unless neutralised).</summary>
    public string FormulaName => "=HYPERLINK(\"http://evil.example\",\"" + Tag + "\")";

    public static async Task<ExportSeed> CreateAsync(TestApp app)
    {
        var tag = "exp" + Guid.NewGuid().ToString("N")[..10];
        var team = TestApp.NewTeam();
        var rep = await app.CreateUserAsync(Role.Rep, team);
        var manager = await app.CreateUserAsync(Role.Manager, team);
        var otherRep = await app.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        await using var db = app.OpenDb();
        foreach (var user in new[] { rep, manager, otherRep })
        {
            var email = EmailOf(user);
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Email, email));
        }

        Account NewAccount(string name, long ownerId, string externalId, Account? parent = null) => new()
        {
            Name = name, SearchName = Text.SearchKey(name), OwnerId = ownerId, ExternalId = externalId, Parent = parent,
            Type = AccountType.Customer, Status = AccountStatus.Customer, Industry = "28", Country = "KR", City = "부산",
            Website = "https://" + tag + ".example", Employees = 120, Notes = "-first note, with a comma",
        };
        var parent = NewAccount("Parent " + tag, rep.Id, tag + "-A0");
        parent.Status = AccountStatus.Prospect;
        parent.Employees = null;
        var account = NewAccount("=HYPERLINK(\"http://evil.example\",\"" + tag + "\")", rep.Id, tag + "-A1", parent);
        var other = NewAccount("Other " + tag, otherRep.Id, tag + "-B1");
        db.Accounts.AddRange(parent, account, other);
        await db.SaveChangesAsync();

        Contact NewContact(string name, long accountId, string externalId) => new()
        {
            Name = name, SearchName = Text.SearchKey(name), AccountId = accountId, ExternalId = externalId, Title = "구매 팀장",
            Department = Department.Purchasing, BuyingRole = BuyingRole.DecisionMaker, Influence = 4, Stance = Stance.Supporter,
            Email = "buyer@" + tag + ".example", Phone = "+82 51 123 4567", Pains = "@late deliveries",
        };
        var contact = NewContact("+Kim " + tag, account.Id, tag + "-C1");
        var otherContact = NewContact("Lee " + tag, other.Id, tag + "-C2");
        db.Contacts.AddRange(contact, otherContact);

        var pipeline = await db.Pipelines.AsNoTracking().FirstAsync(p => p.IsDefault);
        Opportunity NewOpportunity(string title, long accountId, long ownerId, string externalId) => new()
        {
            Title = title, SearchName = Text.SearchKey(title), AccountId = accountId, OwnerId = ownerId, ExternalId = externalId,
            PipelineId = pipeline.Id, Stage = "prospecting", StageEnteredAt = DateTime.UtcNow, Status = OpportunityStatus.Open,
            ProductCategory = "flanges", EstimatedAnnualValue = 125000.5m, Currency = "KRW", ExpectedCloseDate = new DateOnly(2027, 1, 15),
            Probability = 30, ForecastCategory = ForecastCategory.BestCase, Notes = "=1+1",
        };
        var opportunity = NewOpportunity("Deal " + tag, account.Id, rep.Id, tag + "-O1");
        var otherOpportunity = NewOpportunity("Other deal " + tag, other.Id, otherRep.Id, tag + "-O2");
        db.Opportunities.AddRange(opportunity, otherOpportunity);

        var sku = "SKU-" + tag.ToUpperInvariant();
        var product = new Product
        {
            Sku = sku, SkuKey = Text.SearchKey(sku), Name = "Flange " + tag, SearchName = Text.SearchKey("Flange " + tag), Category = "flanges", Unit = "pcs",
            Currency = "KRW", ListPrice = 1000m, UnitCost = 600.25m, ProductionLeadTimeDays = 10, WeeklyCapacity = 5000m, MinimumBatch = 100m,
            ExternalId = tag + "-P1", Notes = "+spec",
        };
        db.Products.Add(product);
        await db.SaveChangesAsync();

        Order NewOrder(long accountId, long userId, string externalId, params (string Line, decimal Quantity, decimal Price, decimal Delivered)[] lines) => new()
        {
            AccountId = accountId, Kind = OrderKind.Spot, Status = OrderStatus.Confirmed, Currency = "KRW", OrderedOn = OrderedOn, CreatedById = userId,
            ExternalId = externalId, CustomerReference = "PO-" + tag, Notes = "-urgent", ConfirmedAt = DateTime.UtcNow, ConfirmedById = userId,
            Lines = [.. lines.Select((l, i) => new OrderLine
            {
                AccountId = accountId, Position = i + 1, ProductId = product.Id, Quantity = l.Quantity, UnitPrice = l.Price, ExternalId = l.Line,
                RequestedDate = OrderedOn.AddDays(30), PromisedDate = OrderedOn.AddDays(35),
                Status = l.Delivered == l.Quantity ? OrderLineStatus.Delivered : l.Delivered > 0 ? OrderLineStatus.PartlyDelivered : OrderLineStatus.Open,
                DeliveredQuantity = l.Delivered, DeliveredOn = l.Delivered == l.Quantity ? OrderedOn.AddDays(34) : null,
            })],
        };
        var order = NewOrder(account.Id, rep.Id, tag + "-R1", ("L1", 250m, 990.5m, 250m), ("L2", 100m, 1000m, 40m));
        var otherOrder = NewOrder(other.Id, otherRep.Id, tag + "-R2", ("L1", 10m, 1200m, 0m));
        db.Orders.AddRange(order, otherOrder);
        await db.SaveChangesAsync();
        // The customers get the care tier their orders earn now, as the care-tier job would give them:
        // otherwise another test class running the background jobs on the shared server re-places them
        // (a new version) in the middle of a test that compares versions.
        await CarePlacement.PlaceTiersAsync(db, CurrencySettings.Default, [parent.Id, account.Id, other.Id], CancellationToken.None);

        return new ExportSeed(tag, rep, manager, otherRep, parent.Id, account.Id, other.Id, contact.Id, otherContact.Id, opportunity.Id, otherOpportunity.Id,
            product.Id, sku, order.Id, otherOrder.Id);
    }
}
