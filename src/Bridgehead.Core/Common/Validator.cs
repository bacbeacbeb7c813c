using System.Globalization;
using System.Net.Mail;

namespace Bridgehead.Common;

/// <summary>
/// Collects field errors for one request and throws them together, so a form or an API client
/// sees every problem at once. Field names are the API's camelCase names.
/// </summary>
public sealed class Validator
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }
        list.Add(message);
    }

    public bool HasError(string field) => _errors.ContainsKey(field);

    /// <summary>A required text: present, not blank, at most <paramref name="maxLength"/> characters.</summary>
    public void Required(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, CommonText.Required);
            return;
        }
        MaxLength(field, value, maxLength);
    }

    public void MaxLength(string field, string? value, int maxLength)
    {
        if (value is not null && value.Length > maxLength)
        {
            Add(field, Format(CommonText.TooLong, maxLength));
        }
    }

    public void Range(string field, int? value, int min, int max)
    {
        if (value is { } v && (v < min || v > max))
        {
            Add(field, Format(CommonText.OutOfRange, min, max));
        }
    }

    public void Range(string field, decimal? value, decimal min, decimal max)
    {
        if (value is { } v && (v < min || v > max))
        {
            Add(field, Format(CommonText.OutOfRange, min, max));
        }
    }

    public void Email(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }
        MaxLength(field, value, maxLength);
        if (!MailAddress.TryCreate(value, out var parsed) || parsed.Address != value.Trim())
        {
            Add(field, CommonText.InvalidEmail);
        }
    }

    public void Defined<TEnum>(string field, TEnum? value) where TEnum : struct, Enum
    {
        if (value is { } v && !Enum.IsDefined(v))
        {
            Add(field, CommonText.UnknownValue);
        }
    }

    public void ThrowIfInvalid()
    {
        if (!IsValid)
        {
            throw new ValidationException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }
    }

    public static string Format(string template, params object[] args) =>
        string.Format(CultureInfo.CurrentCulture, template, args);
}
