using Bridgehead.Accounts;
using Bridgehead.Activities;
using Bridgehead.BuyingCenter;
using Bridgehead.Calendar;
using Bridgehead.Common;
using Bridgehead.Competitors;
using Bridgehead.Contacts;
using Bridgehead.Contracts;
using Bridgehead.Feedback;
using Bridgehead.Forecasting;
using Bridgehead.Identity;
using Bridgehead.Imports;
using Bridgehead.Incidents;
using Bridgehead.Needs;
using Bridgehead.Negotiation;
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

namespace Bridgehead.Tests.Security;

/// <summary>The records of one account that the page routes take as parameters.</summary>
public sealed record AccountRecords(
    long Account, long Contact, long Opportunity, long Activity, long Task, long Quote, long Order, long Contract, long Incident,
    long Trial, long Feedback, long Member, long Request, long Reference, long Move, long Share, long Slip, long Import);

/// <summary>
/// Two teams and a user of every role: rep A (team A, under manager A) owns account A, rep B
/// (team B) owns account B; each account has every kind of record a page route names (contact,
/// pursuit, activity, task, quote, order, contract, incident, trial, feedback, buying center
/// member, product request, reference, competitor move, supplier share, slip, import). Every
/// free-text field is written through <c>text</c> (per account) or <c>shared</c> (records of
/// no account: product, competitor, pipeline, ..., and the names of users and teams), so a test can tell what a page shows.
/// Written straight to the database as the system: the pages are under test, not the forms.
/// </summary>
public sealed class PageWorld
{
    private static int _worlds;

    public required TestUser Admin { get; init; }

    public required TestUser Manager { get; init; }

    public required TestUser RepA { get; init; }

    public required TestUser RepB { get; init; }

    public required TestUser Quality { get; init; }

    public required TestUser Product { get; init; }

    public required TestUser Viewer { get; init; }

    public required AccountRecords A { get; init; }

    public required AccountRecords B { get; init; }

    public required long ProductId { get; init; }

    public required long CompetitorId { get; init; }

    public required long PipelineId { get; init; }

    public required long WebhookId { get; init; }

    public required long HolidayId { get; init; }

    public required long ApplicationId { get; init; }

    public required string Currency { get; init; }

    public static async Task<PageWorld> CreateAsync(TestApp app, Func<string, string> textA, Func<string, string> textB, Func<string, string> shared)
    {
        var teamA = TestApp.NewTeam();
        var teamB = TestApp.NewTeam();
        var admin = await app.CreateUserAsync(Role.Admin);
        var manager = await app.CreateUserAsync(Role.Manager, teamA);
        var repA = await app.CreateUserAsync(Role.Rep, teamA);
        var repB = await app.CreateUserAsync(Role.Rep, teamB);
        var quality = await app.CreateUserAsync(Role.Quality);
        var productUser = await app.CreateUserAsync(Role.Product);
        var viewer = await app.CreateUserAsync(Role.Viewer);

        await using var db = app.OpenDb();
        // Names people read: the user's display name and the team's name.
        foreach (var user in await db.Users.Where(u => u.Id == repA.Id || u.Id == repB.Id).ToListAsync())
        {
            user.DisplayName = shared(user.Id == repA.Id ? "rep a" : "rep b");
        }
        foreach (var team in await db.Teams.Where(t => t.Name == teamA || t.Name == teamB).ToListAsync())
        {
            team.Name = shared(team.Name == teamA ? "team a" : "team b");
        }
        var tag = Guid.NewGuid().ToString("N")[..8];
        var sku = ("PW-" + tag).ToUpperInvariant();
        var product = new Product
        {
            Sku = sku, SkuKey = Text.SearchKey(sku), Name = shared("product"), SearchName = Text.SearchKey(shared("product")), Unit = "pcs", Currency = "KRW",
            UnitCost = 800m, ListPrice = 1000m, IsActive = true, Category = shared("category"), Notes = shared("product notes"), ProductionLeadTimeDays = 10, WeeklyCapacity = 1000m,
        };
        var rival = new Competitor
        {
            Name = shared("competitor"), SearchName = Text.SearchKey(shared("competitor")), Strengths = shared("strengths"), Weaknesses = shared("weaknesses"), Notes = shared("competitor notes"),
        };
        var application = new Industries.Application { IndustryCode = "28", NameEn = shared("application"), NameKo = shared("application ko"), SearchName = Text.SearchKey(shared("application")) };
        var stages = PipelineRules.DefaultStages();
        stages[0].NameEn = shared("stage");
        var pipeline = new Pipeline { NameEn = shared("pipeline"), NameKo = shared("pipeline ko"), Stages = stages };
        var hook = new Webhook
        {
            Url = $"https://hooks.example/{tag}", Description = shared("webhook"), Events = "stageChanged", Secret = "s3cret-s3cret-s3cret-1", IsActive = true, CreatedById = admin.Id,
        };
        // A day far ahead, so no other test's working calendar meets it; one per world (the date is unique).
        var holiday = new Holiday { Date = new DateOnly(2090, 1, 1).AddDays(Interlocked.Increment(ref _worlds)), Name = shared("holiday"), NameKo = shared("holiday ko") };
        var currency = "Z" + tag[..2].ToUpperInvariant().Replace('0', 'A').Replace('1', 'B').Replace('2', 'C').Replace('3', 'D').Replace('4', 'E')
            .Replace('5', 'F').Replace('6', 'G').Replace('7', 'H').Replace('8', 'I').Replace('9', 'J');
        db.AddRange(product, rival, application, pipeline, hook, holiday);
        if (!await db.ExchangeRates.AnyAsync(r => r.Currency == currency))
        {
            db.ExchangeRates.Add(new ExchangeRate { Currency = currency, Rate = 1234m });
        }
        await db.SaveChangesAsync();

        var defaultPipeline = await db.Pipelines.Where(p => p.IsDefault).Select(p => p.Id).FirstAsync();
        var a = await AccountAsync(db, repA, quality, textA, defaultPipeline, product, rival, application);
        var b = await AccountAsync(db, repB, quality, textB, defaultPipeline, product, rival, application);
        return new PageWorld
        {
            Admin = admin, Manager = manager, RepA = repA, RepB = repB, Quality = quality, Product = productUser, Viewer = viewer, A = a, B = b,
            ProductId = product.Id, CompetitorId = rival.Id, PipelineId = pipeline.Id, WebhookId = hook.Id, HolidayId = holiday.Id, ApplicationId = application.Id,
            Currency = currency,
        };
    }

    private static async Task<AccountRecords> AccountAsync(Bridgehead.Data.BridgeheadDb db, TestUser rep, TestUser quality, Func<string, string> text,
        long pipelineId, Product product, Competitor rival, Industries.Application application)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var now = DateTime.UtcNow;
        var account = new Account
        {
            Name = text("account"), SearchName = Text.SearchKey(text("account")), OwnerId = rep.Id, Status = AccountStatus.Customer, Industry = "28", Country = "KR",
            City = text("city"), Notes = text("account notes"), Tier = AccountTier.Key,
        };
        db.Accounts.Add(account);
        await db.SaveChangesAsync();

        var contact = new Contact
        {
            AccountId = account.Id, Name = text("contact"), SearchName = Text.SearchKey(text("contact")), Title = text("contact title"), Pains = text("contact pains"),
        };
        var opportunity = new Opportunity
        {
            AccountId = account.Id, Title = text("pursuit"), SearchName = Text.SearchKey(text("pursuit")), PipelineId = pipelineId, OwnerId = rep.Id, Stage = "negotiation",
            StageEnteredAt = now.AddDays(-3), Status = OpportunityStatus.Open, EstimatedAnnualValue = 1_000_000m, Currency = "KRW",
            ExpectedCloseDate = today.AddDays(20), ForecastCategory = ForecastCategory.Commit, ProductCategory = text("pursuit category"), EntryAngle = text("entry angle"),
            RouteRationale = text("route rationale"), ProbabilityReason = text("probability reason"), Notes = text("pursuit notes"), ApplicationId = application.Id,
        };
        db.AccountApplications.Add(new AccountApplication { AccountId = account.Id, ApplicationId = application.Id });
        var share = new SupplierShare
        {
            AccountId = account.Id, ProductCategory = text("share category"), CategoryKey = Text.SearchKey(text("share category")), CompetitorId = rival.Id, SharePercent = 60m,
            AnnualValue = 5_000_000m, Currency = "KRW", AsOf = today.AddDays(-10), Note = text("share note"),
        };
        var slip = new IncumbentEvent { AccountId = account.Id, CompetitorId = rival.Id, Kind = IncumbentEventKind.LateDelivery, Severity = Severity.Major, OccurredOn = today.AddDays(-5), Note = text("slip note") };
        var reference = new ReferenceCase
        {
            AccountId = account.Id, Title = text("reference"), SearchName = Text.SearchKey(text("reference")), Industry = "28", ApplicationId = application.Id, MayBeNamed = true,
            Outcome = text("reference outcome"),
        };
        reference.Products.Add(new ReferenceProduct { ProductId = product.Id });
        var contract = new Contract
        {
            AccountId = account.Id, Number = "C-" + Guid.NewGuid().ToString("N")[..8], StartsOn = today.AddDays(-30), EndsOn = today.AddDays(335), SignedOn = today.AddDays(-31),
            Currency = "KRW", CreatedById = rep.Id, Terms = text("contract terms"), Notes = text("contract notes"),
        };
        contract.Lines.Add(new ContractLine { AccountId = account.Id, ProductId = product.Id, Quantity = 1000m, UnitPrice = 900m, Position = 1 });
        var move = new CompetitorMove
        {
            CompetitorId = rival.Id, Kind = CompetitorMoveKind.PriceCut, Impact = MoveImpact.High, OccurredOn = today.AddDays(-2), Title = text("move"), Detail = text("move detail"),
            AccountId = account.Id, RecordedById = rep.Id,
        };
        var incident = new Incident
        {
            AccountId = account.Id, ProductId = product.Id, Title = text("incident"), Description = text("incident description"), Lot = text("lot"), Containment = text("containment"),
            RootCause = text("root cause"), CorrectiveAction = text("corrective action"), PreventiveAction = text("preventive action"), Verification = text("verification"),
            Severity = IncidentSeverity.Major, Status = IncidentStatus.Open, OpenedAt = now.AddDays(-3), OpenedById = rep.Id, OwnerId = quality.Id, ContainmentDueAt = now.AddDays(2), DefectQuantity = 10m,
        };
        incident.Steps.Add(new IncidentStep { AccountId = account.Id, Step = EightDStep.D1, OwnerId = quality.Id, DueOn = today.AddDays(3), Note = text("8d step note") });
        var order = new Order
        {
            AccountId = account.Id, Kind = OrderKind.Spot, Status = OrderStatus.Confirmed, Currency = "KRW", OrderedOn = today.AddDays(-20), CreatedById = rep.Id,
            ConfirmedAt = now.AddDays(-20), ConfirmedById = rep.Id, CustomerReference = text("customer po"), Specification = text("specification"), Notes = text("order notes"),
        };
        order.Lines.Add(new OrderLine
        {
            AccountId = account.Id, Position = 1, ProductId = product.Id, Quantity = 100m, UnitPrice = 950m, RequestedDate = today.AddDays(10), PromisedDate = today.AddDays(10),
            Status = OrderLineStatus.Open,
        });
        var request = new ProductRequest
        {
            Title = text("product request"), SearchName = Text.SearchKey(text("product request")), Detail = text("request detail"), Category = text("request category"),
            StatusNote = text("request status note"), Status = ProductRequestStatus.New, RaisedById = rep.Id,
        };
        request.Accounts.Add(new ProductRequestAccount { AccountId = account.Id });
        var import = new ImportJob
        {
            Entity = ImportEntity.Accounts, FileName = text("import file") + ".csv", StoredFile = Guid.NewGuid().ToString("N") + ".csv", Mapping = "{}", Status = ImportStatus.Completed,
            TotalRows = 1, ProcessedRows = 1, ErrorRows = 1, CreatedById = rep.Id, StartedAt = now, FinishedAt = now,
        };
        db.ImportMappings.Add(new ImportMapping { Entity = ImportEntity.Accounts, Name = text("import mapping"), Columns = "{}", CreatedById = rep.Id });
        db.AddRange(contact, opportunity, share, slip, reference, contract, move, incident, order, request, import);
        await db.SaveChangesAsync();

        db.ImportRowErrors.Add(new ImportRowError { JobId = import.Id, RowNumber = 2, Field = "name", Message = "Name is required.", Values = "[\"" + text("import row").Replace("\"", "\\\"", StringComparison.Ordinal) + "\"]" });
        var activity = new Activity
        {
            AccountId = account.Id, ContactId = contact.Id, OpportunityId = opportunity.Id, Kind = ActivityKind.Meeting, Subject = text("activity"), Body = text("activity body"),
            OccurredAt = now.AddDays(-1), AuthorId = rep.Id,
        };
        var task = new TaskItem
        {
            Title = text("task"), Notes = text("task notes"), DueOn = today.AddDays(2), AssigneeId = rep.Id, CreatedById = rep.Id, AccountId = account.Id, ContactId = contact.Id,
            OpportunityId = opportunity.Id,
        };
        var feedback = new FeedbackItem
        {
            AccountId = account.Id, OpportunityId = opportunity.Id, ContactId = contact.Id, Category = FeedbackCategory.Price, Text = text("feedback"), Response = text("feedback response"),
            ReceivedOn = today.AddDays(-4), DueOn = today.AddDays(3), OwnerId = rep.Id, Status = FeedbackStatus.Open,
        };
        var member = new BuyingCenterMember
        {
            AccountId = account.Id, OpportunityId = opportunity.Id, ContactId = contact.Id, Role = BuyingRole.Champion, Pains = text("member pains"), OurFit = text("member fit"),
        };
        var quote = new Quote
        {
            AccountId = account.Id, OpportunityId = opportunity.Id, Number = 1, Currency = "KRW", Language = "en", ValidUntil = today.AddDays(30), Status = QuoteStatus.Draft,
            Approval = ApprovalState.NotNeeded, Subtotal = 95_000m, Total = 95_000m, CostTotal = 80_000m, Margin = 15_000m, MarginPercent = 15.79m, CreatedById = rep.Id,
            CustomerNote = text("quote customer note"), InternalNote = text("quote internal note"),
        };
        quote.Lines.Add(new QuoteLine
        {
            Position = 1, ProductId = product.Id, Sku = product.Sku, Description = text("quote line"), Unit = "pcs", Quantity = 100m, UnitPrice = 950m, LineTotal = 95_000m, UnitCost = 800m,
        });
        quote.ValuePropositions.Add(new ValueProposition { Kind = ValueKind.CostSaving, Description = text("value proposition"), Basis = text("value basis"), Value = 1_000_000m });
        var trial = new TrialPhase
        {
            AccountId = account.Id, OpportunityId = opportunity.Id, Kind = TrialKind.Pilot, Round = 1, PlannedStart = today.AddDays(-10), PlannedEnd = today.AddDays(10),
            Result = TrialResult.Pending, Issues = text("trial issues"), CorrectiveActions = text("trial corrective"), DrillNotes = text("drill notes"), Auditors = text("auditors"),
            Notes = text("trial notes"),
        };
        var needs = new OpportunityNeeds { AccountId = account.Id, OpportunityId = opportunity.Id, Notes = text("needs notes"), NoReferenceReason = text("no reference reason") };
        needs.ServiceRequirements.Add(new ServiceRequirement { Kind = ServiceKind.TechnicalSupport, Detail = text("service detail"), MustHave = true });
        needs.TradeOffs.Add(new TradeOff { Direction = TradeDirection.PriceForService, Description = text("trade-off") });
        var term = new NegotiationTerm
        {
            AccountId = account.Id, OpportunityId = opportunity.Id, Kind = TermKind.Price, Label = text("term label"), Unit = "KRW/pcs", Opening = 1200m, Target = 1100m, WalkAway = 1000m,
            Notes = text("term notes"), Position = 1,
        };
        db.AddRange(activity, task, feedback, member, quote, trial, needs, term);
        db.ProductRequestOpportunities.Add(new ProductRequestOpportunity { ProductRequestId = request.Id, OpportunityId = opportunity.Id, AccountId = account.Id, Blocking = true });
        await db.SaveChangesAsync();

        db.TrialFindings.Add(new TrialFinding { AccountId = account.Id, PhaseId = trial.Id, Text = text("trial finding"), Resolution = text("finding resolution"), Severity = FindingSeverity.Minor, DueOn = today.AddDays(5) });
        db.NegotiationOffers.Add(new NegotiationOffer
        {
            AccountId = account.Id, OpportunityId = opportunity.Id, TermId = term.Id, Round = 1, Side = OfferSide.Theirs, Value = 1050m, OfferedOn = today.AddDays(-1),
            Note = text("offer note"), RecordedById = rep.Id,
        });
        db.Concessions.Add(new Concession
        {
            AccountId = account.Id, OpportunityId = opportunity.Id, TermId = term.Id, Gave = text("concession gave"), Got = text("concession got"), ConcededOn = today.AddDays(-1), RecordedById = rep.Id,
        });
        await db.SaveChangesAsync();
        return new AccountRecords(account.Id, contact.Id, opportunity.Id, activity.Id, task.Id, quote.Id, order.Id, contract.Id, incident.Id, trial.Id, feedback.Id,
            member.Id, request.Id, reference.Id, move.Id, share.Id, slip.Id, import.Id);
    }
}
