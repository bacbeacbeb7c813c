using System.Globalization;
using System.Net.Mail;
using Bridgehead.Accounts;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Forecasting;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Imports.Targets;

/// <summary>
/// Reads the cells of one import row by field kind (see <see cref="ImportFieldKind"/>) and collects
/// the row's problems, each named after the field key, in the importer's language. Values read as
/// the API writes them: enum keys in camelCase or their English or Korean label, dates yyyy-MM-dd
/// (a date-time keeps its date), numbers with a dot (no thousands separators), booleans
/// true/false, yes/no, 1/0 (and 예/아니요). A field that is not mapped is absent: an update keeps
/// the record's value; a mapped blank cell clears it.
/// </summary>
public sealed class ImportValues(ImportRow row)
{
    private readonly List<ImportProblem> _problems = [];

    public ImportRow Row => row;

    public IReadOnlyList<ImportProblem> Problems => _problems;

    public bool Ok => _problems.Count == 0;

    /// <summary>Whether a column is mapped to the field (its cell may still be blank).</summary>
    public bool Has(string key) => row.Fields.ContainsKey(key);

    /// <summary>The trimmed cell, null when blank or unmapped.</summary>
    public string? Raw(string key) => Text.Clean(row[key]);

    public void Add(string? field, string message) => _problems.Add(new ImportProblem(row.RowNumber, field, message));

    public bool HasProblem(string field) => _problems.Any(p => p.Field == field);

    /// <summary>Takes the problems of a <see cref="Validator"/> the existing rules filled (field names are the keys).</summary>
    public void AddAll(Validator v)
    {
        try
        {
            v.ThrowIfInvalid();
        }
        catch (ValidationException e)
        {
            foreach (var (field, messages) in e.Errors)
            {
                foreach (var message in messages)
                {
                    Add(field, message);
                }
            }
        }
    }

    public string? Cell(string key, int max)
    {
        var value = Raw(key);
        if (value is not null && value.Length > max)
        {
            Add(key, Validator.Format(CommonText.TooLong, max));
        }
        return value;
    }

    /// <summary>A text the record cannot do without: a problem when blank, when creating or when the column is mapped.</summary>
    public string? Required(string key, int max, bool creating)
    {
        var value = Cell(key, max);
        if (value is null && (creating || Has(key)))
        {
            Add(key, CommonText.Required);
        }
        return value;
    }

    /// <summary>An external id: at most <see cref="ImportFields.MaxExternalId"/> characters.</summary>
    public string? ExternalId(string key = "externalId") => Cell(key, ImportFields.MaxExternalId);

    /// <summary>A Bridgehead id: a whole number above zero.</summary>
    public long? Id(string key)
    {
        var value = Raw(key);
        if (value is null)
        {
            return null;
        }
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
        {
            return id;
        }
        Add(key, ImportsText.Values_NotAnId);
        return null;
    }

    public int? WholeNumber(string key, int min, int max)
    {
        var value = Raw(key);
        if (value is null)
        {
            return null;
        }
        if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            // "3.0" from a spreadsheet is still three.
            if (decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d)
                && d == decimal.Truncate(d) && d is >= int.MinValue and <= int.MaxValue)
            {
                n = (int)d;
            }
            else
            {
                Add(key, ImportsText.Values_NotAWholeNumber);
                return null;
            }
        }
        if (n < min || n > max)
        {
            Add(key, Validator.Format(CommonText.OutOfRange, min, max));
            return null;
        }
        return n;
    }

    /// <summary>A number with at most four decimals within the range (money and quantities).</summary>
    public decimal? Number(string key, decimal min, decimal max)
    {
        var value = Raw(key);
        if (value is null)
        {
            return null;
        }
        if (!decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out var n))
        {
            Add(key, ImportsText.Values_NotANumber);
            return null;
        }
        if (n < min || n > max)
        {
            Add(key, Validator.Format(CommonText.OutOfRange, min.ToString("#,0.####", CultureInfo.CurrentCulture), max.ToString("#,0.####", CultureInfo.CurrentCulture)));
            return null;
        }
        if (decimal.Round(n, 4) != n)
        {
            Add(key, CommonText.TooManyDecimals);
            return null;
        }
        return n;
    }

    /// <summary>A money amount: 0 to <see cref="Money.MaxAmount"/>, four decimals.</summary>
    public decimal? Amount(string key) => Number(key, 0, Money.MaxAmount);

    public DateOnly? Date(string key)
    {
        var value = Raw(key);
        if (value is null)
        {
            return null;
        }
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        // A date-time (a spreadsheet cell with a time, an ISO time stamp) keeps its date.
        if (value.Length > 10 && value[10] is 'T' or ' '
            && DateOnly.TryParseExact(value[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return date;
        }
        Add(key, ImportsText.Values_NotADate);
        return null;
    }

    public bool? Boolean(string key)
    {
        var value = Raw(key)?.ToLowerInvariant();
        switch (value)
        {
            case null:
                return null;
            case "true" or "yes" or "y" or "1" or "예" or "네":
                return true;
            case "false" or "no" or "n" or "0" or "아니요" or "아니오":
                return false;
            default:
                Add(key, ImportsText.Values_NotABoolean);
                return null;
        }
    }

    /// <summary>An enum value by its camelCase key (any case) or its English or Korean label.</summary>
    public TEnum? Choice<TEnum>(string key) where TEnum : struct, Enum
    {
        var value = Raw(key);
        if (value is null)
        {
            return null;
        }
        if (Choices<TEnum>.Lookup.TryGetValue(Normalize(value), out var found))
        {
            return found;
        }
        Add(key, Validator.Format(ImportsText.Values_UnknownChoice, string.Join(", ", Enum.GetValues<TEnum>().Select(v => Key(v)))));
        return null;
    }

    /// <summary>An ISO 4217 code (any case).</summary>
    public string? Currency(string key)
    {
        var value = CurrencySettings.Normalize(Raw(key));
        if (value is not null && !CurrencySettings.IsCode(value))
        {
            Add(key, CommonText.InvalidCurrency);
            return null;
        }
        return value;
    }

    public string? Email(string key, int max)
    {
        var value = Cell(key, max);
        if (value is not null && (!MailAddress.TryCreate(value, out var parsed) || parsed.Address != value))
        {
            Add(key, CommonText.InvalidEmail);
        }
        return value;
    }

    /// <summary>The API's key of an enum value: its name in camelCase.</summary>
    public static string Key(Enum value)
    {
        var name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    private static string Normalize(string value) => Text.SearchKey(value);

    private static class Choices<TEnum> where TEnum : struct, Enum
    {
        public static readonly IReadOnlyDictionary<string, TEnum> Lookup = Build();

        private static Dictionary<string, TEnum> Build()
        {
            var english = CultureInfo.InvariantCulture;
            var korean = CultureInfo.GetCultureInfo("ko");
            var map = new Dictionary<string, TEnum>(StringComparer.Ordinal);
            // Labels first, keys last: a key always means its own value.
            foreach (var value in Enum.GetValues<TEnum>())
            {
                map.TryAdd(Normalize(Labels.InCulture(value, korean)), value);
                map.TryAdd(Normalize(Labels.InCulture(value, english)), value);
            }
            foreach (var value in Enum.GetValues<TEnum>())
            {
                map[Normalize(value.ToString())] = value;
            }
            return map;
        }
    }
}

/// <summary>An active or inactive user found by e-mail (or user name), with what the owner rules read.</summary>
public sealed record ImportUserMatch(long Id, string? Email, string UserName, Role Role, long? TeamId, bool IsActive);

/// <summary>Look-ups an import target makes once per batch (no query per row).</summary>
public static class ImportLookups
{
    /// <summary>
    /// Users by e-mail address (any case), and by user name for users without one, keyed by the
    /// lower-case text. More than one user under a key makes it ambiguous.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<ImportUserMatch>>> UsersAsync(BridgeheadDb db, IEnumerable<string?> cells, CancellationToken ct)
    {
        var keys = cells.Select(Text.Clean).OfType<string>().Select(c => c.ToLowerInvariant()).Distinct().ToList();
        if (keys.Count == 0)
        {
            return new Dictionary<string, IReadOnlyList<ImportUserMatch>>();
        }
#pragma warning disable CA1304, CA1311 // translated to SQL lower(); the keys are lower-cased invariantly
        var users = await db.Users.AsNoTracking()
            .Where(u => (u.Email != null && keys.Contains(u.Email.ToLower())) || keys.Contains(u.NormalizedUserName))
            .Select(u => new ImportUserMatch(u.Id, u.Email, u.NormalizedUserName, u.Role, u.TeamId, u.IsActive))
            .ToListAsync(ct);
#pragma warning restore CA1304, CA1311
        var found = new Dictionary<string, List<ImportUserMatch>>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var byEmail = users.Where(u => u.Email is not null && u.Email.Equals(key, StringComparison.OrdinalIgnoreCase)).ToList();
            var matches = byEmail.Count > 0 ? byEmail : [.. users.Where(u => u.UserName == key)];
            if (matches.Count > 0)
            {
                found[key] = matches;
            }
        }
        return found.ToDictionary(f => f.Key, f => (IReadOnlyList<ImportUserMatch>)f.Value, StringComparer.Ordinal);
    }

    /// <summary>The user a cell names, or a problem on the field.</summary>
    public static ImportUserMatch? User(ImportValues values, string key, IReadOnlyDictionary<string, IReadOnlyList<ImportUserMatch>> users)
    {
        if (values.Raw(key) is not { } cell)
        {
            return null;
        }
        if (!users.TryGetValue(cell.ToLowerInvariant(), out var matches))
        {
            values.Add(key, ImportsText.Values_UnknownUser);
            return null;
        }
        if (matches.Count > 1)
        {
            values.Add(key, ImportsText.Values_AmbiguousUser);
            return null;
        }
        return matches[0];
    }

    /// <summary>
    /// The owner rules of <see cref="Access.ValidateOwnerAsync"/> on users read once per batch: an
    /// active sales user; a rep names only themselves, a manager themselves or their team; only the
    /// current owner, their manager or an admin hands a record over. Keeping the owner always passes.
    /// </summary>
    public static void CheckOwner(ImportValues values, string key, Viewer viewer, ImportUserMatch owner, long? currentOwnerId, long? currentOwnerTeamId)
    {
        if (owner.Id == currentOwnerId)
        {
            return;
        }
        if (currentOwnerId is { } current && !(viewer.IsAdmin || viewer.IsSystem || viewer.UserId == current
                || (viewer.ManagedTeamId is { } team && currentOwnerTeamId == team)))
        {
            values.Add(key, CommonText.OwnerChangeNotAllowed);
            return;
        }
        if (!owner.IsActive || !Access.IsSalesRole(owner.Role))
        {
            values.Add(key, CommonText.OwnerNotEligible);
            return;
        }
        if (viewer.Role == Role.Rep && owner.Id != viewer.UserId)
        {
            values.Add(key, CommonText.OwnerOnlySelf);
        }
        else if (viewer.Role == Role.Manager && owner.Id != viewer.UserId && (viewer.TeamId is null || owner.TeamId != viewer.TeamId))
        {
            values.Add(key, CommonText.OwnerOnlyTeam);
        }
    }

    /// <summary>
    /// The accounts the rows name by <c>accountId</c> or <c>accountExternalId</c> that the importer
    /// sees (and, as a sales writer, may change), tracked; one query.
    /// </summary>
    public static async Task<AccountRefs> AccountsAsync(BridgeheadDb db, IEnumerable<ImportValues> rows, CancellationToken ct)
    {
        var list = rows.ToList();
        var ids = list.Select(r => long.TryParse(r.Raw("accountId"), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0)
            .Where(id => id > 0).Distinct().ToList();
        var externals = list.Select(r => r.Raw("accountExternalId")).OfType<string>().Distinct().ToList();
        if (ids.Count == 0 && externals.Count == 0)
        {
            return new AccountRefs([]);
        }
        var accounts = await db.Accounts.Where(a => ids.Contains(a.Id) || (a.ExternalId != null && externals.Contains(a.ExternalId))).ToListAsync(ct);
        return new AccountRefs(accounts);
    }
}

/// <summary>Accounts found for a batch, resolved per row.</summary>
public sealed class AccountRefs(IReadOnlyList<Account> accounts)
{
    private readonly Dictionary<long, Account> _byId = accounts.ToDictionary(a => a.Id);
    private readonly Dictionary<string, Account> _byExternal = accounts.Where(a => a.ExternalId is not null).ToDictionary(a => a.ExternalId!, StringComparer.Ordinal);

    /// <summary>
    /// The account a row names: <c>accountId</c> when given, else <c>accountExternalId</c>. One that
    /// does not exist or that the importer may not see is the same problem, naming nothing. With
    /// neither given: a problem when <paramref name="required"/>, else null (keep the current one).
    /// </summary>
    public Account? Resolve(ImportValues values, bool required)
    {
        if (values.Raw("accountId") is not null)
        {
            if (values.Id("accountId") is not { } id)
            {
                return null;
            }
            if (_byId.TryGetValue(id, out var account))
            {
                return account;
            }
            values.Add("accountId", ImportsText.Values_AccountNotFound);
            return null;
        }
        if (values.Raw("accountExternalId") is { } external)
        {
            if (_byExternal.TryGetValue(external, out var account))
            {
                return account;
            }
            values.Add("accountExternalId", ImportsText.Values_AccountNotFound);
            return null;
        }
        if (required || values.Has("accountId") || values.Has("accountExternalId"))
        {
            values.Add(values.Has("accountExternalId") && !values.Has("accountId") ? "accountExternalId" : "accountId", ImportsText.Values_AccountRequired);
        }
        return null;
    }
}

/// <summary>
/// Which record a row updates: by <c>id</c> (a record the importer sees and may change; an id
/// that matches none is a problem, never a new record), else by <c>externalId</c> (a record the
/// importer may not see makes the row a problem that names nothing), else none: the row creates.
/// Records created earlier in the batch are found by their external id too.
/// </summary>
public sealed class RecordIndex<T> where T : Common.Entity
{
    private readonly Dictionary<long, T> _byId;
    private readonly Dictionary<string, T> _byExternal;
    private readonly HashSet<string> _hidden;
    private readonly Func<T, string?> _externalOf;

    /// <summary>The existing records the batch names, as loaded.</summary>
    public IReadOnlyCollection<T> Loaded => _byId.Values;

    private RecordIndex(IEnumerable<T> visible, IEnumerable<string> used, Func<T, string?> externalOf)
    {
        _externalOf = externalOf;
        var list = visible.ToList();
        _byId = list.ToDictionary(x => x.Id);
        _byExternal = list.Where(x => externalOf(x) is not null).ToDictionary(x => externalOf(x)!, StringComparer.Ordinal);
        _hidden = [.. used.Where(e => !_byExternal.ContainsKey(e))];
    }

    internal static async Task<RecordIndex<T>> LoadAsync(IQueryable<T> visible, IQueryable<T> all, IEnumerable<ImportValues> rows, Func<T, string?> externalOf, CancellationToken ct)
    {
        var list = rows.ToList();
        var ids = list.Select(r => long.TryParse(r.Raw("id"), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0)
            .Where(id => id > 0).Distinct().ToList();
        var externals = list.Select(r => r.Raw("externalId")).OfType<string>().Distinct().ToList();
        if (ids.Count == 0 && externals.Count == 0)
        {
            return new RecordIndex<T>([], [], externalOf);
        }
        var found = await visible.Where(x => ids.Contains(x.Id) || externals.Contains(EF.Property<string>(x, "ExternalId"))).ToListAsync(ct);
        var used = externals.Count == 0 ? [] : await all.IgnoreQueryFilters().Where(x => externals.Contains(EF.Property<string>(x, "ExternalId")))
            .Select(x => EF.Property<string>(x, "ExternalId")).ToListAsync(ct);
        return new RecordIndex<T>(found, used, externalOf);
    }

    /// <summary>
    /// The record the row updates (null: create one), or false when the row names a record it may
    /// not use. <paramref name="externalId"/> is the row's external id, already checked for length.
    /// </summary>
    public bool TryFind(ImportValues values, string? externalId, out T? record)
    {
        record = null;
        if (values.Raw("id") is not null)
        {
            if (values.Id("id") is not { } id)
            {
                return false;
            }
            if (!_byId.TryGetValue(id, out record))
            {
                values.Add("id", ImportsText.Values_IdNotFound);
                return false;
            }
            // Giving the record (another) external id: not one that another record uses.
            if (externalId is not null && externalId != _externalOf(record)
                && (_hidden.Contains(externalId) || _byExternal.ContainsKey(externalId)))
            {
                values.Add("externalId", ImportsText.Values_ExternalIdTaken);
                record = null;
                return false;
            }
            return true;
        }
        if (externalId is null)
        {
            return true;
        }
        if (_hidden.Contains(externalId))
        {
            values.Add("externalId", ImportsText.Values_ExternalIdHidden);
            return false;
        }
        _byExternal.TryGetValue(externalId, out record);
        return true;
    }

    /// <summary>Records a new or re-keyed record under its external id, for the later rows of the batch.</summary>
    public void Remember(T record, string? previousExternalId)
    {
        if (previousExternalId is not null && _byExternal.GetValueOrDefault(previousExternalId) == record)
        {
            _byExternal.Remove(previousExternalId);
        }
        if (_externalOf(record) is { } external)
        {
            _byExternal[external] = record;
        }
    }
}

/// <summary>Builds <see cref="RecordIndex{T}"/>s.</summary>
public static class RecordIndex
{
    /// <summary>
    /// Loads (tracked) the records the rows name by id or external id from <paramref name="visible"/>
    /// (the importer's view), and the external ids among them that records outside it use, from
    /// <paramref name="all"/>; two queries.
    /// </summary>
    public static Task<RecordIndex<T>> LoadAsync<T>(IQueryable<T> visible, IQueryable<T> all, IEnumerable<ImportValues> rows, Func<T, string?> externalOf, CancellationToken ct)
        where T : Common.Entity => RecordIndex<T>.LoadAsync(visible, all, rows, externalOf, ct);
}
