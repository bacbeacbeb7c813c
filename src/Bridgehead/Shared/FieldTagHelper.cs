using System.Collections;
using System.Globalization;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Bridgehead.Shared;

/// <summary>
/// One form field: label, input and its error, wired for screen readers (aria-invalid,
/// aria-describedby). Usage: <c>&lt;bh-field for="Input.Name" type="text" /&gt;</c>.
/// </summary>
[HtmlTargetElement("bh-field", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FieldTagHelper : TagHelper
{
    [HtmlAttributeName("for")]
    public required ModelExpression For { get; set; }

    /// <summary>text, email, url, number, date, datetime-local, password, textarea, select, multiselect, checkbox.</summary>
    public string Type { get; set; } = "text";

    public IEnumerable<SelectListItem>? Items { get; set; }

    /// <summary>The empty first option of a select ("—" by default); null for none.</summary>
    public string? Empty { get; set; } = UiText.NotSet;

    public string? Hint { get; set; }

    public bool Required { get; set; }

    public int? MaxLength { get; set; }

    public string? Min { get; set; }

    public string? Max { get; set; }

    public string? Step { get; set; }

    public string? Autocomplete { get; set; }

    /// <summary>Extra CSS class on the wrapper, e.g. "wide".</summary>
    public string? Class { get; set; }

    public bool Autofocus { get; set; }

    /// <summary>A label that depends on the record (e.g. naming the stage's probability); the display name otherwise.</summary>
    public string? Label { get; set; }

    /// <summary>Shown but not editable (and not posted); the page posts the current value another way if the core needs it.</summary>
    public bool Disabled { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public required ViewContext ViewContext { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var name = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name);
        var id = TagBuilder.CreateSanitizedId(name, "_");
        var errors = ViewContext.ViewData.ModelState.TryGetValue(name, out var entry) ? entry.Errors.Select(e => e.ErrorMessage).ToList() : [];
        var attempted = entry?.AttemptedValue;

        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", Class is null ? "field" : "field " + Class);

        var label = new TagBuilder("label");
        label.Attributes["for"] = id;
        label.InnerHtml.Append(DisplayName);
        if (Required)
        {
            label.InnerHtml.AppendHtml(" <span aria-hidden=\"true\">*</span>");
        }

        var control = Control(name, id, attempted);
        var describedBy = new List<string>();
        if (Hint is not null)
        {
            describedBy.Add(id + "-hint");
        }
        describedBy.Add(id + "-error");
        control.Attributes["aria-describedby"] = string.Join(' ', describedBy);
        if (errors.Count > 0)
        {
            control.Attributes["aria-invalid"] = "true";
        }
        if (Required)
        {
            control.Attributes["aria-required"] = "true";
        }

        if (Type == "checkbox")
        {
            output.Attributes.SetAttribute("class", "field checkbox" + (Class is null ? "" : " " + Class));
            label.InnerHtml.Clear();
            label.InnerHtml.AppendHtml(control);
            label.InnerHtml.Append(" " + DisplayName);
            output.Content.AppendHtml(label);
            // An unchecked box posts nothing; the hidden field makes that "false".
            output.Content.AppendHtml($"<input type=\"hidden\" name=\"{name}\" value=\"false\">");
        }
        else
        {
            output.Content.AppendHtml(label);
            output.Content.AppendHtml(control);
        }
        if (Hint is not null)
        {
            var hint = new TagBuilder("span");
            hint.AddCssClass("hint");
            hint.Attributes["id"] = id + "-hint";
            hint.InnerHtml.Append(Hint);
            output.Content.AppendHtml(hint);
        }
        var error = new TagBuilder("span");
        error.AddCssClass("field-error");
        error.Attributes["id"] = id + "-error";
        error.InnerHtml.Append(string.Join(" ", errors));
        output.Content.AppendHtml(error);
    }

    private string DisplayName => Label ?? For.Metadata.GetDisplayName();

    private TagBuilder Control(string name, string id, string? attempted)
    {
        TagBuilder tag;
        switch (Type)
        {
            case "textarea":
                tag = new TagBuilder("textarea");
                tag.InnerHtml.Append(attempted ?? Format(For.Model));
                tag.Attributes["rows"] = "4";
                break;
            case "select":
            case "multiselect":
                tag = new TagBuilder("select");
                if (Type == "multiselect")
                {
                    tag.Attributes["multiple"] = "multiple";
                    tag.Attributes["size"] = "5";
                }
                var selected = Selected(attempted);
                if (Empty is not null && Type == "select")
                {
                    tag.InnerHtml.AppendHtml($"<option value=\"\">{System.Net.WebUtility.HtmlEncode(Empty)}</option>");
                }
                // Items with a group go into an optgroup of that name, in the order they come.
                TagBuilder? group = null;
                foreach (var item in Items ?? [])
                {
                    var option = new TagBuilder("option");
                    option.Attributes["value"] = item.Value;
                    if (selected.Contains(item.Value))
                    {
                        option.Attributes["selected"] = "selected";
                    }
                    option.InnerHtml.Append(item.Text);
                    if (item.Group is null)
                    {
                        group = null;
                        tag.InnerHtml.AppendHtml(option);
                        continue;
                    }
                    if (group is null || group.Attributes["label"] != item.Group.Name)
                    {
                        group = new TagBuilder("optgroup");
                        group.Attributes["label"] = item.Group.Name;
                        tag.InnerHtml.AppendHtml(group);
                    }
                    group.InnerHtml.AppendHtml(option);
                }
                break;
            case "checkbox":
                tag = new TagBuilder("input") { TagRenderMode = TagRenderMode.SelfClosing };
                tag.Attributes["type"] = "checkbox";
                tag.Attributes["value"] = "true";
                if ((attempted is not null && attempted.Split(',').Contains("true")) || (attempted is null && For.Model is true))
                {
                    tag.Attributes["checked"] = "checked";
                }
                break;
            default:
                tag = new TagBuilder("input") { TagRenderMode = TagRenderMode.SelfClosing };
                tag.Attributes["type"] = Type;
                tag.Attributes["value"] = attempted ?? Format(For.Model);
                break;
        }
        tag.Attributes["id"] = id;
        tag.Attributes["name"] = name;
        if (Required && Type is not ("checkbox" or "multiselect"))
        {
            tag.Attributes["required"] = "required";
        }
        if (MaxLength is { } max)
        {
            tag.Attributes["maxlength"] = max.ToString(CultureInfo.InvariantCulture);
        }
        if (Min is not null)
        {
            tag.Attributes["min"] = Min;
        }
        if (Max is not null)
        {
            tag.Attributes["max"] = Max;
        }
        if (Step is not null)
        {
            tag.Attributes["step"] = Step;
        }
        if (Autocomplete is not null)
        {
            tag.Attributes["autocomplete"] = Autocomplete;
        }
        if (Autofocus)
        {
            tag.Attributes["autofocus"] = "autofocus";
        }
        if (Disabled)
        {
            tag.Attributes["disabled"] = "disabled";
        }
        return tag;
    }

    private HashSet<string> Selected(string? attempted)
    {
        if (attempted is not null)
        {
            return [.. attempted.Split(',')];
        }
        return For.Model switch
        {
            null => [],
            string s => [s],
            IEnumerable list => [.. list.Cast<object?>().Select(Format)],
            var single => [Format(single)],
        };
    }

    /// <summary>Values as HTML inputs expect them: invariant numbers, ISO dates.</summary>
    private static string Format(object? value) => value switch
    {
        null => "",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture),
        Enum e => e.ToString(),
        decimal m => Display.InputNumber(m),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
