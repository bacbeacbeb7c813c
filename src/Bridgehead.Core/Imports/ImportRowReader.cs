using System.Globalization;
using Bridgehead.Common;
using Bridgehead.Data;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Imports;

/// <summary>
/// Reads the cells of one <see cref="ImportRow"/> as the field catalogue's kinds (see
/// <see cref="ImportFields"/>) and collects the row's problems, named after the field key. A
/// field whose column is not mapped reads as "not given" (<see cref="Has"/> is false: leave the
/// record's value alone); a mapped but blank cell reads as null (clear the value).
/// </summary>
public sealed class ImportRowReader(ImportRow row)
{
    /// <summary>Made at the first problem (most rows have none, and an import reads rows by the million).</summary>
    private List<ImportProblem>? _problems;

    public ImportRow Row { get; } = row;

    public IReadOnlyList<ImportProblem> Problems => _problems ?? (IReadOnlyList<ImportProblem>)[];

    public bool Failed => _problems is { Count: > 0 };

    /// <summary>Whether the field's column is mapped.</summary>
    public bool Has(string key) => Row.Fields.ContainsKey(key);

    public void Fail(string? key, string message) => (_problems ??= []).Add(new ImportProblem(Row.RowNumber, key, message));

    /// <summary>Adds the problems another reader of the row found (checks made ahead, see <see cref="IPreparingImportTarget"/>).</summary>
    public void Take(ImportRowReader other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._problems is { Count: > 0 } found)
        {
            (_problems ??= []).AddRange(found);
        }
    }

    /// <summary>Trimmed text (null when blank), checked for length and presence.</summary>
    public string? Text(string key, int maxLength, bool required = false)
    {
        var value = Common.Text.Clean(Row[key]);
        if (value is null)
        {
            if (required)
            {
                Fail(key, CommonText.Required);
            }
            return null;
        }
        if (value.Length > maxLength)
        {
            Fail(key, Validator.Format(CommonText.TooLong, maxLength));
        }
        return value;
    }

    public int? WholeNumber(string key, int min, int max)
    {
        var value = Common.Text.Clean(Row[key]);
        if (value is null)
        {
            return null;
        }
        // "12.0" (a spreadsheet number) is a whole number too.
        if (!decimal.TryParse(value, NumberStyles.Integer | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) || d != decimal.Truncate(d)
            || d < int.MinValue || d > int.MaxValue)
        {
            Fail(key, ImportsText.NotAWholeNumber);
            return null;
        }
        var n = (int)d;
        if (n < min || n > max)
        {
            Fail(key, Validator.Format(CommonText.OutOfRange, min, max));
            return null;
        }
        return n;
    }

    public decimal? Number(string key, decimal min, decimal max)
    {
        var value = Common.Text.Clean(Row[key]);
        if (value is null)
        {
            return null;
        }
        if (!decimal.TryParse(value, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var d))
        {
            Fail(key, ImportsText.NotANumber);
            return null;
        }
        if (d < min || d > max)
        {
            Fail(key, Validator.Format(CommonText.OutOfRange, min, max));
            return null;
        }
        return d;
    }

    /// <summary>yyyy-MM-dd (a time after it, as spreadsheets write dates, is ignored).</summary>
    public DateOnly? Date(string key)
    {
        var value = Common.Text.Clean(Row[key]);
        if (value is null)
        {
            return null;
        }
        var datePart = value.Length > 10 && value[10] is 'T' or ' ' ? value[..10] : value;
        if (!DateOnly.TryParseExact(datePart, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            Fail(key, ImportsText.NotADate);
            return null;
        }
        return date;
    }

    public bool? Boolean(string key)
    {
        var value = Common.Text.Clean(Row[key])?.ToLowerInvariant();
        switch (value)
        {
            case null:
                return null;
            case "true" or "yes" or "y" or "1" or "예":
                return true;
            case "false" or "no" or "n" or "0" or "아니요":
                return false;
            default:
                Fail(key, ImportsText.NotABoolean);
                return null;
        }
    }

    /// <summary>An enum value by its API key (camelCase, any case) or its English or Korean label.</summary>
    public TEnum? Choice<TEnum>(string key) where TEnum : struct, Enum
    {
        var value = Common.Text.Clean(Row[key]);
        if (value is null)
        {
            return null;
        }
        if (ImportChoices.Find<TEnum>(value) is { } found)
        {
            return found;
        }
        Fail(key, Validator.Format(ImportsText.UnknownChoice, string.Join(", ", ImportChoices.Keys<TEnum>())));
        return null;
    }
}

/// <summary>Enum values as import cells name them.</summary>
public static class ImportChoices
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");
    private static readonly CultureInfo Korean = CultureInfo.GetCultureInfo("ko");

    public static TEnum? Find<TEnum>(string value) where TEnum : struct, Enum =>
        Names<TEnum>.All.TryGetValue(value.Trim(), out var found) ? found : null;

    /// <summary>Every name of every value (key, English and Korean label; the first value to claim a name keeps it), built once: the labels are resources and do not change.</summary>
    private static class Names<TEnum> where TEnum : struct, Enum
    {
        public static readonly Dictionary<string, TEnum> All = Build();

        private static Dictionary<string, TEnum> Build()
        {
            var all = new Dictionary<string, TEnum>(StringComparer.OrdinalIgnoreCase);
            foreach (var v in Enum.GetValues<TEnum>())
            {
                all.TryAdd(v.ToString(), v);
                all.TryAdd(Labels.InCulture(v, English), v);
                all.TryAdd(Labels.InCulture(v, Korean), v);
            }
            return all;
        }
    }

    /// <summary>The API keys (camelCase), for messages.</summary>
    public static IEnumerable<string> Keys<TEnum>() where TEnum : struct, Enum =>
        Enum.GetValues<TEnum>().Select(v => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(v.ToString()));
}

/// <summary>A user an import names (by e-mail): what owner rules need.</summary>
public sealed record ImportUser(long Id, string Email, Identity.Role Role, long? TeamId, bool IsActive);

/// <summary>Looks up the users a batch names, one query for the batch.</summary>
public static class ImportUsers
{
    /// <summary>Users by lower-cased e-mail address.</summary>
    public static async Task<IReadOnlyDictionary<string, ImportUser>> ByEmailAsync(BridgeheadDb db, IEnumerable<string?> emails, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var wanted = emails.Select(Common.Text.Clean).OfType<string>().Select(e => e.ToLowerInvariant()).Distinct().ToList();
        if (wanted.Count == 0)
        {
            return new Dictionary<string, ImportUser>();
        }
        // ToLower() is translated to SQL (lower()); the analyzers' culture advice does not apply there.
#pragma warning disable CA1304, CA1311
        var found = await db.Users.AsNoTracking()
            .Where(u => u.Email != null && wanted.Contains(u.Email.ToLower()))
            .Select(u => new ImportUser(u.Id, u.Email!, u.Role, u.TeamId, u.IsActive))
            .ToListAsync(ct);
#pragma warning restore CA1304, CA1311
        return found.GroupBy(u => u.Email.ToLowerInvariant()).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    /// <summary>
    /// Who the importer may name as a record's owner (<see cref="Identity.Access.ValidateOwnerAsync"/>'s
    /// rules): an active sales user; a rep only themselves, a manager themselves or their team, an admin anyone.
    /// </summary>
    public static bool MayOwn(Identity.Viewer importer, ImportUser owner)
    {
        ArgumentNullException.ThrowIfNull(importer);
        ArgumentNullException.ThrowIfNull(owner);
        if (!owner.IsActive || !Identity.Access.IsSalesRole(owner.Role))
        {
            return false;
        }
        return importer.Role switch
        {
            Identity.Role.Admin => true,
            Identity.Role.Manager => owner.Id == importer.UserId || (importer.TeamId is { } team && owner.TeamId == team),
            Identity.Role.Rep => owner.Id == importer.UserId,
            Identity.Role.Quality or Identity.Role.Product or Identity.Role.Viewer => false,
            _ => throw new ArgumentOutOfRangeException(nameof(importer)),
        };
    }
}
