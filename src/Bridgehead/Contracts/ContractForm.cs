using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Bridgehead.Common;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Bridgehead.Contracts;

/// <summary>One line row of the contract form; a row without product, quantity and price is ignored.</summary>
public sealed class ContractLineRow
{
    public long? ProductId { get; set; }
    public decimal? Quantity { get; set; }
    public decimal? UnitPrice { get; set; }

    public bool IsBlank => ProductId is null && Quantity is null && UnitPrice is null;
}

/// <summary>The contract form as the browser posts it (bound as "Form"): the terms, the period and a fixed number of line rows.</summary>
public sealed class ContractForm
{
    /// <summary>Blank rows the form offers below the filled ones.</summary>
    public const int BlankLines = 3;

    [Display(Name = nameof(ContractPagesText.Number), ResourceType = typeof(ContractPagesText))]
    public string? Number { get; set; }

    [Display(Name = nameof(ContractPagesText.StartsOn), ResourceType = typeof(ContractPagesText))]
    public DateOnly? StartsOn { get; set; }

    [Display(Name = nameof(ContractPagesText.EndsOn), ResourceType = typeof(ContractPagesText))]
    public DateOnly? EndsOn { get; set; }

    [Display(Name = nameof(ContractPagesText.SignedOn), ResourceType = typeof(ContractPagesText))]
    public DateOnly? SignedOn { get; set; }

    [Display(Name = nameof(ContractPagesText.Currency), ResourceType = typeof(ContractPagesText))]
    public string? Currency { get; set; }

    [Display(Name = nameof(ContractPagesText.Terms), ResourceType = typeof(ContractPagesText))]
    public string? Terms { get; set; }

    [Display(Name = nameof(ContractPagesText.Notes), ResourceType = typeof(ContractPagesText))]
    public string? Notes { get; set; }

    [Display(Name = nameof(ContractPagesText.WinNow), ResourceType = typeof(ContractPagesText))]
    public bool Win { get; set; }

    public long Version { get; set; }

    public List<ContractLineRow> Lines { get; set; } = [];

    public static ContractForm From(ContractInput input) => new ContractForm
    {
        Number = input.Number,
        StartsOn = input.StartsOn,
        EndsOn = input.EndsOn,
        SignedOn = input.SignedOn,
        Currency = input.Currency,
        Terms = input.Terms,
        Notes = input.Notes,
        Win = input.Win ?? false,
        Lines = [.. (input.Lines ?? []).Select(l => new ContractLineRow { ProductId = l.ProductId, Quantity = l.Quantity, UnitPrice = l.UnitPrice?.Amount })],
    }.WithBlankRows();

    public static ContractForm From(ContractDto c) => new ContractForm
    {
        Number = c.Number,
        StartsOn = c.StartsOn,
        EndsOn = c.EndsOn,
        SignedOn = c.SignedOn,
        Currency = c.Currency,
        Terms = c.Terms,
        Notes = c.Notes,
        Version = c.Version,
        Lines = [.. c.Lines.Select(l => new ContractLineRow { ProductId = l.ProductId, Quantity = l.Quantity, UnitPrice = l.UnitPrice.Amount })],
    }.WithBlankRows();

    /// <summary>The form with its blank rows to fill in.</summary>
    public ContractForm WithBlankRows()
    {
        Lines = [.. Lines.Where(l => !l.IsBlank), .. Enumerable.Range(0, BlankLines).Select(_ => new ContractLineRow())];
        return this;
    }

    /// <summary>The rows the input is made of (blank rows skipped), by input position.</summary>
    public List<int> LineRows() => [.. Lines.Select((l, i) => (l, i)).Where(x => !x.l.IsBlank).Select(x => x.i)];

    /// <summary>The core's input; the account and pursuit are the page's, <c>win</c> only when the page offers it.</summary>
    public ContractInput ToInput(long? accountId, long? opportunityId, bool? win) => new()
    {
        AccountId = accountId,
        OpportunityId = opportunityId,
        Number = Number,
        StartsOn = StartsOn,
        EndsOn = EndsOn,
        SignedOn = SignedOn,
        Currency = Currency,
        Terms = Terms,
        Notes = Notes,
        Win = win,
        Lines = [.. LineRows().Select(i => Lines[i]).Select(l => new ContractLineInput(l.ProductId, l.Quantity, l.UnitPrice is { } price ? new Money(price, "") : null))],
    };

    /// <summary>
    /// Where the core's line errors go: "lines[1].quantity" is about the second non-blank row, which
    /// may be the form's fourth ("Form.Lines[3].Quantity"); a price's amount or currency goes on its price.
    /// </summary>
    public IReadOnlyDictionary<string, string> ErrorFields()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var rows = LineRows();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = $"Lines[{rows[i]}]";
            map[$"lines[{i}]"] = row;
            map[$"lines[{i}].productId"] = row + ".ProductId";
            map[$"lines[{i}].quantity"] = row + ".Quantity";
            map[$"lines[{i}].unitPrice"] = row + ".UnitPrice";
            map[$"lines[{i}].unitPrice.amount"] = row + ".UnitPrice";
            map[$"lines[{i}].unitPrice.currency"] = row + ".UnitPrice";
        }
        map["lines"] = "Lines";
        return map;
    }

    public static IReadOnlyList<SelectListItem> Currencies(string? current) =>
        [.. Money.CommonCurrencies.Union(current is null ? [] : [current]).Select(c => new SelectListItem(c, c))];
}

/// <summary>How the contract pages show amounts, volumes and the status.</summary>
public static class ContractDisplay
{
    public static string Money(Money? money) => money is null ? Shared.UiText.NotSet : Shared.Display.Money(money.Amount, money.Currency);

    public static string Number(decimal value) => value.ToString("#,0.####", CultureInfo.CurrentCulture);

    public static string StatusClass(ContractStatus status) => "badge contract-" + status.ToString().ToLowerInvariant();

    public static string Title(ContractDto c) => c.Number is { } number
        ? Common.Validator.Format(ContractPagesText.TitleNumbered, number)
        : Common.Validator.Format(ContractPagesText.TitleUnnumbered, c.Id);

    public static string Period(ContractDto c) => Common.Validator.Format(ContractPagesText.PeriodValue, Shared.Display.Date(c.StartsOn), Shared.Display.Date(c.EndsOn));

    /// <summary>"300 of 1,000 pcs called off".</summary>
    public static string CalledOff(ContractLineDto l) => Common.Validator.Format(ContractPagesText.CalledOffOf, Number(l.CalledOff), Number(l.Quantity), l.Unit);

    /// <summary>A meter's value: what was called off, within the volume (an excess fills the meter).</summary>
    public static string MeterValue(ContractLineDto l) => Shared.Display.InputNumber(Math.Min(l.CalledOff, l.Quantity));

    public static string MeterMax(ContractLineDto l) => Shared.Display.InputNumber(l.Quantity);
}
