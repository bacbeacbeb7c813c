using Bridgehead.Identity;
using Bridgehead.Imports;

namespace Bridgehead.Exports;

/// <summary>
/// The "Export CSV" and "Export XLSX" links of a list page: the export of that kind of record with
/// the filters the page shows (its own query string, translated where a page names a filter
/// differently from the API; paging and sorting left out).
/// </summary>
public sealed record ExportLinks(string Entity, IQueryCollection Query)
{
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase) { "cursor", "fragment", "sort", "limit", "handler", "format" };

    /// <summary>Whether the viewer may export this kind of record (the export answers 403 otherwise, so the page offers no link).</summary>
    public bool Allowed(Viewer? viewer) => viewer is not null && Entity switch
    {
        "opportunities" => viewer.CanReadSales,
        "orders" => Orders.OrderAccess.ReadsOrders(viewer),
        _ => true,
    };

    /// <summary>The export address in a format.</summary>
    public string Url(TabularFormat format)
    {
        var values = new List<KeyValuePair<string, string?>>();
        foreach (var (name, value) in Query)
        {
            var v = value.ToString();
            if (Dropped.Contains(name) || string.IsNullOrWhiteSpace(v))
            {
                continue;
            }
            switch (Entity, name.ToLowerInvariant())
            {
                // The catalogue shows products on offer unless retired ones are asked for (then both).
                case ("products", "retired"):
                    continue;
                // The order list's checkboxes mean "only these" when ticked and nothing otherwise.
                case ("orders", "atrisk" or "late") when !string.Equals(v, "true", StringComparison.OrdinalIgnoreCase):
                    continue;
                default:
                    values.Add(new(name, v));
                    break;
            }
        }
        if (Entity == "products" && !string.Equals(Query["retired"].ToString(), "true", StringComparison.OrdinalIgnoreCase))
        {
            values.Add(new("active", "true"));
        }
        values.Add(new("format", format == TabularFormat.Xlsx ? "xlsx" : "csv"));
        return "/api/v1/exports/" + Uri.EscapeDataString(Entity) + QueryString.Create(values).ToUriComponent();
    }
}
