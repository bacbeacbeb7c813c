using System.Globalization;
using System.Text;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using F23.StringSimilarity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Duplicates;

/// <summary>Why two records look like one: the keys are name, domain, email and phone.</summary>
public sealed record DuplicateReason(string Kind, string Value);

/// <summary>One side of a pair.</summary>
public sealed record DuplicateRecordDto(long Id, string Name, long AccountId, string AccountName, string? Website, string? Email, string? Phone, long Version);

/// <summary>Two records that may be one, with a score of 0-100 and the reasons.</summary>
public sealed record DuplicatePairDto(string EntityType, int Score, IReadOnlyList<DuplicateReason> Reasons, DuplicateRecordDto A, DuplicateRecordDto B);

/// <summary>
/// Finds likely duplicates among the accounts (or contacts) the caller sees. Records are put into
/// blocks by key (the first letters of the cleaned name, a web or e-mail domain, a phone number)
/// and compared only within a block, so a large table is not compared pair by pair. Contacts are
/// compared within their account, because they are merged only there.
/// </summary>
public sealed class FindDuplicates(BridgeheadDb db)
{
    /// <summary>At most this many pairs are kept, best first.</summary>
    public const int MaxPairs = 200;

    /// <summary>Names at least this similar (Jaro-Winkler of the cleaned names) count as a reason.</summary>
    public const double NameThreshold = 0.9;

    /// <summary>A block larger than this is split by a longer name prefix, so no block costs more than its square.</summary>
    private const int MaxBlock = 400;

    private static readonly JaroWinkler Similarity = new();

    /// <summary>The pairs of accounts ("account") or contacts ("contact").</summary>
    public Task<Page<DuplicatePairDto>> HandleAsync(string entityType, PageRequest page, CancellationToken ct) => entityType switch
    {
        "account" => AccountsAsync(page, ct),
        "contact" => ContactsAsync(page, ct),
        _ => throw new NotFoundException("duplicates"),
    };

    public async Task<Page<DuplicatePairDto>> AccountsAsync(PageRequest page, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        var accounts = await db.Accounts.AsNoTracking()
            .OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.Name, a.Website, a.Version })
            .ToListAsync(ct);
        var visible = accounts.Select(a => a.Id).ToHashSet();
        var people = await db.Contacts.AsNoTracking()
            .Where(c => c.Email != null || c.Phone != null)
            .Select(c => new { c.AccountId, c.Email, c.Phone })
            .ToListAsync(ct);
        var domains = new Dictionary<long, HashSet<string>>();
        var phones = new Dictionary<long, HashSet<string>>();
        foreach (var c in people.Where(c => visible.Contains(c.AccountId)))
        {
            if (Matching.EmailDomain(c.Email) is { } d)
            {
                Add(domains, c.AccountId, d);
            }
            if (Matching.Phone(c.Phone) is { } p)
            {
                Add(phones, c.AccountId, p);
            }
        }
        var records = accounts.Select(a =>
        {
            var ds = domains.GetValueOrDefault(a.Id) ?? [];
            if (Matching.WebDomain(a.Website) is { } w)
            {
                ds.Add(w);
            }
            return new Candidate(
                new DuplicateRecordDto(a.Id, a.Name, a.Id, a.Name, a.Website, null, null, a.Version),
                Matching.NameKey(a.Name), ds, phones.GetValueOrDefault(a.Id) ?? [], null);
        }).ToList();
        return Paged(Compare("account", records, _ => ""), page);
    }

    public async Task<Page<DuplicatePairDto>> ContactsAsync(PageRequest page, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        var contacts = await db.Contacts.AsNoTracking()
            .OrderBy(c => c.Id)
            .Select(c => new { c.Id, c.Name, c.AccountId, AccountName = c.Account!.Name, c.Email, c.Phone, c.Version })
            .ToListAsync(ct);
        var records = contacts.Select(c => new Candidate(
            new DuplicateRecordDto(c.Id, c.Name, c.AccountId, c.AccountName, null, c.Email, c.Phone, c.Version),
            Matching.NameKey(c.Name), [],
            Matching.Phone(c.Phone) is { } p ? [p] : [],
            Text.Clean(c.Email)?.ToLowerInvariant())).ToList();
        return Paged(Compare("contact", records, r => r.Record.AccountId.ToString(CultureInfo.InvariantCulture)), page);
    }

    private sealed record Candidate(DuplicateRecordDto Record, string NameKey, HashSet<string> Domains, HashSet<string> Phones, string? Email);

    private static void Add(Dictionary<long, HashSet<string>> map, long id, string value)
    {
        if (!map.TryGetValue(id, out var set))
        {
            map[id] = set = new HashSet<string>(StringComparer.Ordinal);
        }
        set.Add(value);
    }

    /// <summary>Groups the records into blocks, scores each pair within a block once, keeps the best.</summary>
    private static List<DuplicatePairDto> Compare(string entityType, List<Candidate> records, Func<Candidate, string> scope)
    {
        var blocks = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        void Block(string key, int index)
        {
            if (!blocks.TryGetValue(key, out var list))
            {
                blocks[key] = list = [];
            }
            list.Add(index);
        }
        for (var i = 0; i < records.Count; i++)
        {
            var r = records[i];
            var s = scope(r);
            if (r.NameKey.Length > 0)
            {
                Block(s + "|n|" + Prefix(r.NameKey, 2), i);
            }
            foreach (var d in r.Domains)
            {
                Block(s + "|d|" + d, i);
            }
            foreach (var p in r.Phones)
            {
                Block(s + "|p|" + p, i);
            }
            if (r.Email is { } e)
            {
                Block(s + "|e|" + e, i);
            }
        }
        // A crowded name block is split by a longer prefix; domain and phone blocks are exact keys and stay.
        foreach (var (key, members) in blocks.Where(b => b.Value.Count > MaxBlock && b.Key.Contains("|n|", StringComparison.Ordinal)).ToList())
        {
            blocks.Remove(key);
            foreach (var group in members.GroupBy(i => Prefix(records[i].NameKey, 5)))
            {
                blocks[key + "|" + group.Key] = [.. group.Take(MaxBlock)];
            }
        }

        var seen = new HashSet<(int, int)>();
        var pairs = new List<DuplicatePairDto>();
        foreach (var members in blocks.Values.Where(m => m.Count > 1))
        {
            for (var x = 0; x < members.Count; x++)
            {
                for (var y = x + 1; y < members.Count; y++)
                {
                    var (i, j) = members[x] < members[y] ? (members[x], members[y]) : (members[y], members[x]);
                    if (!seen.Add((i, j)))
                    {
                        continue;
                    }
                    if (Score(entityType, records[i], records[j]) is { } pair)
                    {
                        pairs.Add(pair);
                    }
                }
            }
        }
        return [.. pairs.OrderByDescending(p => p.Score).ThenBy(p => p.A.Id).ThenBy(p => p.B.Id).Take(MaxPairs)];
    }

    private static string Prefix(string key, int length) => key.Length <= length ? key : key[..length];

    private static DuplicatePairDto? Score(string entityType, Candidate a, Candidate b)
    {
        var reasons = new List<DuplicateReason>();
        var miss = 1.0;
        if (a.NameKey.Length > 0 && b.NameKey.Length > 0)
        {
            var similarity = Similarity.Similarity(a.NameKey, b.NameKey);
            if (similarity >= NameThreshold)
            {
                reasons.Add(new DuplicateReason("name", Math.Round(similarity * 100).ToString(CultureInfo.InvariantCulture)));
                miss *= 1 - (similarity * 0.95);
            }
        }
        if (a.Email is { } e && e == b.Email)
        {
            reasons.Add(new DuplicateReason("email", e));
            miss *= 0.1;
        }
        foreach (var d in a.Domains.Intersect(b.Domains).Order(StringComparer.Ordinal).Take(1))
        {
            reasons.Add(new DuplicateReason("domain", d));
            miss *= 0.3;
        }
        foreach (var p in a.Phones.Intersect(b.Phones).Order(StringComparer.Ordinal).Take(1))
        {
            reasons.Add(new DuplicateReason("phone", p));
            miss *= 0.4;
        }
        if (reasons.Count == 0)
        {
            return null;
        }
        var score = (int)Math.Round((1 - miss) * 100);
        return new DuplicatePairDto(entityType, Math.Clamp(score, 1, 100), reasons, a.Record, b.Record);
    }

    private static Page<DuplicatePairDto> Paged(List<DuplicatePairDto> pairs, PageRequest page)
    {
        var offset = 0;
        if (page.Cursor is { } c && (!int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset > pairs.Count))
        {
            throw new BadRequestException("cursor", CommonText.InvalidCursor);
        }
        var items = pairs.Skip(offset).Take(page.Limit).ToList();
        var next = offset + items.Count < pairs.Count ? (offset + items.Count).ToString(CultureInfo.InvariantCulture) : null;
        return new Page<DuplicatePairDto>(items, next);
    }
}

/// <summary>The keys duplicates are matched on: cleaned names, web and e-mail domains, phone numbers.</summary>
public static class Matching
{
    /// <summary>Words that name a company's legal form, not the company.</summary>
    private static readonly HashSet<string> LegalWords = new(StringComparer.Ordinal)
    {
        "co", "ltd", "inc", "corp", "corporation", "company", "limited", "gmbh", "llc", "plc", "ag", "sa", "kk",
        "bv", "nv", "srl", "spa", "pte", "pty", "jsc", "주식회사", "유한회사", "주", "유",
    };

    /// <summary>Mail services anyone can use: a shared one says nothing about the company.</summary>
    public static readonly IReadOnlySet<string> FreeMail = new HashSet<string>(StringComparer.Ordinal)
    {
        "gmail.com", "googlemail.com", "naver.com", "daum.net", "hanmail.net", "kakao.com", "outlook.com", "hotmail.com",
        "live.com", "msn.com", "yahoo.com", "yahoo.co.kr", "icloud.com", "me.com", "nate.com", "proton.me", "protonmail.com",
    };

    /// <summary>The name as compared: <see cref="Text.SearchKey"/>, legal forms and punctuation removed, no spaces.</summary>
    public static string NameKey(string name)
    {
        var key = Text.SearchKey(name).Replace("㈜", " ", StringComparison.Ordinal);
        var cleaned = new StringBuilder(key.Length);
        foreach (var ch in key)
        {
            cleaned.Append(char.IsLetterOrDigit(ch) ? ch : ' ');
        }
        var words = cleaned.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !LegalWords.Contains(w)).ToList();
        // Korean legal forms are often written without a space: "한일철강주식회사".
        for (var i = 0; i < words.Count; i++)
        {
            foreach (var form in new[] { "주식회사", "유한회사" })
            {
                if (words[i].Length > form.Length && (words[i].StartsWith(form, StringComparison.Ordinal) || words[i].EndsWith(form, StringComparison.Ordinal)))
                {
                    words[i] = words[i].Replace(form, "", StringComparison.Ordinal);
                }
            }
        }
        return string.Concat(words);
    }

    /// <summary>The website's host without "www.", lower case; null when there is none.</summary>
    public static string? WebDomain(string? website)
    {
        var w = Text.Clean(website);
        if (w is null)
        {
            return null;
        }
        if (!w.Contains("://", StringComparison.Ordinal))
        {
            w = "http://" + w;
        }
        if (!Uri.TryCreate(w, UriKind.Absolute, out var uri) || !uri.Host.Contains('.', StringComparison.Ordinal))
        {
            return null;
        }
        var host = uri.Host.ToLowerInvariant();
        return host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host;
    }

    /// <summary>The e-mail's domain, unless it is a free-mail service.</summary>
    public static string? EmailDomain(string? email)
    {
        var e = Text.Clean(email);
        var at = e?.LastIndexOf('@') ?? -1;
        if (e is null || at < 0 || at == e.Length - 1)
        {
            return null;
        }
        var domain = e[(at + 1)..].ToLowerInvariant();
        return FreeMail.Contains(domain) ? null : domain;
    }

    /// <summary>The digits of a phone number in the Korean national form (+82 10 … becomes 010 …); null when too short to tell.</summary>
    public static string? Phone(string? phone)
    {
        if (phone is null)
        {
            return null;
        }
        var digits = new string([.. phone.Where(char.IsAsciiDigit)]);
        var international = phone.TrimStart().StartsWith('+') || digits.StartsWith("0082", StringComparison.Ordinal);
        if (digits.StartsWith("0082", StringComparison.Ordinal))
        {
            digits = digits[2..];
        }
        if (international && digits.StartsWith("82", StringComparison.Ordinal))
        {
            digits = "0" + digits[2..].TrimStart('0');
        }
        return digits.Length >= 8 ? digits : null;
    }
}
