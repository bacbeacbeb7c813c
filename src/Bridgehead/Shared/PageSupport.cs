using System.Globalization;
using System.Text.Json;
using Bridgehead.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Bridgehead.Shared;

/// <summary>Turns the core's field errors (API names such as "ownerId") into form errors ("Input.OwnerId").</summary>
public static class FormErrors
{
    public static void Apply(ModelStateDictionary modelState, Common.ValidationException e, string prefix = "Input", IReadOnlyDictionary<string, string>? map = null)
    {
        foreach (var (field, messages) in e.Errors)
        {
            var property = map is not null && map.TryGetValue(field, out var mapped)
                ? mapped
                : string.Concat(field.Split('.').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
            foreach (var message in messages)
            {
                modelState.AddModelError(prefix + "." + property, message);
            }
        }
    }
}

/// <summary>Options for select lists, labelled in the UI language.</summary>
public static class Choices
{
    public static IReadOnlyList<SelectListItem> Of<TEnum>() where TEnum : struct, Enum =>
        [.. Enum.GetValues<TEnum>().Select(v => new SelectListItem(Common.Labels.Of(v), v.ToString()))];

    public static IReadOnlyList<SelectListItem> Users(IEnumerable<UserDto> users) =>
        [.. users.Select(u => new SelectListItem(u.DisplayName, u.Id.ToString(CultureInfo.InvariantCulture)))];

    public static IReadOnlyList<SelectListItem> Stages(bool pursuitOnly = true) =>
        [.. Pursuits.Stages.All.Where(s => s.IsPursuit || !pursuitOnly)
            .Select(s => new SelectListItem($"{s.Number}. {s.Name}", s.Key))];
}

/// <summary>How dates, times and money read in the UI language and the company's time zone.</summary>
public static class Display
{
    /// <summary>
    /// A number as an input's value: invariant, without the trailing zeros the database keeps
    /// (1001.0000 is shown as 1001).
    /// </summary>
    public static string InputNumber(decimal? value) =>
        value is { } v ? (v / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture) : "";

    /// <summary>Set at start-up from Bridgehead:TimeZone (default: the server's own zone).</summary>
    public static TimeZoneInfo Zone { get; set; } = TimeZoneInfo.Local;

    public static System.DateTime Local(System.DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(System.DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    public static string DateTime(System.DateTime utc) => Local(utc).ToString("g", CultureInfo.CurrentCulture);

    public static string Date(System.DateTime utc) => Local(utc).ToString("d", CultureInfo.CurrentCulture);

    public static string Date(DateOnly? date) => date?.ToString("d", CultureInfo.CurrentCulture) ?? UiText.NotSet;

    public static string Money(decimal? amount, string? currency) =>
        amount is { } a ? $"{a.ToString("#,0.##", CultureInfo.CurrentCulture)} {currency}" : UiText.NotSet;

    /// <summary>A share as people read it: up to two decimals, no trailing zeros, e.g. "12.5%".</summary>
    public static string Percent(decimal value) => Bridgehead.Wallet.Wallets.Percent(value) + "%";

    public static string Text(string? value) => string.IsNullOrWhiteSpace(value) ? UiText.NotSet : value;

    /// <summary>The value of a history entry as people read it: enum keys become their labels.</summary>
    public static string AuditValue(string? value) => value ?? UiText.NotSet;

    /// <summary>JSON for an htmx attribute such as hx-vals.</summary>
    public static string Json(object value) => JsonSerializer.Serialize(value);
}

/// <summary>What became of a form's save.</summary>
public enum SaveResult
{
    Saved,

    /// <summary>The form or the core refused values; the errors are on the form.</summary>
    Refused,

    /// <summary>Someone else saved first; the page should show the latest version.</summary>
    Stale,
}

/// <summary>The save step every form page shares: run it, or put the reasons it was refused on the form.</summary>
public static class FormSave
{
    /// <param name="prefix">The bound property the fields belong to ("Form"; a page with several forms names each).</param>
    public static async Task<SaveResult> TryAsync(ModelStateDictionary modelState, Func<Task> save, IReadOnlyDictionary<string, string>? fields = null, string prefix = "Form")
    {
        if (!modelState.IsValid)
        {
            return SaveResult.Refused;
        }
        try
        {
            await save();
            return SaveResult.Saved;
        }
        catch (Common.ValidationException e)
        {
            FormErrors.Apply(modelState, e, prefix, fields);
            return SaveResult.Refused;
        }
        catch (Common.PreconditionFailedException)
        {
            modelState.Clear();
            modelState.AddModelError("", UiText.StaleEdit);
            return SaveResult.Stale;
        }
    }

    /// <summary>
    /// <see cref="TryAsync"/>, and a rule that blocks the change (a closed pursuit, a duplicate)
    /// is said above the form with status 409.
    /// </summary>
    public static async Task<SaveResult> TryOrRefuseAsync(Microsoft.AspNetCore.Mvc.RazorPages.PageModel page, Func<Task> save, IReadOnlyDictionary<string, string>? fields = null, string prefix = "Form")
    {
        try
        {
            return await TryAsync(page.ModelState, save, fields, prefix);
        }
        catch (Common.ConflictException e)
        {
            foreach (var rule in e.Rules)
            {
                page.ModelState.AddModelError("", rule);
            }
            page.Response.StatusCode = StatusCodes.Status409Conflict;
            return SaveResult.Refused;
        }
    }
}
