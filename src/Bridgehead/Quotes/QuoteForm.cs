using System.Globalization;
using System.Text.RegularExpressions;
using Bridgehead.Common;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Bridgehead.Quotes;

/// <summary>One line row of the quote form; a row without product and quantity is ignored.</summary>
public sealed class QuoteLineRow
{
    public long? ProductId { get; set; }
    public decimal? Quantity { get; set; }
    public decimal? UnitPrice { get; set; }
    public decimal? DiscountPercent { get; set; }
    public string? Description { get; set; }

    public bool IsBlank => ProductId is null && Quantity is null && UnitPrice is null && DiscountPercent is null && string.IsNullOrWhiteSpace(Description);
}

/// <summary>One value proposition row; a row without kind and description is ignored.</summary>
public sealed class ValueRow
{
    public ValueKind? Kind { get; set; }
    public string? Description { get; set; }
    public decimal? Value { get; set; }
    public string? Basis { get; set; }

    public bool IsBlank => Kind is null && string.IsNullOrWhiteSpace(Description) && Value is null && string.IsNullOrWhiteSpace(Basis);
}

/// <summary>The quote editor as the browser posts it: the terms, the line rows and the value rows.</summary>
public sealed partial class QuoteForm
{
    /// <summary>Blank rows the editor offers below the filled ones.</summary>
    public const int BlankLines = 3;
    public const int BlankValues = 2;

    public string? Currency { get; set; }
    public DateOnly? ValidUntil { get; set; }
    public string? Language { get; set; }
    public string? CustomerNote { get; set; }
    public string? InternalNote { get; set; }
    public long Revision { get; set; }
    public List<QuoteLineRow> Lines { get; set; } = [];
    public List<ValueRow> Values { get; set; } = [];

    public static QuoteForm From(QuoteDto q) => new QuoteForm
    {
        Currency = q.Currency,
        ValidUntil = q.ValidUntil,
        Language = q.Language,
        CustomerNote = q.CustomerNote,
        InternalNote = q.InternalNote,
        Revision = q.Revision,
        Lines = [.. q.Lines.Select(l => new QuoteLineRow
        {
            ProductId = l.ProductId, Quantity = l.Quantity, UnitPrice = l.UnitPrice.Amount, DiscountPercent = l.DiscountPercent, Description = l.Description,
        })],
        Values = [.. q.ValuePropositions.Select(v => new ValueRow { Kind = v.Kind, Description = v.Description, Value = v.Value?.Amount, Basis = v.Basis })],
    }.WithBlankRows();

    /// <summary>The form with its blank rows to fill in.</summary>
    public QuoteForm WithBlankRows()
    {
        Lines = [.. Lines.Where(l => !l.IsBlank), .. Enumerable.Range(0, BlankLines).Select(_ => new QuoteLineRow())];
        Values = [.. Values.Where(v => !v.IsBlank), .. Enumerable.Range(0, BlankValues).Select(_ => new ValueRow())];
        return this;
    }

    /// <summary>The core's input, skipping blank rows; the maps say which form row each input row came from.</summary>
    public (QuoteInput Input, List<int> LineRows, List<int> ValueRows) ToInput(long opportunityId)
    {
        var lineRows = Lines.Select((l, i) => (l, i)).Where(x => !x.l.IsBlank).Select(x => x.i).ToList();
        var valueRows = Values.Select((v, i) => (v, i)).Where(x => !x.v.IsBlank).Select(x => x.i).ToList();
        var input = new QuoteInput
        {
            OpportunityId = opportunityId,
            Currency = Currency,
            ValidUntil = ValidUntil,
            Language = Language,
            CustomerNote = CustomerNote,
            InternalNote = InternalNote,
            Lines = [.. lineRows.Select(i => Lines[i]).Select(l => new QuoteLineInput(l.ProductId, l.Quantity,
                l.UnitPrice is { } price ? new Money(price, "") : null, l.DiscountPercent, l.Description))],
            ValuePropositions = [.. valueRows.Select(i => Values[i]).Select(v => new ValuePropositionInput(v.Kind, v.Description,
                v.Value is { } value ? new Money(value, "") : null, v.Basis))],
        };
        return (input, lineRows, valueRows);
    }

    [GeneratedRegex(@"^(lines|valuePropositions)\[(\d+)\]\.?(\w*)")]
    private static partial Regex RowField();

    /// <summary>Puts the core's field errors ("lines[1].quantity") on the form's rows ("Form.Lines[3].Quantity").</summary>
    public static void ApplyErrors(ModelStateDictionary state, ValidationException e, List<int> lineRows, List<int> valueRows)
    {
        foreach (var (field, messages) in e.Errors)
        {
            string key;
            var m = RowField().Match(field);
            if (m.Success)
            {
                var index = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
                var isLine = m.Groups[1].Value == "lines";
                var rows = isLine ? lineRows : valueRows;
                var row = index < rows.Count ? rows[index] : index;
                var property = m.Groups[3].Value is { Length: > 0 } p ? char.ToUpperInvariant(p[0]) + p[1..] : "";
                key = $"Form.{(isLine ? "Lines" : "Values")}[{row}]" + (property.Length > 0 ? "." + property : "");
            }
            else
            {
                key = field is "lines" or "valuePropositions" ? "" : "Form." + char.ToUpperInvariant(field[0]) + field[1..].Split('.')[0];
            }
            foreach (var message in messages)
            {
                state.AddModelError(key, message);
            }
        }
    }

    public static IReadOnlyList<SelectListItem> Languages() =>
        [new(QuotePagesText.Language_en, "en"), new(QuotePagesText.Language_ko, "ko")];

    public static IReadOnlyList<SelectListItem> Currencies(string? current) =>
        [.. Money.CommonCurrencies.Union(current is null ? [] : [current]).Select(c => new SelectListItem(c, c))];
}

/// <summary>How the quote pages show amounts and badges.</summary>
public static class QuoteDisplay
{
    public static string Money(Money? money) => money is null ? Shared.UiText.NotSet : Shared.Display.Money(money.Amount, money.Currency);

    public static string Number(decimal value) => value.ToString("#,0.####", CultureInfo.CurrentCulture);

    public static string Percent(decimal? value) => value is { } v ? QuoteApproval.Pct(v) : Shared.UiText.NotSet;

    public static string StatusClass(QuoteStatus status) => "badge quote-" + status.ToString().ToLowerInvariant();

    public static string ApprovalClass(ApprovalState state) => "badge approval-" + state.ToString().ToLowerInvariant();

    public static string Field(string field) => QuotePagesText.ResourceManager.GetString("Field_" + field, CultureInfo.CurrentUICulture) ?? field;
}
