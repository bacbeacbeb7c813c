using Bridgehead.Accounts;
using Bridgehead.Activities;
using Bridgehead.BuyingCenter;
using Bridgehead.Common;
using Bridgehead.Competitors;
using Bridgehead.Contacts;
using Bridgehead.Contracts;
using Bridgehead.Duplicates;
using Bridgehead.Feedback;
using Bridgehead.Forecasting;
using Bridgehead.Identity;
using Bridgehead.Imports;
using Bridgehead.Incidents;
using Bridgehead.Notifications;
using Bridgehead.Orders;
using Bridgehead.ProductRequests;
using Bridgehead.Products;
using Bridgehead.Pursuits;
using Bridgehead.Quotes;
using Bridgehead.References;
using Bridgehead.Tests.Infrastructure;
using Bridgehead.Trials;
using Bridgehead.Wallet;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Queries;

/// <summary>
/// Data for counting queries: a team (manager and rep) whose rep owns "deals", each an account
/// with everything a deal brings along (contacts, two pursuits with stage history, activities,
/// tasks, a product, a quote with lines, an order with lines and a delivery, an incident with a
/// step, a product request, a trial with a finding, feedback, shares and slips, a contract, a
/// reference, a competitor move, a buying center member, a merge, a notification, an import, a
/// webhook delivery, ...). Every deal also adds children to one anchor account and pursuit, so
/// the lists under one record grow too. Written straight to the database (as the system), so
/// that adding a dozen deals stays fast.
/// </summary>
public sealed class QueryWorld
{
    private int _deals;

    private QueryWorld(TestApp app, string tag)
    {
        App = app;
        Tag = tag;
    }

    public TestApp App { get; }

    /// <summary>In the name of every record of the world, so a page's rows can be counted.</summary>
    public string Tag { get; }

    public TestUser Manager { get; private set; } = null!;

    public TestUser Rep { get; private set; } = null!;

    public TestUser Admin { get; private set; } = null!;

    public TestUser Quality { get; private set; } = null!;

    public TestUser Product { get; private set; } = null!;

    public TestUser Viewer { get; private set; } = null!;

    public long PipelineId { get; private set; }

    public long AnchorAccountId { get; private set; }

    public long AnchorOpportunityId { get; private set; }

    public long AnchorWebhookId { get; private set; }

    public long AnchorImportId { get; private set; }

    public static async Task<QueryWorld> CreateAsync(TestApp app)
    {
        var world = new QueryWorld(app, "qw" + Guid.NewGuid().ToString("N")[..6]);
        var team = TestApp.NewTeam();
        world.Manager = await app.CreateUserAsync(Role.Manager, team);
        world.Rep = await app.CreateUserAsync(Role.Rep, team);
        world.Admin = await app.CreateUserAsync(Role.Admin);
        world.Quality = await app.CreateUserAsync(Role.Quality);
        world.Product = await app.CreateUserAsync(Role.Product);
        world.Viewer = await app.CreateUserAsync(Role.Viewer);
        await using var db = app.OpenDb();
        world.PipelineId = await db.Pipelines.Where(p => p.IsDefault).Select(p => p.Id).FirstAsync();
        var anchor = world.NewAccount("Anchor");
        db.Accounts.Add(anchor);
        await db.SaveChangesAsync();
        var anchorDeal = world.NewOpportunity(anchor.Id, "Anchor deal", "negotiation");
        db.Opportunities.Add(anchorDeal);
        var hook = new Webhook
        {
            Url = "https://hooks.example/" + world.Tag, Events = "stageChanged", Secret = "s3cret-s3cret-s3cret-1", IsActive = true, CreatedById = world.Admin.Id,
        };
        db.Webhooks.Add(hook);
        var job = new ImportJob
        {
            Entity = ImportEntity.Accounts, FileName = world.Tag + ".csv", StoredFile = world.Tag + ".csv", Mapping = "{}", Status = ImportStatus.Completed,
            TotalRows = 1, ProcessedRows = 1, CreatedById = world.Rep.Id, StartedAt = DateTime.UtcNow, FinishedAt = DateTime.UtcNow,
        };
        db.ImportJobs.Add(job);
        await db.SaveChangesAsync();
        // A full first page in the "needs" column of the board (page size 20), so its next page holds the deals' second pursuits.
        for (var i = 0; i < BoardData.DefaultPageSize; i++)
        {
            db.Opportunities.Add(world.NewOpportunity(anchor.Id, "Board filler " + i, "needs", DateTime.UtcNow.AddDays(-i)));
        }
        await db.SaveChangesAsync();
        (world.AnchorAccountId, world.AnchorOpportunityId, world.AnchorWebhookId, world.AnchorImportId) = (anchor.Id, anchorDeal.Id, hook.Id, job.Id);
        return world;
    }

    private Account NewAccount(string what)
    {
        var name = $"{Tag} {what}";
        return new Account
        {
            Name = name, SearchName = Text.SearchKey(name), OwnerId = Rep.Id, Status = AccountStatus.Customer, Industry = "28", Country = "KR",
        };
    }

    private Opportunity NewOpportunity(long accountId, string what, string stage, DateTime? entered = null)
    {
        var title = $"{Tag} {what}";
        return new Opportunity
        {
            AccountId = accountId, Title = title, SearchName = Text.SearchKey(title), PipelineId = PipelineId, OwnerId = Rep.Id, Stage = stage,
            StageEnteredAt = entered ?? DateTime.UtcNow.AddDays(-3), Status = OpportunityStatus.Open, EstimatedAnnualValue = 1_000_000m, Currency = "KRW",
            ExpectedCloseDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(20)), ForecastCategory = ForecastCategory.Commit, ProductCategory = "valves",
        };
    }

    /// <summary>Adds <paramref name="count"/> deals with all their children.</summary>
    public async Task AddDealsAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await AddDealAsync(++_deals);
        }
    }

    private async Task AddDealAsync(int n)
    {
        // A colleague in a team of their own: the user and team lists grow too.
        await App.CreateUserAsync(Role.Rep, TestApp.NewTeam());
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var now = DateTime.UtcNow;
        await using var db = App.OpenDb();
        var rep = Rep.Id;

        // Level 1: records that hang on nothing of the deal.
        var account = NewAccount($"Customer {n}");
        // Same name: a duplicate; a partner, for the route's partner choices.
        var twin = NewAccount($"Customer {n}");
        twin.Type = AccountType.Partner;
        // A key account never visited: due for care.
        account.Tier = AccountTier.Key;
        var sku = $"{Tag}-{n}".ToUpperInvariant();
        var product = new Product
        {
            Sku = sku, SkuKey = Text.SearchKey(sku), Name = $"{Tag} Valve {n}", SearchName = Text.SearchKey($"{Tag} Valve {n}"), Unit = "pcs", Currency = "KRW",
            UnitCost = 800m, ListPrice = 1000m, IsActive = true, Category = "valves", ProductionLeadTimeDays = 10, WeeklyCapacity = 1000m,
        };
        var rivalName = $"{Tag} Rival {n}";
        var rival = new Competitor { Name = rivalName, SearchName = Text.SearchKey(rivalName) };
        var applicationName = $"{Tag} application {n}";
        var application = new Industries.Application { IndustryCode = "28", NameEn = applicationName, NameKo = applicationName, SearchName = Text.SearchKey(applicationName) };
        var pipeline = new Pipeline { NameEn = $"{Tag} pipeline {n}", NameKo = $"{Tag} 파이프라인 {n}", Stages = PipelineRules.DefaultStages() };
        db.AddRange(account, twin, product, rival, application, pipeline);
        db.ExchangeRates.Add(new ExchangeRate { Currency = "Q" + (char)('A' + (n / 26 % 26)) + (char)('A' + (n % 26)), Rate = 1000m + n });
        db.Webhooks.Add(new Webhook { Url = $"https://hooks.example/{Tag}/{n}", Events = "stageChanged", Secret = "s3cret-s3cret-s3cret-1", IsActive = true, CreatedById = Admin.Id });
        db.ImportMappings.Add(new ImportMapping { Entity = ImportEntity.Accounts, Name = $"{Tag} mapping {n}", Columns = "{}", CreatedById = rep });
        db.ImportJobs.Add(new ImportJob
        {
            Entity = ImportEntity.Contacts, FileName = $"{Tag}-{n}.csv", StoredFile = $"{Tag}-{n}.csv", Mapping = "{}", Status = ImportStatus.Completed,
            TotalRows = 2, ProcessedRows = 2, CreatedRows = 1, ErrorRows = 1, CreatedById = rep, StartedAt = now, FinishedAt = now,
        });
        db.ImportRowErrors.Add(new ImportRowError { JobId = AnchorImportId, RowNumber = n + 1, Field = "name", Message = "Name is required.", Values = "[\"\"]" });
        await db.SaveChangesAsync();
        // A customer for over a year, never visited (its deal's timeline has calls only): due for care.
        var longAgo = now.AddDays(-400);
        await db.Accounts.Where(a => a.Id == account.Id).ExecuteUpdateAsync(u => u.SetProperty(a => a.CreatedAt, longAgo));

        // Level 2: the deal's own records under the account.
        db.AccountHealth.Add(new Bridgehead.Health.AccountHealth { AccountId = account.Id, Score = 35 + n, Band = Bridgehead.Health.HealthBand.AtRisk, Signals = "[]", ScoredAt = now });
        db.HealthSnapshots.Add(new Bridgehead.Health.HealthSnapshot { AccountId = account.Id, ScoredOn = today.AddDays(-7), Score = 80, Band = Bridgehead.Health.HealthBand.Healthy });
        var contacts = new[]
        {
            new Contact { AccountId = account.Id, Name = $"{Tag} Kim {n}", SearchName = Text.SearchKey($"{Tag} Kim {n}"), Email = $"kim{n}@{Tag}.example" },
            new Contact { AccountId = account.Id, Name = $"{Tag} Kim {n}", SearchName = Text.SearchKey($"{Tag} Kim {n}"), Email = $"kim{n}@{Tag}.example" },
        };
        var anchorContact = new Contact { AccountId = AnchorAccountId, Name = $"{Tag} Lee {n}", SearchName = Text.SearchKey($"{Tag} Lee {n}") };
        db.Contacts.AddRange([.. contacts, anchorContact]);
        var deal = NewOpportunity(account.Id, $"Deal {n}", "quote");
        deal.ApplicationId = application.Id;
        var second = NewOpportunity(account.Id, $"Next deal {n}", "needs", now.AddDays(-30 - n));
        // A closed pursuit, won or lost, for the win-loss, funnel and velocity reports.
        var closed = NewOpportunity(account.Id, $"Closed deal {n}", "negotiation", now.AddDays(-40));
        closed.Status = n % 2 == 0 ? OpportunityStatus.Lost : OpportunityStatus.Won;
        closed.ClosedAt = now.AddDays(-n);
        closed.CloseReason = n % 2 == 0 ? CloseReason.CompetitorChosen : null;
        closed.WinningCompetitorId = n % 2 == 0 ? rival.Id : null;
        db.Opportunities.AddRange(deal, second, closed);
        db.AccountApplications.Add(new AccountApplication { AccountId = account.Id, ApplicationId = application.Id });
        foreach (var accountId in new[] { account.Id, AnchorAccountId })
        {
            db.SupplierShares.Add(new SupplierShare
            {
                AccountId = accountId, ProductCategory = $"valves {n}", CategoryKey = $"valves {n}", CompetitorId = rival.Id, SharePercent = 60m, AnnualValue = 5_000_000m,
                Currency = "KRW", AsOf = today.AddDays(-10),
            });
            db.IncumbentEvents.Add(new IncumbentEvent { AccountId = accountId, CompetitorId = rival.Id, Kind = IncumbentEventKind.LateDelivery, Severity = Severity.Major, OccurredOn = today.AddDays(-5) });
        }
        var reference = new ReferenceCase { AccountId = account.Id, Title = $"{Tag} reference {n}", SearchName = Text.SearchKey($"{Tag} reference {n}"), Industry = "28", ApplicationId = application.Id, MayBeNamed = true };
        reference.Products.Add(new ReferenceProduct { ProductId = product.Id });
        db.ReferenceCases.Add(reference);
        var contract = new Contract
        {
            AccountId = account.Id, Number = $"{Tag}-C{n}", StartsOn = today.AddDays(-30), EndsOn = today.AddDays(335), SignedOn = today.AddDays(-31), Currency = "KRW", CreatedById = rep,
        };
        contract.Lines.Add(new ContractLine { AccountId = account.Id, ProductId = product.Id, Quantity = 1000m, UnitPrice = 900m, Position = 1 });
        db.Contracts.Add(contract);
        db.CompetitorMoves.Add(new CompetitorMove
        {
            CompetitorId = rival.Id, Kind = CompetitorMoveKind.PriceCut, Impact = MoveImpact.High, OccurredOn = today.AddDays(-2), Title = $"{Tag} move {n}", AccountId = account.Id, RecordedById = rep,
        });
        var incident = new Incident
        {
            AccountId = account.Id, ProductId = product.Id, Title = $"{Tag} burr {n}", Severity = IncidentSeverity.Major, Status = IncidentStatus.Open, OpenedAt = now.AddDays(-3),
            OpenedById = rep, OwnerId = Quality.Id, ContainmentDueAt = now.AddDays(-2), DefectQuantity = 10m,
        };
        incident.Steps.Add(new IncidentStep { AccountId = account.Id, Step = EightDStep.D1, OwnerId = Quality.Id, DueOn = today.AddDays(3) });
        db.Incidents.Add(incident);
        var order = new Order
        {
            AccountId = account.Id, Kind = OrderKind.Spot, Status = OrderStatus.Confirmed, Currency = "KRW", OrderedOn = today.AddDays(-20), CreatedById = rep,
            ConfirmedAt = now.AddDays(-20), ConfirmedById = rep, CustomerReference = $"{Tag}-PO{n}",
        };
        for (var position = 1; position <= 2; position++)
        {
            order.Lines.Add(new OrderLine
            {
                AccountId = account.Id, Position = position, ProductId = product.Id, Quantity = 100m, UnitPrice = 950m, RequestedDate = today.AddDays(-5 + position),
                PromisedDate = today.AddDays(-5 + position), Status = position == 1 ? OrderLineStatus.PartlyDelivered : OrderLineStatus.Open,
                DeliveredQuantity = position == 1 ? 40m : 0m, DeliveredOn = position == 1 ? today.AddDays(-4) : null,
            });
        }
        db.Orders.Add(order);
        var request = new ProductRequest
        {
            Title = $"{Tag} request {n}", SearchName = Text.SearchKey($"{Tag} request {n}"), Category = "valves", Status = ProductRequestStatus.New, RaisedById = rep,
        };
        request.Accounts.Add(new ProductRequestAccount { AccountId = account.Id });
        db.ProductRequests.Add(request);
        db.MergeRecords.Add(new MergeRecord
        {
            EntityType = "account", SurvivorId = account.Id, MergedId = twin.Id, MergedName = twin.Name, AccountId = account.Id, Snapshot = "{}", MergedById = rep,
            MergedAt = now.AddMinutes(-n), UndoUntil = now.AddDays(7),
        });
        var outbox = new OutboxEvent { Event = NotificationEvent.StageChanged, EntityType = "opportunity", EntityId = AnchorOpportunityId, AccountId = AnchorAccountId, Data = "{}", OccurredAt = now };
        db.OutboxEvents.Add(outbox);
        await db.SaveChangesAsync();

        // Level 3: what hangs on the deal's pursuits, orders and events.
        foreach (var (opportunity, stages) in new[] { (deal, new[] { "prospecting", "contact", "needs", "development", "quote" }), (second, new[] { "prospecting", "contact", "needs" }) })
        {
            string? from = null;
            for (var s = 0; s < stages.Length; s++)
            {
                db.StageChanges.Add(new StageChange
                {
                    OpportunityId = opportunity.Id, PipelineId = PipelineId, Move = s == 0 ? StageMove.Opened : StageMove.Advanced, FromStage = from, ToStage = stages[s],
                    Status = OpportunityStatus.Open, ChangedById = rep, ChangedByName = Rep.UserName, At = now.AddDays(-60 + (10 * s)),
                });
                from = stages[s];
            }
        }
        db.StageChanges.AddRange(
            new StageChange
            {
                OpportunityId = closed.Id, PipelineId = PipelineId, Move = StageMove.Opened, ToStage = "negotiation", Status = OpportunityStatus.Open, ChangedById = rep,
                ChangedByName = Rep.UserName, At = now.AddDays(-40),
            },
            new StageChange
            {
                OpportunityId = closed.Id, PipelineId = PipelineId, Move = closed.Status == OpportunityStatus.Won ? StageMove.Won : StageMove.Lost, FromStage = "negotiation",
                ToStage = "negotiation", Status = closed.Status, CloseReason = closed.CloseReason, CompetitorId = closed.WinningCompetitorId, ChangedById = rep,
                ChangedByName = Rep.UserName, At = now.AddDays(-n),
            });
        db.StageChanges.Add(new StageChange
        {
            OpportunityId = AnchorOpportunityId, PipelineId = PipelineId, Move = StageMove.MovedBack, FromStage = "negotiation", ToStage = "negotiation", Reason = "Checked again",
            Status = OpportunityStatus.Open, ChangedById = rep, ChangedByName = Rep.UserName, At = now.AddDays(-n),
        });
        foreach (var (accountId, opportunityId, contactId) in new[] { (account.Id, deal.Id, contacts[0].Id), (AnchorAccountId, AnchorOpportunityId, anchorContact.Id) })
        {
            db.Activities.Add(new Activity
            {
                AccountId = accountId, ContactId = contactId, OpportunityId = opportunityId, Kind = accountId == AnchorAccountId ? ActivityKind.Meeting : ActivityKind.Call, Subject = $"{Tag} visit {n}", OccurredAt = now.AddDays(-n), AuthorId = rep,
            });
            db.Tasks.Add(new TaskItem
            {
                Title = $"{Tag} send sample {n}", DueOn = today.AddDays(n % 5), AssigneeId = rep, CreatedById = Manager.Id, AccountId = accountId, ContactId = contactId, OpportunityId = opportunityId,
            });
            db.Feedback.Add(new FeedbackItem
            {
                AccountId = accountId, OpportunityId = opportunityId, Category = FeedbackCategory.Price, Text = $"{Tag} too dear {n}", ReceivedOn = today.AddDays(-4), DueOn = today.AddDays(-1),
                OwnerId = rep, Status = FeedbackStatus.Open,
            });
            db.BuyingCenterMembers.Add(new BuyingCenterMember { AccountId = accountId, OpportunityId = opportunityId, ContactId = contactId, Role = BuyingRole.Champion });
        }
        db.Activities.Add(new Activity { AccountId = account.Id, OpportunityId = second.Id, Kind = ActivityKind.Call, Subject = $"{Tag} call {n}", OccurredAt = now.AddHours(-n), AuthorId = rep });
        var quote = new Quote
        {
            AccountId = account.Id, OpportunityId = deal.Id, Number = 1, Currency = "KRW", Language = "en", ValidUntil = today.AddDays(30), Status = QuoteStatus.Draft,
            Approval = ApprovalState.Pending, ApprovalReason = "Below the margin floor", Subtotal = 190_000m, Total = 190_000m, CostTotal = 160_000m, Margin = 30_000m,
            MarginPercent = 15.79m, CreatedById = rep,
        };
        for (var position = 1; position <= 2; position++)
        {
            quote.Lines.Add(new QuoteLine
            {
                Position = position, ProductId = product.Id, Sku = product.Sku, Description = product.Name, Unit = "pcs", Quantity = 100m, UnitPrice = 950m, LineTotal = 95_000m, UnitCost = 800m,
            });
        }
        db.Quotes.Add(quote);
        var phase = new TrialPhase
        {
            AccountId = account.Id, OpportunityId = deal.Id, Kind = TrialKind.Pilot, Round = 1, PlannedStart = today.AddDays(-10), PlannedEnd = today.AddDays(10), Result = TrialResult.Pending,
        };
        db.TrialPhases.Add(phase);
        db.ProductRequestOpportunities.Add(new ProductRequestOpportunity { ProductRequestId = request.Id, OpportunityId = deal.Id, AccountId = account.Id, Blocking = true });
        var line = order.Lines.First(l => l.Position == 1);
        db.Deliveries.Add(new Delivery { AccountId = account.Id, OrderId = order.Id, OrderLineId = line.Id, Quantity = 40m, DeliveredOn = today.AddDays(-4), RecordedById = rep });
        db.Notifications.Add(new Notification { UserId = rep, EventId = outbox.Id, Event = NotificationEvent.StageChanged, CreatedAt = now });
        db.Notifications.Add(new Notification { UserId = Manager.Id, EventId = outbox.Id, Event = NotificationEvent.StageChanged, CreatedAt = now });
        db.WebhookDeliveries.Add(new WebhookDelivery
        {
            WebhookId = AnchorWebhookId, EventId = outbox.Id, Event = NotificationEvent.StageChanged, Payload = "{}", Status = DeliveryStatus.Delivered, Attempts = 1,
            NextAttemptAt = now, DeliveredAt = now, CreatedAt = now,
        });
        await db.SaveChangesAsync();
        db.TrialFindings.Add(new TrialFinding { AccountId = account.Id, PhaseId = phase.Id, Text = $"{Tag} finding {n}", Severity = FindingSeverity.Minor, DueOn = today.AddDays(5) });
        var anchor = await db.Accounts.SingleAsync(a => a.Id == AnchorAccountId);
        anchor.Notes = $"{Tag} note {n}";
        await db.SaveChangesAsync();
    }
}
