using System.Globalization;
using System.Text;
using Bridgehead.Accounts;
using Bridgehead.Activities;
using Bridgehead.Common;
using Bridgehead.Contacts;
using Bridgehead.Identity;
using Bridgehead.Pursuits;

namespace Bridgehead.Demo;

/// <summary>An account being built, with what has been made for it so far.</summary>
internal sealed class DemoAccount(DemoCompany company, Account entity, CountryStyle style, User owner, IReadOnlyList<User> team)
{
    public DemoCompany Company { get; } = company;

    public Account Entity { get; } = entity;

    public CountryStyle Style { get; } = style;

    public User Owner { get; } = owner;

    /// <summary>The account team besides the owner.</summary>
    public IReadOnlyList<User> Team { get; } = team;

    public List<DemoPerson> People { get; } = [];

    public List<DemoDeal> Deals { get; } = [];
}

/// <summary>A contact, with how to name them in a note ("김민준 과장", "Jonas Brandt").</summary>
internal sealed record DemoPerson(Contact Entity, string Reference);

internal sealed record DemoDeal(Opportunity Entity, ProductLine Product);

/// <summary>
/// Makes the demo records from the tables in <see cref="DemoCompanies"/>, <see cref="DemoPeople"/> and
/// <see cref="DemoStories"/>. One seeded random source, drawn in a fixed order, makes the same data
/// set on every run; all times are relative to <paramref name="now"/>.
/// </summary>
internal sealed class DemoWorld(IReadOnlyDictionary<string, User> users, DateTime now)
{
    /// <summary>The one demo rep who works in English (Anna Weber, Global Accounts).</summary>
    private const string EnglishRep = "rep3";

    private static readonly (string Stage, int Count)[] OpenDealsByStage =
    [
        ("prospecting", 11), ("contact", 9), ("needs", 8), ("development", 6),
        ("quote", 6), ("feedback", 5), ("negotiation", 4), ("testing", 4),
    ];

    /// <summary>Seeded on purpose: the demo must come out the same every time; nothing here is secret.</summary>
    private readonly Random _rng = new(2026);
    private readonly DateOnly _today = DateOnly.FromDateTime(now);
    private readonly List<DemoAccount> _accounts = [];
    private readonly HashSet<string> _names = [];

    /// <summary>Accounts for the companies. A subsidiary's group must have been made and saved first, so its id is known.</summary>
    public List<Account> MakeAccounts(IEnumerable<DemoCompany> companies)
    {
        var made = new List<Account>();
        foreach (var company in companies)
        {
            var owner = users[company.Owner];
            var team = company.Team.Select(u => users[u]).ToList();
            var account = new Account
            {
                Name = company.Name,
                SearchName = Text.SearchKey(company.Name),
                Industry = DemoMarkets.IsicCode[company.Industry],
                Applications = [.. company.Applications.Select(a => new AccountApplication { ApplicationId = ApplicationId(company, a) })],
                Country = company.Country,
                City = company.City,
                Website = company.Website,
                Tier = company.Tier,
                Status = company.Status,
                OwnerId = owner.Id,
                ParentId = company.Parent is { } parent ? _accounts.Single(a => a.Company.Key == parent).Entity.Id : null,
                Notes = company.Notes,
                TeamMembers = [.. team.Select(u => new AccountTeamMember { UserId = u.Id })],
            };
            _accounts.Add(new DemoAccount(company, account, DemoPeople.Countries[company.Country], owner, team));
            made.Add(account);
        }
        return made;
    }

    /// <summary>The saved applications of the taxonomy, which accounts and deals are tagged with.</summary>
    public IReadOnlyList<Industries.Application> Applications { get; set; } = [];

    private long ApplicationId(DemoCompany company, string name) =>
        Applications.Single(a => a.IndustryCode == DemoMarkets.IsicCode[company.Industry] && a.NameEn == name).Id;

    // ----- Contacts -----

    public List<Contact> MakeContacts()
    {
        var made = new List<Contact>();
        foreach (var account in _accounts)
        {
            var more = DemoPeople.MoreDepartments.ToArray();
            _rng.Shuffle(more);
            var departments = DemoPeople.CoreDepartments.Concat(more).Take(ContactCount(account.Company));
            foreach (var department in departments)
            {
                var person = MakePerson(account, department);
                account.People.Add(person);
                made.Add(person.Entity);
            }
        }
        return made;
    }

    private int ContactCount(DemoCompany company) => company.Status == AccountStatus.Former
        ? _rng.Next(2, 4)
        : company.Tier switch
        {
            AccountTier.Strategic => _rng.Next(5, 7),
            AccountTier.Key => _rng.Next(3, 6),
            AccountTier.Standard => _rng.Next(3, 5),
            null => _rng.Next(2, 4),
            _ => throw new ArgumentOutOfRangeException(nameof(company)),
        };

    private DemoPerson MakePerson(DemoAccount account, Department department)
    {
        var korean = account.Company.IsKorean;
        var (name, mailbox) = UniqueName(account.Style.Names);
        var influence = department == Department.Management ? _rng.Next(4, 6) : Pick([1, 2, 2, 3, 3, 3, 4, 4, 5]);
        var ladder = korean ? DemoPeople.KoreanTitles(department) : DemoPeople.EnglishTitles(department);
        var title = Pick(influence switch
        {
            <= 2 => ladder.Junior,
            3 => ladder.Middle,
            _ => ladder.Senior,
        });
        var role = department == Department.Management && influence == 5 ? BuyingRole.DecisionMaker : Pick(DemoPeople.LikelyRoles(department));
        var stance = PickStance(account.Company.Status);
        var contact = new Contact
        {
            AccountId = account.Entity.Id,
            Name = name,
            SearchName = Text.SearchKey(name),
            Title = title,
            Department = department,
            BuyingRole = role,
            Influence = influence,
            Stance = stance,
            Pains = Pains(department, stance, korean),
            Email = Chance(0.9) ? $"{mailbox}@{account.Company.Domain}" : null,
            Phone = Chance(0.85) ? Digits(account.Style.PhonePattern) : null,
        };
        // In Korean notes a person goes by name and rank: "김민준 과장".
        var reference = korean ? $"{name} {title.Split(' ')[^1]}" : name;
        return new DemoPerson(contact, reference);
    }

    private Stance PickStance(AccountStatus status)
    {
        var roll = _rng.NextDouble();
        var (supporters, neutrals) = status switch
        {
            AccountStatus.Customer => (0.5, 0.85),
            AccountStatus.Prospect => (0.25, 0.8),
            AccountStatus.Former => (0.15, 0.55),
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };
        return roll < supporters ? Stance.Supporter : roll < neutrals ? Stance.Neutral : Stance.Opponent;
    }

    private string? Pains(Department department, Stance stance, bool korean)
    {
        var lines = new List<string>();
        if (Chance(0.8))
        {
            var pool = (korean ? DemoPeople.KoreanPains(department) : DemoPeople.EnglishPains(department)).ToArray();
            _rng.Shuffle(pool);
            lines.AddRange(pool.Take(Chance(0.3) ? 2 : 1));
        }
        if (stance == Stance.Opponent)
        {
            lines.Add(Pick(korean ? DemoPeople.KoreanDoubts : DemoPeople.EnglishDoubts));
        }
        return lines.Count == 0 ? null : string.Join("; ", lines);
    }

    /// <summary>A name not used yet anywhere in the demo, and the mailbox part of its e-mail address.</summary>
    private (string Name, string Mailbox) UniqueName(NamePool pool)
    {
        while (true)
        {
            var (given, givenLatin) = Romanised(Pick(pool.Given));
            var (family, familyLatin) = Romanised(Pick(pool.Family));
            var name = pool.Order switch
            {
                NameOrder.GivenFirst => $"{given} {family}",
                NameOrder.FamilyFirst => $"{family} {given}",
                NameOrder.FamilyFirstJoined => family + given,
                _ => throw new ArgumentOutOfRangeException(nameof(pool)),
            };
            if (_names.Add(name))
            {
                return (name, $"{givenLatin.Split(' ')[^1]}.{familyLatin}".ToLowerInvariant());
            }
        }
    }

    /// <summary>"민준|minjun" is a name and its romanisation; a Latin name is its own, without accents.</summary>
    private static (string Name, string Latin) Romanised(string entry)
    {
        var bar = entry.IndexOf('|', StringComparison.Ordinal);
        return bar >= 0 ? (entry[..bar], entry[(bar + 1)..]) : (entry, WithoutAccents(entry));
    }

    private static string WithoutAccents(string name)
    {
        var spelled = name.Replace("ä", "ae", StringComparison.Ordinal).Replace("ö", "oe", StringComparison.Ordinal)
            .Replace("ü", "ue", StringComparison.Ordinal).Replace("ß", "ss", StringComparison.Ordinal)
            .Replace("ł", "l", StringComparison.Ordinal).Replace("đ", "d", StringComparison.Ordinal).Replace("Đ", "D", StringComparison.Ordinal);
        var plain = new StringBuilder();
        foreach (var c in spelled.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                plain.Append(c);
            }
        }
        return plain.ToString();
    }

    // ----- Opportunities -----

    /// <summary>
    /// More deals in early stages than late ones, spread over the live accounts by weight (a strategic
    /// account has more going on); then a few closed ones: won at customers, lost and dropped elsewhere.
    /// </summary>
    public List<Opportunity> MakeOpportunities()
    {
        var live = _accounts.Where(a => a.Company.Status != AccountStatus.Former)
            .SelectMany(a => Enumerable.Repeat(a, Weight(a.Company.Tier)))
            .ToArray();
        _rng.Shuffle(live);
        var stages = OpenDealsByStage.SelectMany(s => Enumerable.Repeat(s.Stage, s.Count)).ToList();
        var made = stages.Select((stage, i) => MakeDeal(live[i % live.Length], stage, OpportunityStatus.Open)).ToList();

        var customers = Shuffled(_accounts.Where(a => a.Company.Status == AccountStatus.Customer));
        var formers = Shuffled(_accounts.Where(a => a.Company.Status == AccountStatus.Former));
        var prospects = Shuffled(_accounts.Where(a => a.Company.Status == AccountStatus.Prospect));
        made.AddRange(customers.Take(3).Select(a => MakeDeal(a, "testing", OpportunityStatus.Won)));
        made.AddRange(formers.Take(2).Append(prospects[0]).Select(a => MakeDeal(a, Pick(["quote", "feedback", "negotiation"]), OpportunityStatus.Lost)));
        made.AddRange(prospects.Skip(1).Take(2).Select(a => MakeDeal(a, Pick(["contact", "needs"]), OpportunityStatus.Dropped)));
        return made;
    }

    private static int Weight(AccountTier? tier) => tier switch
    {
        AccountTier.Strategic => 3,
        AccountTier.Key => 2,
        AccountTier.Standard => 1,
        null => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(tier)),
    };

    private Opportunity MakeDeal(DemoAccount account, string stage, OpportunityStatus status)
    {
        var product = Pick(DemoCompanies.ProductsByIndustry[account.Company.Industry]);
        var application = Pick(account.Company.Applications);
        var owner = Chance(0.85) || account.Team.Count == 0 ? account.Owner : Pick(account.Team);
        var korean = WritesKorean(account, owner);
        var title = DealTitle(account, product, application, korean);
        var number = Stages.Find(stage)!.Number;
        var open = status == OpportunityStatus.Open;
        // About a third of open deals have sat in their stage for over two months: the stalled ones.
        var stalled = open && Chance(0.3);
        var daysInStage = stalled ? _rng.Next(61, 151) : open ? _rng.Next(2, 56) : _rng.Next(20, 200);
        var enteredAt = At(daysInStage, account);
        var (value, currency) = AnnualValue(account);
        var deal = new Opportunity
        {
            AccountId = account.Entity.Id,
            Title = title,
            SearchName = Text.SearchKey(title),
            Stage = stage,
            StageEnteredAt = enteredAt,
            ProductCategory = product.Category,
            ApplicationId = ApplicationId(account.Company, application),
            Route = PickRoute(account.Company),
            EstimatedAnnualValue = value,
            Currency = currency,
            ExpectedCloseDate = open
                ? _today.AddDays(((9 - number) * _rng.Next(18, 35)) + _rng.Next(7, 30))
                : Earlier(DateOnly.FromDateTime(enteredAt).AddDays(_rng.Next(5, 40)), _today.AddDays(-1)),
            Status = status,
            OwnerId = owner.Id,
            Notes = DealNotes(status, stalled, korean),
        };
        account.Deals.Add(new DemoDeal(deal, product));
        return deal;
    }

    private string DealTitle(DemoAccount account, ProductLine product, string application, bool korean)
    {
        while (true)
        {
            var title = Pick(korean ? DemoStories.KoreanTitles : DemoStories.EnglishTitles)
                .Replace("{Product}", product.Category, StringComparison.Ordinal)
                .Replace("{product}", korean ? product.Korean : InText(product.Category), StringComparison.Ordinal)
                .Replace("{app}", InText(application), StringComparison.Ordinal);
            if (account.Deals.All(d => d.Entity.Title != title))
            {
                return title;
            }
        }
    }

    private string? DealNotes(OpportunityStatus status, bool stalled, bool korean) => status switch
    {
        OpportunityStatus.Open => stalled && Chance(0.6) ? Pick(korean ? DemoStories.KoreanStalledNotes : DemoStories.EnglishStalledNotes) : null,
        OpportunityStatus.Won => null,
        OpportunityStatus.Lost => Pick(korean ? DemoStories.KoreanLostNotes : DemoStories.EnglishLostNotes),
        OpportunityStatus.Dropped => Pick(korean ? DemoStories.KoreanDroppedNotes : DemoStories.EnglishDroppedNotes),
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>Won in Korea: hundreds of millions to a few billion won a year; abroad, tens of thousands to a few million.</summary>
    private (decimal Value, string Currency) AnnualValue(DemoAccount account)
    {
        var scale = account.Company.Tier switch
        {
            AccountTier.Strategic => 4m,
            AccountTier.Key => 2m,
            AccountTier.Standard => 1m,
            null => 0.6m,
            _ => throw new ArgumentOutOfRangeException(nameof(account)),
        };
        var currency = account.Style.Currency;
        return currency == "KRW"
            ? (decimal.Round(_rng.Next(60, 450) * scale / 10m) * 10m * 1_000_000m, currency)
            : (decimal.Round(_rng.Next(40, 320) * scale / 5m) * 5m * 1_000m, currency);
    }

    private Route PickRoute(DemoCompany company)
    {
        var roll = _rng.NextDouble();
        if (company.IsKorean)
        {
            var consortium = company.Industry is "Plant Engineering" or "Construction" ? 0.75 : 0.95;
            return roll < 0.85 * consortium ? Route.Direct : roll < consortium ? Route.Distributor : Route.Consortium;
        }
        return roll < 0.55 ? Route.Direct : roll < 0.8 ? Route.Agent : roll < 0.95 ? Route.Distributor : Route.Consortium;
    }

    // ----- Timeline -----

    /// <summary>About a year of touches per account, more where there is more at stake; in time order.</summary>
    public List<Activity> MakeActivities() =>
        [.. _accounts.SelectMany(a => Enumerable.Range(0, ActivityCount(a.Company)).Select(_ => MakeActivity(a)).ToList())
            .OrderBy(x => x.OccurredAt)];

    private int ActivityCount(DemoCompany company) => _rng.Next(0, 5) + (company.Status, company.Tier) switch
    {
        (AccountStatus.Former, _) => 6,
        (AccountStatus.Customer, AccountTier.Strategic) => 26,
        (AccountStatus.Customer, AccountTier.Key) => 18,
        (AccountStatus.Customer, _) => 12,
        (AccountStatus.Prospect, AccountTier.Strategic) => 16,
        (AccountStatus.Prospect, AccountTier.Key) => 12,
        (AccountStatus.Prospect, AccountTier.Standard) => 8,
        (AccountStatus.Prospect, _) => 6,
        _ => throw new ArgumentOutOfRangeException(nameof(company)),
    };

    private Activity MakeActivity(DemoAccount account)
    {
        var author = Chance(0.75) || account.Team.Count == 0 ? account.Owner : Pick(account.Team);
        var korean = WritesKorean(account, author);
        var touch = Pick(korean ? DemoStories.KoreanTouches : DemoStories.EnglishTouches);
        var person = account.People.Count > 0 && Chance(touch.Kind == ActivityKind.Note ? 0.2 : 0.85) ? Pick(account.People) : null;
        var deal = account.Deals.Count > 0 && Chance(0.5) ? Pick(account.Deals) : null;
        // A former customer went quiet: its timeline ends months ago.
        var daysAgo = account.Company.Status == AccountStatus.Former ? _rng.Next(150, 366) : _rng.Next(1, 366);
        var words = Words(account, person, deal, korean);
        return new Activity
        {
            AccountId = account.Entity.Id,
            ContactId = person?.Entity.Id,
            OpportunityId = deal?.Entity.Id,
            Kind = touch.Kind,
            Subject = words.Fill(touch.Subject),
            Body = words.Fill(touch.Body),
            OccurredAt = At(daysAgo, account),
            AuthorId = author.Id,
        };
    }

    // ----- Tasks -----

    private const int OverdueTasks = 10;
    private const int TasksDueThisWeek = 9;
    private const int LaterTasks = 8;
    private const int DoneTasks = 13;

    /// <summary>Overdue, due this week, due later and done to-dos; a few for the manager and two for quality.</summary>
    public List<TaskItem> MakeTasks()
    {
        var live = _accounts.Where(a => a.Company.Status != AccountStatus.Former).ToList();
        var made = new List<TaskItem>();
        for (var i = 0; i < OverdueTasks + TasksDueThisWeek + LaterTasks + DoneTasks; i++)
        {
            var kind = (i % 10) switch
            {
                3 => ChoreFor.Manager,
                7 when i < 20 => ChoreFor.Quality,
                _ => ChoreFor.Rep,
            };
            made.Add(MakeTask(Pick(live), kind, i));
        }
        return made;
    }

    private TaskItem MakeTask(DemoAccount account, ChoreFor kind, int index)
    {
        var deal = account.Deals.Count > 0 && Chance(0.6) ? Pick(account.Deals) : null;
        var assignee = kind switch
        {
            ChoreFor.Rep => deal is null ? account.Owner : users.Values.Single(u => u.Id == deal.Entity.OwnerId),
            ChoreFor.Manager => users["manager"],
            ChoreFor.Quality => users["quality"],
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var korean = WritesKorean(account, assignee);
        var chore = Pick((korean ? DemoStories.KoreanChores : DemoStories.EnglishChores).Where(c => c.For == kind).ToList());
        var person = account.People.Count > 0 && (chore.Title.Contains("{contact}", StringComparison.Ordinal) || Chance(0.4))
            ? Pick(account.People)
            : null;
        var words = Words(account, person, deal, korean);
        var (dueOn, completedAt) = index switch
        {
            < OverdueTasks => (_today.AddDays(-_rng.Next(1, 22)), (DateTime?)null),
            < OverdueTasks + TasksDueThisWeek => (_today.AddDays(_rng.Next(0, 7)), null),
            < OverdueTasks + TasksDueThisWeek + LaterTasks => (_today.AddDays(_rng.Next(7, 36)), null),
            _ => DoneTask(account),
        };
        return new TaskItem
        {
            Title = words.Fill(chore.Title),
            Notes = chore.Notes,
            DueOn = dueOn,
            AssigneeId = assignee.Id,
            // Reps plan their own work; the manager and quality get theirs from the account owner.
            CreatedById = kind == ChoreFor.Rep ? assignee.Id : account.Owner.Id,
            AccountId = account.Entity.Id,
            ContactId = person?.Entity.Id,
            OpportunityId = deal?.Entity.Id,
            CompletedAt = completedAt,
        };
    }

    private (DateOnly DueOn, DateTime? CompletedAt) DoneTask(DemoAccount account)
    {
        var daysAgo = _rng.Next(3, 91);
        return (_today.AddDays(-daysAgo), At(daysAgo + _rng.Next(0, 3), account));
    }

    // ----- Helpers -----

    /// <summary>Korean accounts get Korean notes, except from the rep who works in English.</summary>
    private static bool WritesKorean(DemoAccount account, User author) => account.Company.IsKorean && author.UserName != EnglishRep;

    /// <summary>The words that fill a template's placeholders.</summary>
    private sealed record Wording(string Contact, string Product, string ProductInText, string City)
    {
        public string Fill(string template) => template
            .Replace("{contact}", Contact, StringComparison.Ordinal)
            .Replace("{Product}", Product, StringComparison.Ordinal)
            .Replace("{product}", ProductInText, StringComparison.Ordinal)
            .Replace("{city}", City, StringComparison.Ordinal);
    }

    private Wording Words(DemoAccount account, DemoPerson? person, DemoDeal? deal, bool korean)
    {
        var product = deal?.Product ?? Pick(DemoCompanies.ProductsByIndustry[account.Company.Industry]);
        return new Wording(
            person?.Reference ?? (korean ? "담당자" : "the buyer"),
            korean ? product.Korean : product.Category,
            korean ? product.Korean : InText(product.Category),
            account.Company.City);
    }

    /// <summary>A moment in the working day (8:00-18:00 local, Monday to Friday) some days ago, in UTC.</summary>
    private DateTime At(int daysAgo, DemoAccount account)
    {
        var day = _today.AddDays(-daysAgo);
        if (day.DayOfWeek == DayOfWeek.Saturday)
        {
            day = day.AddDays(-1);
        }
        else if (day.DayOfWeek == DayOfWeek.Sunday)
        {
            day = day.AddDays(-2);
        }
        var local = day.ToDateTime(new TimeOnly(_rng.Next(8, 18), _rng.Next(4) * 15));
        return DateTime.SpecifyKind(local.AddHours(-account.Style.UtcOffsetHours), DateTimeKind.Utc);
    }

    /// <summary>A taxonomy value as it reads mid-sentence: "Ball valves" becomes "ball valves", "OLED lines" stays.</summary>
    private static string InText(string value) =>
        value.Length > 1 && char.IsUpper(value[0]) && char.IsLower(value[1])
            ? char.ToLowerInvariant(value[0]) + value[1..]
            : value;

    private static DateOnly Earlier(DateOnly a, DateOnly b) => a < b ? a : b;

    /// <summary>The pattern with each # replaced by a random digit, each N by one of 2-9.</summary>
    private string Digits(string pattern) => string.Concat(pattern.Select(c => c switch
    {
        '#' => (char)('0' + _rng.Next(10)),
        'N' => (char)('0' + _rng.Next(2, 10)),
        _ => c,
    }));

    private T Pick<T>(IReadOnlyList<T> items) => items[_rng.Next(items.Count)];

    private bool Chance(double probability) => _rng.NextDouble() < probability;

    private List<T> Shuffled<T>(IEnumerable<T> items)
    {
        var array = items.ToArray();
        _rng.Shuffle(array);
        return [.. array];
    }
}
