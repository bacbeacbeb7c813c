using System.Globalization;
using Bridgehead.Accounts;
using Bridgehead.Activities;
using Bridgehead.BuyingCenter;
using Bridgehead.Common;
using Bridgehead.Competitors;
using Bridgehead.Contacts;
using Bridgehead.Data;
using Bridgehead.Forecasting;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Bridgehead.Wallet;
using Microsoft.EntityFrameworkCore;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace Bridgehead.Bench;

/// <summary>Who and what the seeded database holds, for the scenarios and the report.</summary>
internal sealed record Seeded(
    Viewer Admin,
    Viewer Rep,
    long PipelineId,
    int Accounts,
    int RepAccounts,
    int Open,
    int RepOpen,
    int Closed,
    int Contacts,
    int Activities,
    int Tasks,
    int StageChanges,
    int Competitors,
    int Shares,
    int Slips,
    int RecentSlips,
    int BuyingCenterMembers,
    TimeSpan Elapsed);

/// <summary>
/// Fills a freshly migrated database with a sales team's book: an admin, a manager and ten reps in
/// one team; accounts owned round-robin by the reps (so one rep sees about a tenth of them); open
/// opportunities over the eight pursuit stages of the default pipeline, weighted toward the early
/// stages, valued in KRW, USD and EUR; closed ones beside them; contacts, activities, open tasks and
/// stage history, with gaps on purpose so that every gate criterion has both met and unmet cards.
/// Records are saved through the product's own context (versions, times, audit trail) in batches
/// with change detection off; the generator is seeded, so every run builds the same book.
/// The market map (competitors, share-of-wallet history, incumbents' slips, entry angles, route
/// rationales, buying centers) comes from a second generator derived from the same seed, so the
/// book of the earlier benches stays exactly as it was.
/// </summary>
internal sealed class Seeder(Func<Viewer, BridgeheadDb> open, int openOpportunities, int accounts, int seed)
{
    private const int BatchSize = 2_000;
    private const int Reps = 10;

    /// <summary>ISIC divisions: motor vehicles, buildings, electronics, ships, power, food, medical instruments, chemicals.</summary>
    private static readonly string[] Industries = ["29", "41", "26", "30", "35", "10", "32", "20"];

    private static readonly string[] ApplicationNames =
    [
        "body panels", "apartment blocks", "battery packs", "hull plates", "wind towers", "packaging", "implants", "coatings",
        "seat frames", "bridges", "semiconductors", "engine rooms", "pipelines", "cold chain", "diagnostics", "adhesives",
    ];

    private static readonly string[] Categories = ["Steel sheet", "Aluminium profile", "Engineering plastic", "Sealant", "Fastener", "Sensor", "Valve", "Bearing"];

    /// <summary>Share of open pursuits per stage 1-8, in percent: many early, few late.</summary>
    private static readonly int[] StageWeights = [25, 18, 15, 12, 10, 8, 7, 5];

    private static readonly string[] CompetitorNames =
    [
        "Hanil Steel", "Daesung Metal", "Nippon Kozai", "Rheinstahl", "Pacific Alloy", "Samjin Polymer",
        "Kyoto Seal", "Baltic Fasteners", "Sensotek", "Valvco", "Orion Bearings", "Vina Industrial",
    ];

    private readonly Random _random = new(seed);

    /// <summary>The market map's generator: its own stream, so adding it left the rest of the book unchanged.</summary>
    private readonly Random _map = new(unchecked((seed * 7919) + 104_729));

    public async Task<Seeded> RunAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var now = DateTime.UtcNow;
        var passwordHash = Passwords.Hash("Bench-password-1");

        // People: one team of a manager and ten reps, and an admin outside it.
        var team = new Team { Name = "Bench team" };
        await InsertAsync([team], ct);
        User NewUser(string name, Role role, long? teamId) => new()
        {
            UserName = name,
            NormalizedUserName = User.Normalize(name),
            DisplayName = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(name.Replace('.', ' ')),
            Role = role,
            TeamId = teamId,
            PasswordHash = passwordHash,
            SecurityStamp = User.NewStamp(),
        };
        var admin = NewUser("bench.admin", Role.Admin, null);
        var manager = NewUser("bench.manager", Role.Manager, team.Id);
        var reps = Enumerable.Range(1, Reps).Select(i => NewUser($"bench.rep{i}", Role.Rep, team.Id)).ToList();
        await InsertAsync([admin, manager, .. reps], ct);
        await using (var db = open(Viewer.System))
        {
            await db.Teams.Where(t => t.Id == team.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.ManagerId, manager.Id), ct);
        }

        // The application taxonomy: the names under the first industry (the bench reads tags, not their fit).
        var applications = ApplicationNames.Select(n => new Bridgehead.Industries.Application
        {
            IndustryCode = Industries[0], NameEn = n, NameKo = n, SearchName = Text.SearchKey(n),
        }).ToArray();
        await InsertAsync(applications, ct);

        // Accounts: rep i owns every tenth; some lack an industry or applications (accountProfiled unmet),
        // every seventh has the next rep on its account team (the visibility filter's other branch).
        var accountList = Enumerable.Range(0, accounts).Select(i =>
        {
            var name = $"Bench Company {i + 1:D4}";
            return new Account
            {
                Name = name,
                SearchName = Text.SearchKey(name),
                Industry = Chance(15) ? null : Pick(Industries),
                Applications = Chance(10) ? [] : [.. Enumerable.Range(0, 1 + _random.Next(3)).Select(_ => Pick(applications).Id).Distinct().Select(id => new AccountApplication { ApplicationId = id })],
                Country = Pick(["KR", "KR", "KR", "US", "DE", "VN", "JP"]),
                Status = Chance(30) ? AccountStatus.Customer : AccountStatus.Prospect,
                Tier = Pick<AccountTier?>([AccountTier.Strategic, AccountTier.Key, AccountTier.Standard, null]),
                OwnerId = reps[i % Reps].Id,
            };
        }).ToList();
        await InsertAsync(accountList, ct);
        var teamMembers = accountList.Where((_, i) => i % 7 == 3)
            .Select(a => new AccountTeamMember { AccountId = a.Id, UserId = reps[(reps.FindIndex(r => r.Id == a.OwnerId) + 1) % Reps].Id })
            .ToList();
        await InsertAsync(teamMembers, ct);

        // Contacts: none at one account in five (contactKnown unmet).
        var contacts = accountList.Where((_, i) => i % 5 != 0).SelectMany(a => Enumerable.Range(1, 1 + _random.Next(4)).Select(n =>
        {
            var name = $"Contact {n} of {a.Name}";
            return new Contact
            {
                AccountId = a.Id,
                Name = name,
                SearchName = Text.SearchKey(name),
                Department = Pick<Department?>([Department.Purchasing, Department.Engineering, Department.Quality, null]),
            };
        })).ToList();
        await InsertAsync(contacts, ct);

        // Opportunities: the open ones the board shows, and a quarter as many closed ones beside them.
        Pipeline pipeline;
        await using (var db = open(Viewer.System))
        {
            pipeline = await db.Pipelines.AsNoTracking().Include(p => p.Stages).FirstAsync(p => p.IsDefault, ct);
        }
        var stages = PipelineRules.ActiveStages(pipeline);
        var closedCount = openOpportunities / 4;
        var opportunities = new List<Opportunity>(openOpportunities + closedCount);
        for (var i = 0; i < openOpportunities + closedCount; i++)
        {
            var account = accountList[_random.Next(accountList.Count)];
            var stageIndex = Math.Min(WeightedStage(), stages.Count - 1);
            var closed = i >= openOpportunities;
            var category = Chance(10) ? null : Pick(Categories);
            var title = $"{category ?? "Supply"} for {account.Name} #{i + 1}";
            var (amount, currency) = Value();
            var entered = now.AddDays(-_random.Next(0, 150)).AddMinutes(-_random.Next(0, 1440));
            var status = closed ? Pick([OpportunityStatus.Won, OpportunityStatus.Lost, OpportunityStatus.Dropped]) : OpportunityStatus.Open;
            opportunities.Add(new Opportunity
            {
                AccountId = account.Id,
                Title = title,
                SearchName = Text.SearchKey(title),
                PipelineId = pipeline.Id,
                Stage = stages[stageIndex].Key,
                StageEnteredAt = entered,
                ProductCategory = category,
                ApplicationId = Chance(15) ? null : Pick(applications).Id,
                Route = Pick<Route?>([Route.Direct, Route.Direct, Route.Agent, Route.Distributor, null]),
                EstimatedAnnualValue = amount,
                Currency = currency,
                ExpectedCloseDate = Chance(15) ? null : DateOnly.FromDateTime(now.AddDays(_random.Next(14, 400))),
                ForecastCategory = Pick([ForecastCategory.Pipeline, ForecastCategory.Pipeline, ForecastCategory.BestCase, ForecastCategory.Commit]),
                Status = status,
                ClosedAt = closed ? entered.AddDays(_random.Next(1, 30)) : null,
                CloseReason = status is OpportunityStatus.Lost or OpportunityStatus.Dropped ? CloseReason.Other : null,
                OwnerId = account.OwnerId,
            });
        }
        await InsertAsync(opportunities, ct);
        var openList = opportunities.Where(o => o.Status == OpportunityStatus.Open).ToList();

        // Stage history: opened in the first stage, advanced stage by stage to the current one.
        var history = new List<StageChange>();
        foreach (var o in opportunities)
        {
            var reached = stages.ToList().FindIndex(s => s.Key == o.Stage);
            var at = o.StageEnteredAt;
            var steps = new List<StageChange>();
            for (var s = reached; s >= 0; s--)
            {
                steps.Add(new StageChange
                {
                    OpportunityId = o.Id,
                    PipelineId = o.PipelineId,
                    Move = s == 0 ? StageMove.Opened : StageMove.Advanced,
                    FromStage = s == 0 ? null : stages[s - 1].Key,
                    ToStage = stages[s].Key,
                    Status = OpportunityStatus.Open,
                    ChangedById = o.OwnerId,
                    ChangedByName = "Bench rep",
                    At = at,
                });
                at = at.AddDays(-_random.Next(3, 40)).AddMinutes(-_random.Next(0, 1440));
            }
            steps.Reverse();
            history.AddRange(steps);
        }
        await InsertAsync(history, ct);

        // Activities on three pursuits in four, dated over 90 days (recentActivity met on about half),
        // and a few on accounts alone.
        var activities = new List<Activity>();
        foreach (var o in openList.Where(_ => Chance(75)))
        {
            for (var n = 1 + _random.Next(3); n > 0; n--)
            {
                activities.Add(NewActivity(o.AccountId, o.Id, o.OwnerId, now.AddDays(-_random.Next(0, 90)).AddMinutes(-_random.Next(0, 1440))));
            }
        }
        activities.AddRange(accountList.Select(a => NewActivity(a.Id, null, a.OwnerId, now.AddDays(-_random.Next(0, 365)))));
        await InsertAsync(activities, ct);

        // Tasks: an open next step on most late pursuits and some early ones (nextStepPlanned), some done.
        var lateStages = stages.Skip(6).Select(s => s.Key).ToHashSet();
        var tasks = openList.Where(o => Chance(lateStages.Contains(o.Stage) ? 60 : 25)).Select(o => new TaskItem
        {
            Title = "Next step for " + o.Title,
            DueOn = DateOnly.FromDateTime(now.AddDays(_random.Next(-10, 30))),
            AssigneeId = o.OwnerId,
            CreatedById = o.OwnerId,
            AccountId = o.AccountId,
            OpportunityId = o.Id,
            CompletedAt = Chance(20) ? now.AddDays(-_random.Next(0, 20)) : null,
        }).ToList();
        await InsertAsync(tasks, ct);

        var map = await SeedMarketMapAsync(now, accountList, opportunities, contacts, stages, ct);

        var repUser = reps[0];
        var repAccountIds = accountList.Where(a => a.OwnerId == repUser.Id).Select(a => a.Id)
            .Concat(teamMembers.Where(m => m.UserId == repUser.Id).Select(m => m.AccountId))
            .ToHashSet();
        return new Seeded(
            new Viewer(admin.Id, Role.Admin, null, admin.DisplayName),
            new Viewer(repUser.Id, Role.Rep, team.Id, repUser.DisplayName),
            pipeline.Id,
            accountList.Count,
            repAccountIds.Count,
            openList.Count,
            openList.Count(o => repAccountIds.Contains(o.AccountId)),
            closedCount,
            contacts.Count,
            activities.Count,
            tasks.Count,
            history.Count,
            map.Competitors,
            map.Shares,
            map.Slips,
            map.RecentSlips,
            map.Members,
            clock.Elapsed);
    }

    /// <summary>
    /// What issue 4 reads: exchange rates (USD, EUR) so wallets convert to the base currency (KRW);
    /// fit scores on most accounts; twelve competitors; per account a share-of-wallet history of 2-4
    /// of the pursuits' product categories with 3-4 suppliers each (us in about half of them) over
    /// 3-6 dates, never above 100% at any date; 0-4 incumbents' slips over the last two years;
    /// entry angles and route rationales on some pursuits and buying-center members on some
    /// pursuits in the contact stage, so the stage-1/2 gate criteria have met and unmet cards.
    /// </summary>
    private async Task<(int Competitors, int Shares, int Slips, int RecentSlips, int Members)> SeedMarketMapAsync(
        DateTime now, List<Account> accountList, List<Opportunity> opportunities, List<Contact> contacts, IReadOnlyList<PipelineStage> stages, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(now);
        await InsertAsync([new ExchangeRate { Currency = "USD", Rate = 1380m }, new ExchangeRate { Currency = "EUR", Rate = 1500m }], ct);
        var competitors = CompetitorNames.Select(n => new Competitor { Name = n, SearchName = Text.SearchKey(n) }).ToList();
        await InsertAsync(competitors, ct);

        // Fit scores, saved through a bulk update: the accounts are already in.
        await using (var db = open(Viewer.System))
        {
            foreach (var group in accountList.Select(a => (a.Id, Fit: _map.Next(100) < 70 ? _map.Next(0, 101) : (int?)null)).Where(x => x.Fit is not null).GroupBy(x => x.Fit))
            {
                var ids = group.Select(x => x.Id).ToList();
                await db.Accounts.Where(a => ids.Contains(a.Id)).ExecuteUpdateAsync(u => u.SetProperty(a => a.FitScore, group.Key), ct);
            }
        }

        var shares = new List<SupplierShare>();
        var slips = new List<IncumbentEvent>();
        foreach (var account in accountList)
        {
            var categories = Categories.OrderBy(_ => _map.Next()).Take(2 + _map.Next(3)).ToList();
            foreach (var category in categories)
            {
                // Sometimes typed in another case: the category key (Text.SearchKey) is what matches pursuits.
                var typed = _map.Next(100) < 20 ? category.ToLowerInvariant() : category;
                var suppliers = competitors.OrderBy(_ => _map.Next()).Take(3 + _map.Next(2)).Select(c => (long?)c.Id).ToList();
                if (_map.Next(100) < 50)
                {
                    suppliers[0] = null;
                }
                var dates = Enumerable.Range(0, 3 + _map.Next(4)).Select(_ => today.AddDays(-_map.Next(0, 730))).Distinct().Order().ToList();
                var current = new Dictionary<long, decimal>();
                for (var d = 0; d < dates.Count; d++)
                {
                    // The first date maps every supplier; later ones move one or two of them, within what is left of 100%.
                    var moved = d == 0 ? suppliers : [.. suppliers.OrderBy(_ => _map.Next()).Take(1 + _map.Next(2))];
                    foreach (var supplier in moved)
                    {
                        var key = supplier ?? 0;
                        var room = 100m - current.Values.Sum() + current.GetValueOrDefault(key);
                        var percent = d == 0
                            ? Math.Round(room * _map.Next(10, 36) / 100m, 2)
                            : _map.Next(100) < 10 ? 0m : Math.Round(room * _map.Next(20, 101) / 100m, 2);
                        current[key] = percent;
                        var (amount, currency) = _map.Next(100) < 15 ? ((decimal?)null, (string?)null) : WalletValue(percent);
                        shares.Add(new SupplierShare
                        {
                            AccountId = account.Id,
                            ProductCategory = typed,
                            CategoryKey = Text.SearchKey(typed),
                            CompetitorId = supplier,
                            SharePercent = percent,
                            AnnualValue = amount,
                            Currency = currency,
                            AsOf = dates[d],
                        });
                    }
                }
            }
            foreach (var _ in Enumerable.Range(0, _map.Next(5)))
            {
                slips.Add(new IncumbentEvent
                {
                    AccountId = account.Id,
                    CompetitorId = competitors[_map.Next(competitors.Count)].Id,
                    Kind = (IncumbentEventKind)_map.Next(5),
                    Severity = (Severity)_map.Next(3),
                    OccurredOn = today.AddDays(-_map.Next(0, 730)),
                });
            }
        }
        await InsertAsync(shares, ct);
        await InsertAsync(slips, ct);

        // Entry angles, route rationales and buying centers (walletMapped, entryAngle, routeDecided,
        // purchasingMapped, technicalMapped): updated in bulk on the pursuits already saved.
        var pursuits = opportunities.Where(o => o.Status == OpportunityStatus.Open).ToList();
        var angled = pursuits.Where(_ => _map.Next(100) < 50).Select(o => o.Id).ToList();
        var reasoned = pursuits.Where(o => o.Route is not null && _map.Next(100) < 60).Select(o => o.Id).ToList();
        await using (var db = open(Viewer.System))
        {
            foreach (var chunk in angled.Chunk(BatchSize))
            {
                await db.Opportunities.Where(o => chunk.Contains(o.Id)).ExecuteUpdateAsync(u => u.SetProperty(o => o.EntryAngle, "Incumbent late twice this year; we hold stock locally"), ct);
            }
            foreach (var chunk in reasoned.Chunk(BatchSize))
            {
                await db.Opportunities.Where(o => chunk.Contains(o.Id)).ExecuteUpdateAsync(u => u.SetProperty(o => o.RouteRationale, "Buyer wants one contract and local service"), ct);
            }
        }
        var contactsBy = contacts.ToLookup(c => c.AccountId);
        var contactStage = stages[1].Key;
        var members = pursuits.Where(o => o.Stage == contactStage && contactsBy[o.AccountId].Any() && _map.Next(100) < 60)
            .SelectMany(o => contactsBy[o.AccountId].OrderBy(_ => _map.Next()).Take(1 + _map.Next(2)).Select(c => new BuyingCenterMember
            {
                AccountId = o.AccountId,
                OpportunityId = o.Id,
                ContactId = c.Id,
                Department = c.Department ?? _map.Next(3) switch { 0 => Department.Purchasing, 1 => Department.Engineering, _ => Department.Quality },
                Pains = _map.Next(100) < 60 ? "Supply security and fewer line stops" : null,
            }))
            .ToList();
        await InsertAsync(members, ct);
        return (competitors.Count, shares.Count, slips.Count, slips.Count(e => e.OccurredOn >= OpeningSignal.Earliest(today)), members.Count);
    }

    /// <summary>A supplier's yearly value at an account, about in line with its share: KRW (60%), USD (25%) or EUR.</summary>
    private (decimal? Amount, string? Currency) WalletValue(decimal percent)
    {
        var krw = Math.Round((50 + _map.Next(0, 2_000)) * 10_000m * Math.Max(percent, 1m)) * 1_000m;
        var roll = _map.Next(100);
        return roll switch
        {
            < 60 => (krw, "KRW"),
            < 85 => (Math.Round(krw / 1380m, 0), "USD"),
            _ => (Math.Round(krw / 1500m, 0), "EUR"),
        };
    }

    private static Activity NewActivity(long accountId, long? opportunityId, long authorId, DateTime at) => new()
    {
        AccountId = accountId,
        OpportunityId = opportunityId,
        Kind = ActivityKind.Call,
        Subject = "Bench call",
        OccurredAt = at,
        AuthorId = authorId,
    };

    /// <summary>Saves in batches through the product's context (audit entries included), a fresh context per batch.</summary>
    private async Task InsertAsync<T>(IReadOnlyList<T> items, CancellationToken ct)
        where T : class
    {
        foreach (var chunk in items.Chunk(BatchSize))
        {
            await using var db = open(Viewer.System);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.Set<T>().AddRange(chunk);
            await db.SaveChangesAsync(ct);
        }
    }

    private bool Chance(int percent) => _random.Next(100) < percent;

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];

    private int WeightedStage()
    {
        var roll = _random.Next(StageWeights.Sum());
        for (var i = 0; i < StageWeights.Length; i++)
        {
            roll -= StageWeights[i];
            if (roll < 0)
            {
                return i;
            }
        }
        return StageWeights.Length - 1;
    }

    /// <summary>One pursuit in about twelve (8%) has no value yet; the rest are in KRW (60%), USD (25%) or EUR.</summary>
    private (decimal? Amount, string? Currency) Value()
    {
        if (Chance(8))
        {
            return (null, null);
        }
        var roll = _random.Next(100);
        return roll switch
        {
            < 60 => (_random.Next(5_000, 2_000_000) * 1_000m, "KRW"),
            < 85 => (_random.Next(5, 2_000) * 1_000m, "USD"),
            _ => (_random.Next(5, 1_500) * 1_000m, "EUR"),
        };
    }
}
