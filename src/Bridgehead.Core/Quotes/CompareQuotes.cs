using System.Text.Json.Serialization;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;

namespace Bridgehead.Quotes;

/// <summary>What became of a line from version a to version b.</summary>
public enum LineChange
{
    Same,
    Changed,
    Added,
    Removed,
}

/// <summary>One version of a comparison.</summary>
public sealed record ComparedQuote(long Id, int Version, QuoteStatus Status, string Currency, DateOnly ValidUntil, int ValuePropositions);

/// <summary>A line's values in one version.</summary>
public sealed record ComparedLineValues(decimal Quantity, Money UnitPrice, decimal DiscountPercent, Money LineTotal);

/// <summary>A product's line in both versions; <c>changedFields</c> names what differs (quantity, unitPrice, discountPercent, description).</summary>
public sealed record ComparedLine(long ProductId, string Sku, string Description, LineChange Change, ComparedLineValues? A, ComparedLineValues? B, IReadOnlyList<string> ChangedFields);

/// <summary>An amount in both versions and b minus a (null when the currencies differ).</summary>
public sealed record ComparedAmount(Money A, Money B, Money? Difference);

/// <summary>A percentage in both versions (null where unknown) and b minus a.</summary>
public sealed record ComparedPercent(decimal? A, decimal? B, decimal? Difference);

/// <summary>Two versions of one pursuit's quote side by side. Margin only for managers and admins (absent otherwise).</summary>
public sealed record QuoteComparison(
    ComparedQuote A,
    ComparedQuote B,
    IReadOnlyList<ComparedLine> Lines,
    ComparedAmount Subtotal,
    ComparedAmount Total,
    ComparedPercent MaxDiscountPercent,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ComparedAmount? Margin,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ComparedPercent? MarginPercent);

/// <summary>
/// Compares two versions of the same pursuit line by line: lines are paired by product (in order
/// when a product appears more than once); a product only in b is added, only in a removed.
/// </summary>
public sealed class CompareQuotes(BridgeheadDb db)
{
    public async Task<QuoteComparison> HandleAsync(long? a, long? b, CancellationToken ct)
    {
        var viewer = Access.Require(db.Viewer);
        var v = new Validator();
        if (a is null)
        {
            v.Add("a", CommonText.Required);
        }
        if (b is null)
        {
            v.Add("b", CommonText.Required);
        }
        v.ThrowIfInvalid();
        var first = await QuoteReader.ReadAsync(db, a!.Value, ct);
        var second = await QuoteReader.ReadAsync(db, b!.Value, ct);
        if (first.OpportunityId != second.OpportunityId)
        {
            throw ValidationException.For("b", QuotesText.CompareOtherPursuit);
        }

        var lines = new List<ComparedLine>();
        var remaining = second.Lines.ToList();
        foreach (var line in first.Lines)
        {
            var match = remaining.FirstOrDefault(l => l.ProductId == line.ProductId);
            if (match is null)
            {
                lines.Add(new ComparedLine(line.ProductId, line.Sku, line.Description, LineChange.Removed, Values(line), null, []));
                continue;
            }
            remaining.Remove(match);
            var changed = new List<string>();
            if (line.Quantity != match.Quantity)
            {
                changed.Add("quantity");
            }
            if (line.UnitPrice != match.UnitPrice)
            {
                changed.Add("unitPrice");
            }
            if (line.DiscountPercent != match.DiscountPercent)
            {
                changed.Add("discountPercent");
            }
            if (line.Description != match.Description)
            {
                changed.Add("description");
            }
            lines.Add(new ComparedLine(match.ProductId, match.Sku, match.Description, changed.Count == 0 ? LineChange.Same : LineChange.Changed,
                Values(line), Values(match), changed));
        }
        lines.AddRange(remaining.Select(l => new ComparedLine(l.ProductId, l.Sku, l.Description, LineChange.Added, null, Values(l), [])));

        var margin = viewer.SeesCosts && first.Margin is not null && second.Margin is not null ? Amount(first.Margin, second.Margin) : null;
        var marginPercent = viewer.SeesCosts && (first.MarginPercent is not null || second.MarginPercent is not null)
            ? Percent(first.MarginPercent, second.MarginPercent)
            : null;
        return new QuoteComparison(Side(first), Side(second), lines, Amount(first.Subtotal, second.Subtotal), Amount(first.Total, second.Total),
            Percent(first.MaxDiscountPercent, second.MaxDiscountPercent), margin, marginPercent);
    }

    private static ComparedQuote Side(QuoteDto q) => new(q.Id, q.Version, q.Status, q.Currency, q.ValidUntil, q.ValuePropositions.Count);

    private static ComparedLineValues Values(QuoteLineDto l) => new(l.Quantity, l.UnitPrice, l.DiscountPercent, l.LineTotal);

    private static ComparedAmount Amount(Money a, Money b) =>
        new(a, b, a.Currency == b.Currency ? new Money(b.Amount - a.Amount, a.Currency) : null);

    private static ComparedPercent Percent(decimal? a, decimal? b) => new(a, b, a is { } x && b is { } y ? y - x : null);
}
