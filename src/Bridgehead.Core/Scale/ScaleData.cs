using System.Globalization;
using Bridgehead.Accounts;
using Bridgehead.Activities;
using Bridgehead.Common;
using Bridgehead.Competitors;
using Bridgehead.Contacts;
using Bridgehead.Data;
using Bridgehead.Forecasting;
using Bridgehead.Identity;
using Bridgehead.Incidents;
using Bridgehead.Orders;
using Bridgehead.Products;
using Bridgehead.Pursuits;
using Bridgehead.Quotes;
using Microsoft.EntityFrameworkCore;
using static Bridgehead.Scale.ScaleWorld;

namespace Bridgehead.Scale;

/// <summary>Rows written to one table and how long it took.</summary>
public sealed record ScaleTable(string Table, long Rows, TimeSpan Took);

/// <summary>
/// <c>bridgehead seed --scale N --seed S</c>: a deterministic synthetic book of N opportunities for
/// benchmarks, written straight into an empty database (see docs/operations.md, "Synthetic data
/// for benchmarks"). Every date is relative to <see cref="Anchor"/>, never to the clock, and every
/// kind of record draws from its own random stream of S, so the same N and S give the same rows.
/// Large kinds are generated while they are written (never all held in memory); what later kinds
/// need of earlier ones is kept in compact arrays. Seeded rows have no audit entries; health
/// scores, care tiers and capacity bookings are left to the background jobs and the planners.
/// </summary>
public sealed class ScaleData(BridgeheadDb db, Action<ScaleTable>? progress = null)
{
    public const int MinScale = 1;
    public const int MaxScale = 10_000_000;

    /// <summary>The day the synthetic book ends: the last activity, close and order are before it.</summary>
    public static readonly DateTime Anchor = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Users the benchmark relies on; reps and managers are numbered (see <see cref="RepName"/>).</summary>
    public const string AdminName = "scale-admin";
    public const string QualityName = "scale-quality";
    public const string ProductName = "scale-product";
    public const string ViewerName = "scale-viewer";

    private const decimal UsdRate = 1390m;
    private const decimal EurRate = 1510m;
    private const int ProductsPerLine = 25;

    public static int RepCount(int scale) => Math.Max(10, scale / 5_000);

    public static int TeamCount(int scale) => (RepCount(scale) + 7) / 8;

    public static string RepName(int scale, int number) => "scale-rep-" + number.ToString(CultureInfo.InvariantCulture).PadLeft(Math.Max(3, RepCount(scale).ToString(CultureInfo.InvariantCulture).Length), '0');

    public static string ManagerName(int scale, int number) => "scale-manager-" + number.ToString(CultureInfo.InvariantCulture).PadLeft(Math.Max(2, TeamCount(scale).ToString(CultureInfo.InvariantCulture).Length), '0');

    private int _n;
    private int _seed;
    private DateTime _anchor;

    // Users.
    private long[] _repIds = [];
    private string[] _repNames = [];
    private int[] _repTeam = [];
    private long[] _managerIds = [];
    private string[] _managerNames = [];
    private long _qualityId;

    // Reference data.
    private long _pipelineId;
    private List<PipelineStage> _stages = [];
    private long[] _applicationIds = [];
    private int[] _applicationMarket = [];
    private long[] _competitorIds = [];
    private (long Id, int Line, string Sku, string Name, string Unit, decimal Price, decimal Cost)[] _products = [];

    // Accounts.
    private int _accountCount;
    private long _accountBase;
    private int[] _accountOwner = [];
    private byte[] _accountStatus = [];
    private byte[] _accountCurrency = [];
    private short[] _accountApplication = [];
    private int[] _oppStart = [];
    private int[] _oppByAccount = [];
    private int[] _contactStart = [];
    private long _contactBase;

    // Opportunities (index = id - base).
    private long _oppBase;
    private int[] _oppAccount = [];
    private int[] _oppOwner = [];
    private byte[] _oppStage = [];
    private byte[] _oppStatus = [];
    private byte[] _oppLine = [];
    private DateTime[] _oppOpened = [];
    private DateTime[] _oppEntered = [];
    private DateTime[] _oppClosed = [];

    private static readonly string[] Currencies = ["KRW", "USD", "EUR"];

    /// <summary>Fills the database; refuses one that already holds accounts, opportunities or scale users.</summary>
    public async Task<IReadOnlyList<ScaleTable>> LoadAsync(int scale, int seed, CancellationToken ct)
    {
        if (scale is < MinScale or > MaxScale)
        {
            throw new BadRequestException("scale", Validator.Format(ScaleText.ScaleRange, MinScale, MaxScale));
        }
        if (await db.Accounts.IgnoreQueryFilters().AnyAsync(ct) || await db.Opportunities.IgnoreQueryFilters().AnyAsync(ct))
        {
            throw new ConflictException([ScaleText.NotEmpty]);
        }
        if (await db.Users.AnyAsync(u => u.NormalizedUserName.StartsWith("scale-"), ct))
        {
            throw new ConflictException([ScaleText.ScaleUsersExist]);
        }
        _n = scale;
        _seed = seed;
        _anchor = Anchor;
        var pipeline = await db.Pipelines.AsNoTracking().Include(p => p.Stages).FirstAsync(p => p.IsDefault, ct);
        _pipelineId = pipeline.Id;
        _stages = [.. PipelineRules.ActiveStages(pipeline)];
        var rates = await db.ExchangeRates.AsNoTracking().Select(r => r.Currency).ToListAsync(ct);

        var tables = new List<ScaleTable>();
        await using var writer = await ScaleWriter.OpenAsync(db, ct);

        async Task Step<T>(string table, Func<Task<IEnumerable<T>>> rows)
            where T : class
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var written = await writer.WriteAsync(await rows(), ct);
            var done = new ScaleTable(table, written, clock.Elapsed);
            tables.Add(done);
            progress?.Invoke(done);
        }

        await Step("teams", async () => Teams(await writer.FirstFreeIdAsync<Team>(ct)));
        await Step("users", async () => Users(await writer.FirstFreeIdAsync<User>(ct)));
        for (var t = 0; t < _managerIds.Length; t++)
        {
            await writer.ExecuteAsync(FormattableString.Invariant($"UPDATE teams SET manager_id = {_managerIds[t]} WHERE id = {_teamIds[t]}"), ct);
        }
        await Step("exchange_rates", async () => Rates(await writer.FirstFreeIdAsync<ExchangeRate>(ct), rates));
        await Step<Industries.Application>("applications", async () => Applications(await writer.FirstFreeIdAsync<Industries.Application>(ct)));
        await Step<Competitor>("competitors", async () => Competitors(await writer.FirstFreeIdAsync<Competitor>(ct)));
        await Step<Product>("products", async () => Products(await writer.FirstFreeIdAsync<Product>(ct)));
        _accountBase = await writer.FirstFreeIdAsync<Account>(ct);
        PlanAccounts();
        await Step("accounts", () => Task.FromResult(Accounts()));
        await Step("account_applications", () => Task.FromResult(AccountApplications()));
        await Step("account_team_members", () => Task.FromResult(AccountTeams()));
        _contactBase = await writer.FirstFreeIdAsync<Contact>(ct);
        await Step("contacts", () => Task.FromResult(Contacts()));
        _oppBase = await writer.FirstFreeIdAsync<Opportunity>(ct);
        PlanOpportunities();
        await Step("opportunities", () => Task.FromResult(Opportunities()));
        await Step("stage_changes", async () => StageHistory(await writer.FirstFreeIdAsync<StageChange>(ct)));
        var quoteBase = await writer.FirstFreeIdAsync<Quote>(ct);
        var quoteLineBase = await writer.FirstFreeIdAsync<QuoteLine>(ct);
        await Step("quotes", () => Task.FromResult(Quotes(quoteBase, quoteLineBase).Select(q => q.Quote)));
        await Step("quote_lines", () => Task.FromResult(Quotes(quoteBase, quoteLineBase).SelectMany(q => q.Lines)));
        await Step("activities", async () => Activities(await writer.FirstFreeIdAsync<Activity>(ct)));
        await Step("tasks", async () => Tasks(await writer.FirstFreeIdAsync<TaskItem>(ct)));
        var orderBase = await writer.FirstFreeIdAsync<Order>(ct);
        var lineBase = await writer.FirstFreeIdAsync<OrderLine>(ct);
        var deliveryBase = await writer.FirstFreeIdAsync<Delivery>(ct);
        var orderCount = Math.Max(1, _n / 10);
        _orderAccount = new int[orderCount];
        _orderProduct = new int[orderCount];
        _orderDate = new DateOnly[orderCount];
        await Step("orders", () => Task.FromResult(Orders(orderBase, lineBase, deliveryBase).Select(o => o.Order)));
        await Step("order_lines", () => Task.FromResult(Orders(orderBase, lineBase, deliveryBase).SelectMany(o => o.Lines)));
        await Step("deliveries", () => Task.FromResult(Orders(orderBase, lineBase, deliveryBase).SelectMany(o => o.Deliveries)));
        await Step("incidents", async () => Incidents(await writer.FirstFreeIdAsync<Incident>(ct), orderBase));
        ct.ThrowIfCancellationRequested();
        var commit = System.Diagnostics.Stopwatch.StartNew();
        await writer.CommitAsync(ct);
        var analyzed = new ScaleTable("(commit, analyze)", 0, commit.Elapsed);
        tables.Add(analyzed);
        progress?.Invoke(analyzed);
        return tables;
    }

    private long[] _teamIds = [];
    private int[] _orderAccount = [];
    private int[] _orderProduct = [];
    private DateOnly[] _orderDate = [];

    private static void Stamp(Entity e, DateTime created, DateTime? updated = null)
    {
        e.Version = 1;
        e.CreatedAt = created;
        e.UpdatedAt = updated ?? created;
    }

    private IEnumerable<Team> Teams(long baseId)
    {
        var count = TeamCount(_n);
        _teamIds = [.. Enumerable.Range(0, count).Select(t => baseId + t)];
        for (var t = 0; t < count; t++)
        {
            var team = new Team { Id = baseId + t, Name = "Scale Team " + (t + 1).ToString("00", CultureInfo.InvariantCulture) };
            Stamp(team, _anchor.AddYears(-3));
            yield return team;
        }
    }

    private IEnumerable<User> Users(long baseId)
    {
        var rng = Stream(_seed, "users");
        // Nobody signs in with a password: the benchmark makes API tokens (bridgehead token create).
        var unusable = Passwords.Hash(Passwords.Generate());
        var id = baseId;
        var reps = RepCount(_n);
        var teams = TeamCount(_n);
        _repIds = new long[reps];
        _repNames = new string[reps];
        _repTeam = new int[reps];
        _managerIds = new long[teams];
        _managerNames = new string[teams];

        User Make(string userName, Role role, long? teamId)
        {
            var display = One(rng, GivenNames) + " " + One(rng, FamilyNames);
            var stamp = new byte[16];
            rng.NextBytes(stamp);
            var user = new User
            {
                Id = id++,
                UserName = userName,
                NormalizedUserName = User.Normalize(userName),
                DisplayName = display,
                Email = userName + "@scale.example",
                Role = role,
                TeamId = teamId,
                PasswordHash = unusable,
                SecurityStamp = Convert.ToHexString(stamp),
            };
            Stamp(user, _anchor.AddYears(-3));
            return user;
        }

        yield return Make(AdminName, Role.Admin, null);
        for (var t = 0; t < teams; t++)
        {
            var manager = Make(ManagerName(_n, t + 1), Role.Manager, _teamIds[t]);
            _managerIds[t] = manager.Id;
            _managerNames[t] = manager.DisplayName;
            yield return manager;
        }
        for (var r = 0; r < reps; r++)
        {
            _repTeam[r] = r / 8;
            var rep = Make(RepName(_n, r + 1), Role.Rep, _teamIds[r / 8]);
            _repIds[r] = rep.Id;
            _repNames[r] = rep.DisplayName;
            yield return rep;
        }
        var quality = Make(QualityName, Role.Quality, null);
        _qualityId = quality.Id;
        yield return quality;
        yield return Make(ProductName, Role.Product, null);
        yield return Make(ViewerName, Role.Viewer, null);
    }

    private IEnumerable<ExchangeRate> Rates(long baseId, IReadOnlyCollection<string> existing)
    {
        var id = baseId;
        foreach (var (currency, rate) in new[] { ("USD", UsdRate), ("EUR", EurRate) })
        {
            if (!existing.Contains(currency))
            {
                var r = new ExchangeRate { Id = id++, Currency = currency, Rate = rate };
                Stamp(r, _anchor.AddYears(-1));
                yield return r;
            }
        }
    }

    private List<Industries.Application> Applications(long baseId)
    {
        var ids = new List<long>();
        var markets = new List<int>();
        var id = baseId;
        var list = new List<Industries.Application>();
        for (var m = 0; m < Markets.Length; m++)
        {
            foreach (var (en, ko) in Markets[m].Applications)
            {
                var a = new Industries.Application { Id = id++, IndustryCode = Markets[m].Industry, NameEn = en, NameKo = ko, SearchName = Text.SearchKey(en) };
                Stamp(a, _anchor.AddYears(-3));
                ids.Add(a.Id);
                markets.Add(m);
                list.Add(a);
            }
        }
        _applicationIds = [.. ids];
        _applicationMarket = [.. markets];
        return list;
    }

    private List<Competitor> Competitors(long baseId)
    {
        var rng = Stream(_seed, "competitors");
        _competitorIds = [.. CompetitorNames.Select((_, i) => baseId + i)];
        return CompetitorNames.Select((name, i) =>
        {
            var c = new Competitor
            {
                Id = baseId + i,
                Name = name,
                SearchName = Text.SearchKey(name),
                PricePosition = (PricePosition)rng.Next(3),
            };
            Stamp(c, _anchor.AddYears(-2));
            return c;
        }).ToList();
    }

    private List<Product> Products(long baseId)
    {
        var rng = Stream(_seed, "products");
        var list = new List<Product>();
        var rows = new List<(long, int, string, string, string, decimal, decimal)>();
        for (var line = 0; line < ProductLines.Length; line++)
        {
            var (code, name, unit, price) = ProductLines[line];
            for (var k = 0; k < ProductsPerLine; k++)
            {
                var id = baseId + list.Count;
                var sku = FormattableString.Invariant($"{code}-{k + 1:000}");
                var grade = One(rng, Grades);
                var full = unit == "ea" ? FormattableString.Invariant($"{name} {grade} type {k + 1}") : FormattableString.Invariant($"{name} {grade} {0.1 + (rng.Next(1, 60) / 10.0):0.0} mm");
                var list1 = decimal.Round(price * (decimal)(0.7 + (rng.NextDouble() * 0.8)), 0);
                var cost = decimal.Round(list1 * (decimal)(0.62 + (rng.NextDouble() * 0.22)), 0);
                var p = new Product
                {
                    Id = id,
                    Sku = sku,
                    SkuKey = sku.ToUpperInvariant(),
                    Name = full,
                    SearchName = Text.SearchKey(full),
                    Category = name,
                    Unit = unit,
                    UnitCost = cost,
                    ListPrice = list1,
                    Currency = "KRW",
                    ProductionLeadTimeDays = rng.Next(14, 61),
                    WeeklyCapacity = unit == "ea" ? rng.Next(200, 2_000) : rng.Next(5, 50) * 1_000,
                    MinimumBatch = unit == "ea" ? 50 : 500,
                };
                Stamp(p, _anchor.AddYears(-3));
                list.Add(p);
                rows.Add((id, line, sku, full, unit, list1, cost));
            }
        }
        _products = [.. rows];
        return list;
    }

    private void PlanAccounts()
    {
        var rng = Stream(_seed, "accounts");
        _accountCount = Math.Max(1, _n / 5);
        var reps = _repIds.Length;
        // Some reps carry much more than others (log-normal book sizes).
        var repWeights = Cumulative([.. Enumerable.Range(0, reps).Select(_ => Math.Exp(0.6 * Normal(rng)))]);
        _accountOwner = new int[_accountCount];
        _accountStatus = new byte[_accountCount];
        _accountCurrency = new byte[_accountCount];
        _accountApplication = new short[_accountCount];
        for (var a = 0; a < _accountCount; a++)
        {
            _accountOwner[a] = Pick(repWeights, rng);
            var x = rng.NextDouble();
            // One in five a customer; a few partners (agents, distributors); the rest prospects.
            _accountStatus[a] = x < 0.2 ? (byte)AccountStatus.Customer : x < 0.215 ? (byte)AccountStatus.Former : (byte)AccountStatus.Prospect;
            _accountApplication[a] = (short)rng.Next(_applicationIds.Length);
        }
        // Opportunities per account: a Pareto draw, so a few accounts carry hundreds and most one or two.
        var oppRng = Stream(_seed, "opportunity-accounts");
        var weights = Cumulative([.. Enumerable.Range(0, _accountCount).Select(_ => Math.Min(2_000, Math.Pow(1.0 - oppRng.NextDouble(), -1 / 1.16)))]);
        _oppAccount = new int[_n];
        var counts = new int[_accountCount + 1];
        for (var i = 0; i < _n; i++)
        {
            var a = Pick(weights, oppRng);
            _oppAccount[i] = a;
            counts[a + 1]++;
        }
        _oppStart = new int[_accountCount + 1];
        for (var a = 0; a < _accountCount; a++)
        {
            _oppStart[a + 1] = _oppStart[a] + counts[a + 1];
        }
        _oppByAccount = new int[_n];
        var fill = (int[])_oppStart.Clone();
        for (var i = 0; i < _n; i++)
        {
            _oppByAccount[fill[_oppAccount[i]]++] = i;
        }
    }

    private int OppCount(int account) => _oppStart[account + 1] - _oppStart[account];

    private IEnumerable<Account> Accounts()
    {
        var rng = Stream(_seed, "account-details");
        var combos = NamePrefixes.Length * NameCores.Length * NameSuffixes.Length;
        var offset = rng.Next(combos);
        for (var a = 0; a < _accountCount; a++)
        {
            var j = (a + offset) % combos;
            var round = (a + offset) / combos;
            var name = $"{NamePrefixes[j % NamePrefixes.Length]} {NameCores[j / NamePrefixes.Length % NameCores.Length]} {NameSuffixes[j / (NamePrefixes.Length * NameCores.Length)]}"
                + (round > 0 ? " " + (round + 1).ToString(CultureInfo.InvariantCulture) : "");
            var place = Places[Pick(PlaceWeights, rng)];
            _accountCurrency[a] = (byte)Array.IndexOf(Currencies, place.Currency);
            var status = (AccountStatus)_accountStatus[a];
            var partner = rng.NextDouble() < 0.02;
            var tier = TierOf(rng, status);
            var market = _applicationMarket[_accountApplication[a]];
            var created = Days(_anchor, -rng.Next(60, 2_000));
            var account = new Account
            {
                Id = _accountBase + a,
                Name = name,
                SearchName = Text.SearchKey(name),
                Type = partner ? AccountType.Partner : AccountType.Customer,
                Industry = rng.NextDouble() < 0.92 ? Markets[market].Industry : null,
                Employees = (int)Math.Min(200_000, Math.Round(Math.Exp(5 + (1.4 * Normal(rng))))) + 5,
                Country = place.Country,
                City = One(rng, place.Cities),
                Website = "https://" + Text.SearchKey(name).Replace(" ", "-", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal) + ".example",
                Tier = tier,
                IsStrategic = tier == AccountTier.Strategic,
                Status = status,
                OwnerId = _repIds[_accountOwner[a]],
            };
            Stamp(account, created);
            yield return account;
        }
    }

    private IEnumerable<AccountApplication> AccountApplications()
    {
        var rng = Stream(_seed, "account-applications");
        for (var a = 0; a < _accountCount; a++)
        {
            if (rng.NextDouble() < 0.85)
            {
                yield return new AccountApplication { AccountId = _accountBase + a, ApplicationId = _applicationIds[_accountApplication[a]] };
            }
        }
    }

    private IEnumerable<AccountTeamMember> AccountTeams()
    {
        var rng = Stream(_seed, "account-teams");
        for (var a = 0; a < _accountCount; a++)
        {
            // Larger accounts are more often worked by a team: a colleague from the owner's team or a key-account rep elsewhere.
            if (rng.NextDouble() < Math.Min(0.6, 0.05 + (OppCount(a) / 100.0)))
            {
                var owner = _accountOwner[a];
                var other = rng.NextDouble() < 0.7 ? Math.Min(_repIds.Length - 1, (_repTeam[owner] * 8) + rng.Next(8)) : rng.Next(_repIds.Length);
                if (other != owner)
                {
                    yield return new AccountTeamMember { AccountId = _accountBase + a, UserId = _repIds[other] };
                }
            }
        }
    }

    private IEnumerable<Contact> Contacts()
    {
        var rng = Stream(_seed, "contacts");
        // About N contacts: more at accounts with more pursuits, at least one everywhere.
        var scale = (double)_n / (_n + _accountCount);
        _contactStart = new int[_accountCount + 1];
        var id = _contactBase;
        for (var a = 0; a < _accountCount; a++)
        {
            var count = Math.Max(1, (int)Math.Floor(((OppCount(a) + 1) * scale) + rng.NextDouble()));
            count = Math.Min(count, 150);
            _contactStart[a + 1] = _contactStart[a] + count;
            for (var k = 0; k < count; k++)
            {
                var given = One(rng, GivenNames);
                var family = One(rng, FamilyNames);
                var name = given + " " + family;
                var contact = new Contact
                {
                    Id = id++,
                    AccountId = _accountBase + a,
                    Name = name,
                    SearchName = Text.SearchKey(name),
                    Title = One(rng, Titles),
                    Department = (Department)rng.Next(7),
                    BuyingRole = rng.NextDouble() < 0.6 ? (BuyingRole)rng.Next(7) : null,
                    Influence = rng.NextDouble() < 0.5 ? rng.Next(1, 6) : null,
                    Stance = rng.NextDouble() < 0.4 ? (Stance)rng.Next(3) : null,
                    Email = FormattableString.Invariant($"{given.ToLowerInvariant()}.{family.ToLowerInvariant()}{id % 1000}@customer{a + 1}.example"),
                    Phone = FormattableString.Invariant($"+82-10-{rng.Next(1000, 10000)}-{rng.Next(1000, 10000)}"),
                };
                Stamp(contact, Days(_anchor, -rng.Next(1, 1_200)));
                yield return contact;
            }
        }
    }

    private void PlanOpportunities()
    {
        var rng = Stream(_seed, "opportunities");
        var open = Cumulative([.. OpenFunnel.Select(f => f.Weight)]);
        var closed = Cumulative([.. ClosedAt.Select(f => f.Weight)]);
        _oppOwner = new int[_n];
        _oppStage = new byte[_n];
        _oppStatus = new byte[_n];
        _oppLine = new byte[_n];
        _oppOpened = new DateTime[_n];
        _oppEntered = new DateTime[_n];
        _oppClosed = new DateTime[_n];
        var last = _stages.Count;
        for (var i = 0; i < _n; i++)
        {
            var a = _oppAccount[i];
            var owner = _accountOwner[a];
            if (rng.NextDouble() < 0.1)
            {
                owner = Math.Min(_repIds.Length - 1, (_repTeam[owner] * 8) + rng.Next(8));
            }
            _oppOwner[i] = owner;
            _oppLine[i] = (byte)rng.Next(ProductLines.Length);
            int stage;
            OpportunityStatus status;
            DateTime entered;
            if (rng.NextDouble() < 0.7)
            {
                status = OpportunityStatus.Open;
                stage = OpenFunnel[Pick(open, rng)].Number;
                entered = Days(_anchor, -(1 + (rng.NextDouble() * rng.NextDouble() * 150)));
            }
            else
            {
                var x = rng.NextDouble();
                // A win needs a customer (the first win makes one); a prospect's deals are lost or dropped.
                status = x < 0.45 && _accountStatus[a] == (byte)AccountStatus.Customer ? OpportunityStatus.Won : x < 0.85 ? OpportunityStatus.Lost : OpportunityStatus.Dropped;
                stage = status == OpportunityStatus.Won ? last : Math.Min(last, ClosedAt[Pick(closed, rng)].Number);
                var closedAt = Days(_anchor, -(1 + (rng.NextDouble() * 700)));
                _oppClosed[i] = closedAt;
                entered = Days(closedAt, -rng.Next(5, 40));
            }
            stage = Math.Min(stage, last);
            var opened = Days(entered, -((stage - 1) * (7 + (rng.NextDouble() * 35))) - rng.NextDouble());
            _oppStage[i] = (byte)stage;
            _oppStatus[i] = (byte)status;
            _oppOpened[i] = opened;
            _oppEntered[i] = entered;
        }
    }

    private IEnumerable<Opportunity> Opportunities()
    {
        var rng = Stream(_seed, "opportunity-details");
        for (var i = 0; i < _n; i++)
        {
            var a = _oppAccount[i];
            var status = (OpportunityStatus)_oppStatus[i];
            var stage = _stages[_oppStage[i] - 1];
            var currency = Currencies[_accountCurrency[a]];
            var krw = Math.Exp(17.7 + (1.3 * Normal(rng)));
            var value = currency switch
            {
                "KRW" => decimal.Round((decimal)Math.Min(5e11, krw) / 100_000m, 0) * 100_000m,
                "USD" => decimal.Round((decimal)Math.Min(5e11, krw) / UsdRate / 100m, 0) * 100m,
                _ => decimal.Round((decimal)Math.Min(5e11, krw) / EurRate / 100m, 0) * 100m,
            };
            var line = ProductLines[_oppLine[i]].Name;
            var title = $"{line} {One(rng, Purposes)} {_oppOpened[i].Year}";
            var closedAt = status == OpportunityStatus.Open ? (DateTime?)null : _oppClosed[i];
            var o = new Opportunity
            {
                Id = _oppBase + i,
                AccountId = _accountBase + a,
                Title = title,
                SearchName = Text.SearchKey(title),
                PipelineId = _pipelineId,
                Stage = stage.Key,
                StageEnteredAt = _oppEntered[i],
                ProductCategory = rng.NextDouble() < 0.85 ? line : null,
                ApplicationId = rng.NextDouble() < 0.8 ? _applicationIds[_accountApplication[a]] : null,
                EstimatedAnnualValue = rng.NextDouble() < 0.95 ? Math.Max(value, 100m) : null,
                Currency = currency,
                ExpectedCloseDate = DateOnly.FromDateTime(closedAt ?? Days(_oppEntered[i], rng.Next(30, 181))),
                ForecastCategory = stage.Number switch
                {
                    >= 7 => ForecastCategory.Commit,
                    >= 5 => ForecastCategory.BestCase,
                    _ => ForecastCategory.Pipeline,
                },
                Status = status,
                ClosedAt = closedAt,
                OwnerId = _repIds[_oppOwner[i]],
            };
            switch (status)
            {
                case OpportunityStatus.Lost:
                    o.CloseReason = One(rng, LostReasons);
                    if (o.CloseReason is CloseReason.CompetitorChosen or CloseReason.Price && rng.NextDouble() < 0.7)
                    {
                        o.WinningCompetitorId = One(rng, _competitorIds);
                    }
                    break;
                case OpportunityStatus.Dropped:
                    o.CloseReason = rng.NextDouble() < 0.6 ? CloseReason.ProjectCancelled : CloseReason.WeWithdrew;
                    break;
                case OpportunityStatus.Open:
                case OpportunityStatus.Won:
                    break;
                default:
                    throw new InvalidOperationException("Unknown " + status + ".");
            }
            Stamp(o, _oppOpened[i], closedAt ?? _oppEntered[i]);
            yield return o;
        }
    }

    private IEnumerable<StageChange> StageHistory(long baseId)
    {
        var rng = Stream(_seed, "stage-changes");
        var id = baseId;
        var fractions = new double[_stages.Count];
        for (var i = 0; i < _n; i++)
        {
            var owner = _oppOwner[i];
            var ownerId = _repIds[owner];
            var ownerName = _repNames[owner];
            var stage = _oppStage[i];
            var opened = _oppOpened[i];
            var entered = _oppEntered[i];
            var status = (OpportunityStatus)_oppStatus[i];
            StageChange Step(StageMove move, string? from, string to, DateTime at) => new()
            {
                Id = id++,
                OpportunityId = _oppBase + i,
                PipelineId = _pipelineId,
                Move = move,
                FromStage = from,
                ToStage = to,
                Status = OpportunityStatus.Open,
                ChangedById = ownerId,
                ChangedByName = ownerName,
                At = at,
            };
            yield return Step(StageMove.Opened, null, _stages[0].Key, opened);
            // The advances in between fall at sorted random points between opening and the current stage.
            for (var k = 0; k < stage - 2; k++)
            {
                fractions[k] = rng.NextDouble();
            }
            Array.Sort(fractions, 0, Math.Max(0, stage - 2));
            for (var s = 1; s < stage; s++)
            {
                var at = s == stage - 1 ? entered : opened + ((entered - opened) * fractions[s - 1]);
                var step = Step(StageMove.Advanced, _stages[s - 1].Key, _stages[s].Key, at);
                if (rng.NextDouble() < 0.08)
                {
                    step.Move = StageMove.Overridden;
                    step.ChangedById = _managerIds[_repTeam[owner]];
                    step.ChangedByName = _managerNames[_repTeam[owner]];
                    step.Reason = "Customer asked to move ahead before the activity log caught up.";
                    step.UnmetCriteria = ["recentActivity"];
                }
                yield return step;
            }
            if (status != OpportunityStatus.Open)
            {
                var key = _stages[stage - 1].Key;
                var close = Step(status switch
                {
                    OpportunityStatus.Won => StageMove.Won,
                    OpportunityStatus.Lost => StageMove.Lost,
                    OpportunityStatus.Dropped => StageMove.Dropped,
                    OpportunityStatus.Open => throw new InvalidOperationException("An open deal has no closing step."),
                    _ => throw new InvalidOperationException("Unknown " + status + "."),
                }, key, key, _oppClosed[i]);
                close.Status = status;
                yield return close;
            }
        }
    }

    private static decimal InCurrency(decimal krw, string currency) => currency switch
    {
        "USD" => decimal.Round(krw / UsdRate, 2),
        "EUR" => decimal.Round(krw / EurRate, 2),
        _ => krw,
    };

    /// <summary>About N/5 quotes, on pursuits at or past the quote stage; generated the same way for the quotes and for their lines.</summary>
    private IEnumerable<(Quote Quote, List<QuoteLine> Lines)> Quotes(long baseId, long lineBaseId)
    {
        var rng = Stream(_seed, "quotes");
        var quoteStage = Math.Max(1, _stages.FindIndex(s => s.Key == "quote") + 1);
        var id = baseId;
        var lineId = lineBaseId;
        for (var i = 0; i < _n; i++)
        {
            var stage = _oppStage[i];
            if (stage < quoteStage || rng.NextDouble() >= 0.6)
            {
                continue;
            }
            var status = (OpportunityStatus)_oppStatus[i];
            var a = _oppAccount[i];
            var currency = Currencies[_accountCurrency[a]];
            var created = Days(_oppEntered[i], -rng.NextDouble() * 10);
            if (created < _oppOpened[i])
            {
                created = _oppOpened[i];
            }
            var quoteStatus = status switch
            {
                OpportunityStatus.Won => QuoteStatus.Accepted,
                OpportunityStatus.Lost => QuoteStatus.Rejected,
                OpportunityStatus.Dropped => QuoteStatus.Expired,
                OpportunityStatus.Open => stage == quoteStage && rng.NextDouble() < 0.4 ? QuoteStatus.Draft : QuoteStatus.Sent,
                _ => throw new InvalidOperationException("Unknown " + status + "."),
            };
            var quote = new Quote
            {
                Id = id++,
                AccountId = _accountBase + a,
                OpportunityId = _oppBase + i,
                Number = 1,
                Currency = currency,
                ValidUntil = DateOnly.FromDateTime(created.AddDays(30)),
                Language = currency == "KRW" ? "ko" : "en",
                Status = quoteStatus,
                Approval = ApprovalState.NotNeeded,
                SentAt = quoteStatus == QuoteStatus.Draft ? null : created.AddHours(6),
                AnsweredAt = quoteStatus is QuoteStatus.Accepted or QuoteStatus.Rejected ? _oppClosed[i] : null,
                CreatedById = _repIds[_oppOwner[i]],
            };
            var lines = rng.Next(1, 5);
            var lineOfBusiness = _oppLine[i];
            for (var k = 0; k < lines; k++)
            {
                var product = _products[(lineOfBusiness * ProductsPerLine) + rng.Next(ProductsPerLine)];
                quote.Lines.Add(new QuoteLine
                {
                    Id = lineId++,
                    QuoteId = quote.Id,
                    Position = k + 1,
                    ProductId = product.Id,
                    Sku = product.Sku,
                    Description = product.Name,
                    Unit = product.Unit,
                    Quantity = product.Unit == "ea" ? rng.Next(1, 200) * 10 : rng.Next(1, 100) * 500,
                    UnitPrice = InCurrency(product.Price, currency),
                    DiscountPercent = rng.Next(0, 4) * 2.5m,
                    UnitCost = InCurrency(product.Cost, currency),
                });
            }
            QuoteMath.Recompute(quote);
            Stamp(quote, created, quote.AnsweredAt ?? quote.SentAt ?? created);
            yield return (quote, quote.Lines);
        }
    }

    private IEnumerable<Activity> Activities(long baseId)
    {
        var rng = Stream(_seed, "activities");
        var count = 5L * _n;
        var accounts = Cumulative([.. Enumerable.Range(0, _accountCount).Select(a => OppCount(a) + 1.0)]);
        var kinds = Cumulative([.. ActivityKinds.Select(k => k.Weight)]);
        for (long k = 0; k < count; k++)
        {
            var a = Pick(accounts, rng);
            var kind = ActivityKinds[Pick(kinds, rng)].Kind;
            var opps = OppCount(a);
            long? opportunityId = null;
            var author = _accountOwner[a];
            DateTime at;
            if (opps > 0 && rng.NextDouble() < 0.4)
            {
                var i = _oppByAccount[_oppStart[a] + rng.Next(opps)];
                opportunityId = _oppBase + i;
                author = _oppOwner[i];
                var end = _oppStatus[i] == (byte)OpportunityStatus.Open ? _anchor : _oppClosed[i];
                at = _oppOpened[i] + ((end - _oppOpened[i]) * rng.NextDouble());
            }
            else
            {
                at = Days(_anchor, -rng.NextDouble() * 730);
            }
            var contacts = _contactStart[a + 1] - _contactStart[a];
            var activity = new Activity
            {
                Id = baseId + k,
                AccountId = _accountBase + a,
                ContactId = contacts > 0 && rng.NextDouble() < 0.7 ? _contactBase + _contactStart[a] + rng.Next(contacts) : null,
                OpportunityId = opportunityId,
                Kind = kind switch
                {
                    ActivitySubject.Call => ActivityKind.Call,
                    ActivitySubject.Email => ActivityKind.Email,
                    ActivitySubject.Visit => ActivityKind.Visit,
                    ActivitySubject.Meeting => ActivityKind.Meeting,
                    ActivitySubject.Note => ActivityKind.Note,
                    ActivitySubject.BusinessReview => ActivityKind.BusinessReview,
                    _ => throw new InvalidOperationException("Unknown " + kind + "."),
                },
                Subject = One(rng, Subjects[(int)kind]),
                Body = rng.NextDouble() < 0.3 ? "Discussed volumes, lead times and the next sample; follow-up agreed." : null,
                OccurredAt = at,
                AuthorId = _repIds[author],
            };
            Stamp(activity, at);
            yield return activity;
        }
    }

    private IEnumerable<TaskItem> Tasks(long baseId)
    {
        var rng = Stream(_seed, "tasks");
        var count = Math.Max(1, _n / 5);
        for (var k = 0; k < count; k++)
        {
            var a = rng.Next(_accountCount);
            var opps = OppCount(a);
            var owner = _accountOwner[a];
            long? opportunityId = null;
            if (opps > 0 && rng.NextDouble() < 0.5)
            {
                var i = _oppByAccount[_oppStart[a] + rng.Next(opps)];
                opportunityId = _oppBase + i;
                owner = _oppOwner[i];
            }
            var due = DateOnly.FromDateTime(_anchor).AddDays(rng.Next(-120, 60));
            var created = Days(due.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), -rng.Next(3, 30));
            var done = due < DateOnly.FromDateTime(_anchor) && rng.NextDouble() < 0.75;
            var task = new TaskItem
            {
                Id = baseId + k,
                Title = One(rng, TaskTitles),
                DueOn = due,
                AssigneeId = _repIds[owner],
                CreatedById = _repIds[owner],
                AccountId = _accountBase + a,
                OpportunityId = opportunityId,
                CompletedAt = done ? Days(due.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), -rng.Next(0, 3) + 0.4) : null,
            };
            Stamp(task, created, task.CompletedAt ?? created);
            yield return task;
        }
    }

    /// <summary>About N/10 orders of customers with their lines and deliveries; generated the same way for each of the three tables.</summary>
    private IEnumerable<(Order Order, List<OrderLine> Lines, List<Delivery> Deliveries)> Orders(long baseId, long lineBaseId, long deliveryBaseId)
    {
        var rng = Stream(_seed, "orders");
        var customers = Enumerable.Range(0, _accountCount).Where(a => _accountStatus[a] == (byte)AccountStatus.Customer).ToArray();
        if (customers.Length == 0)
        {
            customers = [0];
        }
        var weights = Cumulative([.. customers.Select(a => OppCount(a) + 1.0)]);
        var today = DateOnly.FromDateTime(_anchor);
        var lineId = lineBaseId;
        var deliveryId = deliveryBaseId;
        for (var k = 0; k < _orderAccount.Length; k++)
        {
            var a = customers[Pick(weights, rng)];
            var currency = Currencies[_accountCurrency[a]];
            var ownerId = _repIds[_accountOwner[a]];
            var ordered = today.AddDays(-rng.Next(1, 540));
            var orderedAt = ordered.ToDateTime(new TimeOnly(1, 0), DateTimeKind.Utc);
            var order = new Order
            {
                Id = baseId + k,
                AccountId = _accountBase + a,
                Kind = rng.NextDouble() switch
                {
                    < 0.3 => OrderKind.Scheduled,
                    < 0.8 => OrderKind.Spot,
                    _ => OrderKind.MadeToOrder,
                },
                CustomerReference = FormattableString.Invariant($"PO-{ordered.Year}-{rng.Next(10_000, 100_000)}"),
                Currency = currency,
                OrderedOn = ordered,
                CreatedById = ownerId,
                ConfirmedAt = orderedAt.AddHours(3),
                ConfirmedById = ownerId,
            };
            var lines = new List<OrderLine>();
            var deliveries = new List<Delivery>();
            var count = rng.Next(1, 4);
            var line0 = rng.Next(ProductLines.Length);
            DateTime updated = orderedAt.AddHours(3);
            for (var p = 0; p < count; p++)
            {
                var productIndex = (line0 * ProductsPerLine) + rng.Next(ProductsPerLine);
                var product = _products[productIndex];
                if (p == 0)
                {
                    _orderAccount[k] = a;
                    _orderProduct[k] = productIndex;
                    _orderDate[k] = ordered;
                }
                var requested = ordered.AddDays(rng.Next(21, 75));
                var promised = rng.NextDouble() < 0.1 ? requested.AddDays(7) : requested;
                var quantity = product.Unit == "ea" ? rng.Next(1, 100) * 10m : rng.Next(1, 60) * 500m;
                var line = new OrderLine
                {
                    Id = lineId++,
                    AccountId = order.AccountId,
                    OrderId = order.Id,
                    Position = p + 1,
                    ProductId = product.Id,
                    Quantity = quantity,
                    UnitPrice = decimal.Round(InCurrency(product.Price, currency) * (decimal)(0.9 + (rng.NextDouble() * 0.1)), currency == "KRW" ? 0 : 2),
                    RequestedDate = requested,
                    PromisedDate = promised,
                    Status = OrderLineStatus.Open,
                };
                // Late or early against the promise; most on time.
                var slip = rng.NextDouble() < 0.82 ? -rng.Next(0, 4) : rng.Next(1, 15);
                var arrives = promised.AddDays(slip);
                if (arrives < today)
                {
                    var partly = arrives.AddDays(10) >= today && rng.NextDouble() < 0.5;
                    var first = partly ? decimal.Round(quantity / 2, 0) : quantity;
                    deliveries.Add(NewDelivery(deliveryId++, line, first, arrives));
                    line.DeliveredQuantity = first;
                    line.DeliveredOn = arrives;
                    line.Status = partly ? OrderLineStatus.PartlyDelivered : OrderLineStatus.Delivered;
                    var at = arrives.ToDateTime(new TimeOnly(8, 0), DateTimeKind.Utc);
                    updated = at > updated ? at : updated;
                }
                Stamp(line, orderedAt, line.DeliveredOn?.ToDateTime(new TimeOnly(8, 0), DateTimeKind.Utc) ?? orderedAt);
                lines.Add(line);
            }
            order.Status = lines.All(l => l.Status == OrderLineStatus.Delivered) ? OrderStatus.Delivered
                : lines.Any(l => l.DeliveredQuantity > 0) ? OrderStatus.PartlyDelivered
                : OrderStatus.Confirmed;
            Stamp(order, orderedAt, updated);
            yield return (order, lines, deliveries);

            Delivery NewDelivery(long id, OrderLine line, decimal quantity, DateOnly on)
            {
                var d = new Delivery
                {
                    Id = id,
                    AccountId = line.AccountId,
                    OrderId = line.OrderId,
                    OrderLineId = line.Id,
                    Quantity = quantity,
                    DeliveredOn = on,
                    RecordedById = ownerId,
                };
                Stamp(d, on.ToDateTime(new TimeOnly(8, 0), DateTimeKind.Utc));
                return d;
            }
        }
    }

    private IEnumerable<Incident> Incidents(long baseId, long orderBase)
    {
        var rng = Stream(_seed, "incidents");
        var count = Math.Max(1, _n / 100);
        for (var k = 0; k < count; k++)
        {
            var o = rng.Next(_orderAccount.Length);
            var a = _orderAccount[o];
            var opened = Days(_orderDate[o].ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), rng.Next(20, 90) + rng.NextDouble());
            if (opened >= _anchor)
            {
                opened = Days(_anchor, -1 - rng.NextDouble());
            }
            var x = rng.NextDouble();
            var status = x < 0.7 ? IncidentStatus.Closed : x < 0.85 ? IncidentStatus.Contained : IncidentStatus.Open;
            var contained = status == IncidentStatus.Open ? (DateTime?)null : opened.AddHours(rng.Next(2, 30));
            var closed = status == IncidentStatus.Closed ? contained!.Value.AddDays(rng.Next(5, 40)) : (DateTime?)null;
            if (closed > _anchor)
            {
                closed = _anchor.AddHours(-1);
            }
            var incident = new Incident
            {
                Id = baseId + k,
                AccountId = _accountBase + a,
                OrderId = orderBase + o,
                ProductId = _products[_orderProduct[o]].Id,
                Title = One(rng, IncidentTitles),
                Lot = FormattableString.Invariant($"L{opened:yyMMdd}-{rng.Next(100, 1000)}"),
                DefectQuantity = rng.Next(1, 200) * 10,
                Severity = rng.NextDouble() switch
                {
                    < 0.6 => IncidentSeverity.Minor,
                    < 0.92 => IncidentSeverity.Major,
                    _ => IncidentSeverity.Critical,
                },
                Status = status,
                OpenedAt = opened,
                OpenedById = _qualityId,
                OwnerId = _qualityId,
                ContainmentDueAt = opened + Incident.ContainmentWindow,
                ContainedAt = contained,
                Containment = contained is null ? null : "Stock at the customer sorted; suspect lot blocked.",
                RootCause = closed is null ? null : "Slitting knife wear not caught by the inspection plan.",
                CorrectiveAction = closed is null ? null : "Knife change interval shortened; 100% edge check for two weeks.",
                ClaimStatus = ClaimStatus.None,
                ClosedAt = closed,
            };
            Stamp(incident, opened, closed ?? contained ?? opened);
            yield return incident;
        }
    }
}
