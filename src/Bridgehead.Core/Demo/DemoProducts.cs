using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Products;

namespace Bridgehead.Demo;

/// <summary>
/// The invented supplier's catalogue: one or two SKUs for every product line the demo pursuits and
/// shares of wallet name (the category is the line's English category, so they match), priced in
/// won with margins of 18-45% and one retired article.
/// </summary>
internal static class DemoProducts
{
    /// <summary>Category, SKU, name, unit, list price (KRW), cost share of the price, lead time (working days), weekly capacity, minimum batch (0: none).</summary>
    private static readonly (string Category, string Sku, string Name, string Unit, decimal Price, decimal CostShare, int LeadDays, decimal Capacity, decimal Batch)[] Catalogue =
    [
        ("Burner valves", "BV-G25", "Gas burner valve DN25", "pcs", 186_000m, 0.62m, 21, 600m, 50m),
        ("Burner valves", "BV-G50", "Gas burner valve DN50, dual seat", "pcs", 348_000m, 0.64m, 28, 250m, 20m),
        ("Heat exchanger tubes", "HX-T19", "Heat exchanger tube 19 mm, stainless 316L", "m", 42_000m, 0.71m, 35, 12_000m, 1000m),
        ("Heat exchanger tubes", "HX-F25", "Finned tube 25 mm, copper-nickel", "m", 67_500m, 0.74m, 42, 5_000m, 500m),
        ("Welding consumables", "WC-E71", "Flux-cored wire E71T-1, 1.2 mm", "kg", 6_800m, 0.80m, 7, 40_000m, 2000m),
        ("Welding consumables", "WC-S308", "Stainless rod ER308L, 2.4 mm", "kg", 21_500m, 0.76m, 10, 8_000m, 500m),
        ("Stainless flanges", "SF-150", "Weld-neck flange ASME 150#, 4 inch, 316", "pcs", 128_000m, 0.68m, 30, 900m, 50m),
        ("Gaskets and seals", "GS-SW4", "Spiral-wound gasket 4 inch, graphite filler", "pcs", 18_900m, 0.55m, 14, 5_000m, 200m),
        ("Gaskets and seals", "GS-KIT", "Pump seal kit, FKM", "set", 74_000m, 0.58m, 14, 1_200m, 0m),
        ("Pressure sensors", "PS-420", "Pressure transmitter 0-40 bar, 4-20 mA", "pcs", 295_000m, 0.57m, 21, 400m, 0m),
        ("Ball valves", "BL-3P50", "Three-piece ball valve DN50, full bore", "pcs", 215_000m, 0.66m, 21, 700m, 50m),
        ("Ball valves", "BL-2P25", "Two-piece ball valve DN25 (replaced by BL-3P25)", "pcs", 96_000m, 0.69m, 21, 0m, 0m),
        ("High-purity fittings", "HP-VCR", "UHP VCR fitting 1/4 inch, electropolished", "pcs", 58_000m, 0.60m, 28, 3_000m, 100m),
        ("Refractory materials", "RF-C60", "Castable refractory 60% alumina", "t", 1_450_000m, 0.78m, 21, 80m, 5m),
        ("Hydraulic hoses", "HH-4SH", "Hydraulic hose 4SH, 3/4 inch, assembled", "m", 38_000m, 0.72m, 10, 6_000m, 300m),
        ("Structural bolts", "SB-M20", "High-strength bolt set F10T M20x80", "set", 2_900m, 0.82m, 14, 120_000m, 5000m),
        ("Pipe insulation", "PI-MW50", "Mineral wool pipe section 50 mm", "m", 14_500m, 0.73m, 10, 20_000m, 1000m),
        ("Control valves", "CV-G80", "Globe control valve DN80, pneumatic", "pcs", 3_850_000m, 0.61m, 56, 40m, 0m),
        ("Bearings", "BR-6310", "Deep-groove ball bearing 6310-2RS", "pcs", 24_000m, 0.70m, 14, 10_000m, 500m),
        ("Precision castings", "PC-IMP", "Investment-cast impeller, CF8M", "pcs", 412_000m, 0.67m, 49, 150m, 10m),
        ("Compressor parts", "CP-VLV", "Compressor valve plate assembly", "set", 265_000m, 0.63m, 35, 300m, 20m),
        ("Cleanroom filters", "CF-H14", "HEPA filter H14, 610x610x150", "pcs", 520_000m, 0.59m, 28, 500m, 0m),
        ("Servo motors", "SM-750", "AC servo motor 750 W with encoder", "pcs", 689_000m, 0.74m, 42, 200m, 0m),
        ("Expansion joints", "EJ-M150", "Metal bellows expansion joint DN150", "pcs", 1_240_000m, 0.65m, 49, 60m, 0m),
    ];

    public static async Task CreateAsync(BridgeheadDb db, CancellationToken ct)
    {
        foreach (var c in Catalogue)
        {
            var retired = c.Capacity == 0m;
            db.Products.Add(new Product
            {
                Sku = c.Sku,
                SkuKey = Text.SearchKey(c.Sku),
                Name = c.Name,
                SearchName = Text.SearchKey(c.Name),
                Category = c.Category,
                Unit = c.Unit,
                ListPrice = c.Price,
                UnitCost = decimal.Round(c.Price * c.CostShare / 10m) * 10m,
                Currency = "KRW",
                ProductionLeadTimeDays = c.LeadDays,
                WeeklyCapacity = retired ? null : c.Capacity,
                MinimumBatch = c.Batch > 0 ? c.Batch : null,
                IsActive = !retired,
                Notes = retired ? "Retired: replaced by BL-3P25." : null,
            });
        }
        await db.SaveChangesAsync(ct);
    }
}
