using Bridgehead.Accounts;
using Bridgehead.Activities;
using Bridgehead.Auditing;
using Bridgehead.Common;
using Bridgehead.Competitors;
using Bridgehead.Contacts;
using Bridgehead.Forecasting;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Data;

/// <summary>Tells the database context who is asking; the web host reads it from the request.</summary>
public interface IViewerSource
{
    /// <summary>Null when nobody is signed in.</summary>
    Viewer? Current { get; }
}

/// <summary>
/// The database. Each module configures its own tables (its *Model.cs); this class adds what every
/// table shares: the version column, the audit trail on save, and record visibility.
/// </summary>
public sealed partial class BridgeheadDb(DbContextOptions<BridgeheadDb> options, IViewerSource? viewerSource = null)
    : DbContext(options)
{
    private Viewer? _viewer;

    /// <summary>
    /// Who is asking. Unset, the context sees no business records at all: a forgotten viewer
    /// fails closed. The command line sets <see cref="Viewer.System"/>.
    /// </summary>
    public Viewer? Viewer
    {
        get => _viewer ?? viewerSource?.Current;
        set => _viewer = value;
    }

    public TimeProvider Clock { get; set; } = TimeProvider.System;

    public DbSet<User> Users => Set<User>();
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<AccountTeamMember> AccountTeamMembers => Set<AccountTeamMember>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<Opportunity> Opportunities => Set<Opportunity>();
    public DbSet<Activity> Activities => Set<Activity>();
    public DbSet<TaskItem> Tasks => Set<TaskItem>();
    public DbSet<Pipeline> Pipelines => Set<Pipeline>();
    public DbSet<PipelineStage> PipelineStages => Set<PipelineStage>();
    public DbSet<StageChange> StageChanges => Set<StageChange>();
    public DbSet<Competitor> Competitors => Set<Competitor>();
    public DbSet<ExchangeRate> ExchangeRates => Set<ExchangeRate>();
    public DbSet<Industries.Application> Applications => Set<Industries.Application>();
    public DbSet<AccountApplication> AccountApplications => Set<AccountApplication>();
    public DbSet<Fit.FitCriterion> FitCriteria => Set<Fit.FitCriterion>();
    public DbSet<Wallet.SupplierShare> SupplierShares => Set<Wallet.SupplierShare>();
    public DbSet<Wallet.IncumbentEvent> IncumbentEvents => Set<Wallet.IncumbentEvent>();
    public DbSet<BuyingCenter.BuyingCenterMember> BuyingCenterMembers => Set<BuyingCenter.BuyingCenterMember>();
    public DbSet<OpportunityPartner> OpportunityPartners => Set<OpportunityPartner>();
    public DbSet<Products.Product> Products => Set<Products.Product>();
    public DbSet<References.ReferenceCase> ReferenceCases => Set<References.ReferenceCase>();
    public DbSet<References.ReferenceProduct> ReferenceProducts => Set<References.ReferenceProduct>();
    public DbSet<Needs.OpportunityNeeds> OpportunityNeeds => Set<Needs.OpportunityNeeds>();
    public DbSet<Needs.ServiceRequirement> ServiceRequirements => Set<Needs.ServiceRequirement>();
    public DbSet<Needs.TradeOff> TradeOffs => Set<Needs.TradeOff>();
    public DbSet<Needs.NeedsReference> NeedsReferences => Set<Needs.NeedsReference>();
    public DbSet<ProductRequests.ProductRequest> ProductRequests => Set<ProductRequests.ProductRequest>();
    public DbSet<ProductRequests.ProductRequestAccount> ProductRequestAccounts => Set<ProductRequests.ProductRequestAccount>();
    public DbSet<ProductRequests.ProductRequestOpportunity> ProductRequestOpportunities => Set<ProductRequests.ProductRequestOpportunity>();
    public DbSet<Quotes.Quote> Quotes => Set<Quotes.Quote>();
    public DbSet<Quotes.QuoteLine> QuoteLines => Set<Quotes.QuoteLine>();
    public DbSet<Quotes.ValueProposition> ValuePropositions => Set<Quotes.ValueProposition>();
    public DbSet<Quotes.QuotePolicy> QuotePolicies => Set<Quotes.QuotePolicy>();
    public DbSet<Feedback.FeedbackItem> Feedback => Set<Feedback.FeedbackItem>();
    public DbSet<Negotiation.NegotiationTerm> NegotiationTerms => Set<Negotiation.NegotiationTerm>();
    public DbSet<Negotiation.NegotiationOffer> NegotiationOffers => Set<Negotiation.NegotiationOffer>();
    public DbSet<Negotiation.Concession> Concessions => Set<Negotiation.Concession>();
    public DbSet<Trials.TrialPhase> TrialPhases => Set<Trials.TrialPhase>();
    public DbSet<Trials.TrialFinding> TrialFindings => Set<Trials.TrialFinding>();
    public DbSet<Contracts.Contract> Contracts => Set<Contracts.Contract>();
    public DbSet<Contracts.ContractLine> ContractLines => Set<Contracts.ContractLine>();
    public DbSet<Orders.Order> Orders => Set<Orders.Order>();
    public DbSet<Orders.OrderLine> OrderLines => Set<Orders.OrderLine>();
    public DbSet<Orders.Delivery> Deliveries => Set<Orders.Delivery>();
    public DbSet<Orders.CapacityBooking> CapacityBookings => Set<Orders.CapacityBooking>();
    public DbSet<Calendar.Holiday> Holidays => Set<Calendar.Holiday>();
    public DbSet<Calendar.CalendarSettings> CalendarSettings => Set<Calendar.CalendarSettings>();
    public DbSet<Calendar.CalendarYear> CalendarYears => Set<Calendar.CalendarYear>();
    public DbSet<Care.CarePlan> CarePlans => Set<Care.CarePlan>();
    public DbSet<CompetitorMove> CompetitorMoves => Set<CompetitorMove>();
    public DbSet<Incidents.Incident> Incidents => Set<Incidents.Incident>();
    public DbSet<Incidents.IncidentStep> IncidentSteps => Set<Incidents.IncidentStep>();
    public DbSet<Health.AccountHealth> AccountHealth => Set<Health.AccountHealth>();
    public DbSet<Health.HealthSnapshot> HealthSnapshots => Set<Health.HealthSnapshot>();
    public DbSet<Notifications.OutboxEvent> OutboxEvents => Set<Notifications.OutboxEvent>();
    public DbSet<Notifications.Notification> Notifications => Set<Notifications.Notification>();
    public DbSet<Notifications.NotificationPreference> NotificationPreferences => Set<Notifications.NotificationPreference>();
    public DbSet<Notifications.EmailMessage> EmailMessages => Set<Notifications.EmailMessage>();
    public DbSet<Notifications.Webhook> Webhooks => Set<Notifications.Webhook>();
    public DbSet<Notifications.WebhookDelivery> WebhookDeliveries => Set<Notifications.WebhookDelivery>();

    public DbSet<Imports.ImportJob> ImportJobs => Set<Imports.ImportJob>();

    public DbSet<Imports.ImportRowError> ImportRowErrors => Set<Imports.ImportRowError>();

    public DbSet<Imports.ImportMapping> ImportMappings => Set<Imports.ImportMapping>();

    public DbSet<Duplicates.MergeRecord> MergeRecords => Set<Duplicates.MergeRecord>();
    public DbSet<Background.Lease> Leases => Set<Background.Lease>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    /// <summary>The pipelines as <see cref="GateEngine.LoadPipelinesAsync"/> read them for this context; cleared by every save.</summary>
    internal IReadOnlyList<Pipeline>? LoadedPipelines { get; set; }

    public bool IsSqlite => Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        IdentityModel.Configure(modelBuilder);
        AccountsModel.Configure(modelBuilder);
        ContactsModel.Configure(modelBuilder);
        PursuitsModel.Configure(modelBuilder);
        CompetitorsModel.Configure(modelBuilder);
        ActivitiesModel.Configure(modelBuilder);
        ForecastingModel.Configure(modelBuilder);
        Industries.IndustriesModel.Configure(modelBuilder);
        Fit.FitModel.Configure(modelBuilder);
        Wallet.WalletModel.Configure(modelBuilder);
        BuyingCenter.BuyingCenterModel.Configure(modelBuilder);
        Bridgehead.Products.ProductsModel.Configure(modelBuilder);
        Bridgehead.References.ReferencesModel.Configure(modelBuilder);
        Bridgehead.Needs.NeedsModel.Configure(modelBuilder);
        Bridgehead.ProductRequests.ProductRequestsModel.Configure(modelBuilder);
        Bridgehead.Quotes.QuotesModel.Configure(modelBuilder);
        Bridgehead.Feedback.FeedbackModel.Configure(modelBuilder);
        Bridgehead.Negotiation.NegotiationModel.Configure(modelBuilder);
        Bridgehead.Trials.TrialsModel.Configure(modelBuilder);
        Bridgehead.Contracts.ContractsModel.Configure(modelBuilder);
        Bridgehead.Orders.OrdersModel.Configure(modelBuilder);
        Bridgehead.Calendar.CalendarModel.Configure(modelBuilder);
        Bridgehead.Care.CareModel.Configure(modelBuilder);
        Bridgehead.Incidents.IncidentsModel.Configure(modelBuilder);
        Bridgehead.Health.HealthModel.Configure(modelBuilder);
        Bridgehead.Notifications.NotificationsModel.Configure(modelBuilder);
        Bridgehead.Background.BackgroundModel.Configure(modelBuilder);
        Bridgehead.Imports.ImportsModel.Configure(modelBuilder);
        Bridgehead.Duplicates.DuplicatesModel.Configure(modelBuilder);
        AuditingModel.Configure(modelBuilder);
        DataModel.Configure(modelBuilder);

        foreach (var type in modelBuilder.Model.GetEntityTypes().Where(t => typeof(Entity).IsAssignableFrom(t.ClrType)))
        {
            modelBuilder.Entity(type.ClrType).Property(nameof(Entity.Version)).IsConcurrencyToken();
        }
        ApplyVisibility(modelBuilder);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<decimal>().HavePrecision(19, 4);
        if (IsSqlite)
        {
            // SQLite keeps no time zone: every stored time is UTC and comes back marked as UTC.
            configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Use SaveChangesAsync.");

    /// <summary>Stamps versions and times, then saves the records and their audit entries in one transaction.</summary>
    /// <summary>
    /// Adding or removing a part (an account's team member) changes its parent: the parent's
    /// version rises and its save checks the version the caller edited, like any other change.
    /// </summary>
    private void TouchParentsOfChangedParts()
    {
        var parts = ChangeTracker.Entries()
            .Where(e => e.Entity is IAuditedPart && e.State is EntityState.Added or EntityState.Deleted)
            .ToList();
        foreach (var part in parts)
        {
            var meta = (IAuditedPart)part.Entity;
            var key = part.Property(meta.ParentKeyProperty).CurrentValue;
            var parent = ChangeTracker.Entries<Entity>().FirstOrDefault(e =>
                e.State == EntityState.Unchanged && Auditor.TypeName(e.Entity.GetType()) == meta.ParentType && Equals(e.Entity.Id, key));
            if (parent is not null)
            {
                parent.Property(p => p.UpdatedAt).IsModified = true;
            }
        }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        LoadedPipelines = null;
        var now = Clock.GetUtcNow().UtcDateTime;
        TouchParentsOfChangedParts();
        foreach (var entry in ChangeTracker.Entries<Entity>())
        {
            switch (entry.State)
            {
                case EntityState.Added:
                    entry.Entity.CreatedAt = now;
                    entry.Entity.UpdatedAt = now;
                    entry.Entity.Version = 1;
                    break;
                case EntityState.Modified:
                    entry.Entity.UpdatedAt = now;
                    entry.Entity.Version = entry.Property(e => e.Version).OriginalValue + 1;
                    break;
                case EntityState.Detached:
                case EntityState.Unchanged:
                case EntityState.Deleted:
                default:
                    break;
            }
        }

        var auditor = new Auditor();
        auditor.Capture(ChangeTracker);
        if (!auditor.HasWork)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        var ownTransaction = Database.CurrentTransaction is null
            ? await Database.BeginTransactionAsync(cancellationToken)
            : null;
        try
        {
            var count = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            AuditEntries.AddRange(auditor.Complete(Viewer ?? Viewer.System, now));
            await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }
            return count;
        }
        finally
        {
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }
        }
    }
}
