using System.Net;
using System.Text.RegularExpressions;

namespace Bridgehead.Tests.Infrastructure;

/// <summary>
/// The fields a browser would post from a page's form: text and hidden inputs with their values,
/// checked checkboxes only, repeated names kept. Tests change a few and post the rest as shown.
/// </summary>
public sealed partial class HtmlForm
{
    private readonly List<KeyValuePair<string, string>> _fields;

    private HtmlForm(List<KeyValuePair<string, string>> fields) => _fields = fields;

    public IReadOnlyList<KeyValuePair<string, string>> Fields => _fields;

    /// <summary>The form whose opening tag contains <paramref name="marker"/> (e.g. <c>method="post"&gt;</c>).</summary>
    public static HtmlForm Parse(string html, string marker)
    {
        var start = html.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, $"No form with {marker}.");
        var end = html.IndexOf("</form>", start, StringComparison.Ordinal);
        var body = html[start..end];
        var fields = new List<KeyValuePair<string, string>>();
        foreach (Match input in Input().Matches(body))
        {
            var tag = input.Value;
            var name = Attribute(tag, "name");
            var type = Attribute(tag, "type") ?? "text";
            if (name is null || type is "submit" or "button" || (type is "checkbox" or "radio" && !tag.Contains("checked", StringComparison.Ordinal)))
            {
                continue;
            }
            fields.Add(new(name, Attribute(tag, "value") ?? (type == "checkbox" ? "on" : "")));
        }
        return new HtmlForm(fields);
    }

    /// <summary>Replaces every value of the field with one.</summary>
    public HtmlForm Set(string name, string value)
    {
        var at = _fields.FindIndex(f => f.Key == name);
        _fields.RemoveAll(f => f.Key == name);
        _fields.Insert(at < 0 ? _fields.Count : at, new(name, value));
        return this;
    }

    /// <summary>Checks a checkbox: its value goes first, before the hidden "false" that follows it.</summary>
    public HtmlForm Check(string name, string value = "true")
    {
        var at = _fields.FindIndex(f => f.Key == name);
        _fields.Insert(at < 0 ? _fields.Count : at, new(name, value));
        return this;
    }

    /// <summary>Unchecks one value of a (multi-value) checkbox field.</summary>
    public HtmlForm Uncheck(string name, string value)
    {
        Assert.True(_fields.Remove(new(name, value)), $"{name}={value} was not checked.");
        return this;
    }

    public string? Value(string name) => _fields.FirstOrDefault(f => f.Key == name).Value;

    public HttpContent Content() => new FormUrlEncodedContent(_fields);

    private static string? Attribute(string tag, string name)
    {
        var m = Regex.Match(tag, $"\\s{name}=\"([^\"]*)\"");
        return m.Success ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;
    }

    [GeneratedRegex("<input\\b[^>]*>")]
    private static partial Regex Input();
}
