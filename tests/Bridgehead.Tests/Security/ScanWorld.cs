using System.Globalization;
using Bridgehead.Imports;
using Bridgehead.Negotiation;
using Bridgehead.Tests.Infrastructure;
using Bridgehead.Tests.Queries;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Security;

/// <summary>
/// A world to scan every output of: the query world's team (manager and rep owning the anchor
/// account), quality, product, viewer and admin users with one deal of every kind of record, plus
/// negotiation records on the anchor pursuit. <see cref="Fill"/> fills any route parameter from
/// it; <see cref="Queries"/> gives the query strings to ask each route with.
/// </summary>
public sealed class ScanWorld
{
    private readonly Dictionary<string, long> _ids = new(StringComparer.Ordinal);

    private ScanWorld(QueryWorld world, IReadOnlyList<string> reports, string currency, long holidayId)
    {
        World = world;
        Reports = reports;
        Currency = currency;
        HolidayId = holidayId;
    }

    public QueryWorld World { get; }

    public TestApp App => World.App;

    public IReadOnlyList<string> Reports { get; }

    /// <summary>An exchange rate's currency, for the rate's routes.</summary>
    public string Currency { get; }

    public long HolidayId { get; }

    /// <summary>The id of a record of the kind, by the address segment before it ("quotes", "products", ...).</summary>
    public long this[string kind]
    {
        get => _ids[kind];
        set => _ids[kind] = value;
    }

    public static async Task<ScanWorld> CreateAsync(TestApp app)
    {
        var world = await QueryWorld.CreateAsync(app);
        await world.AddDealsAsync(1);
        using var admin = app.Client(world.Admin);
        var reports = (await admin.GetJsonAsync("/api/v1/reports"))["items"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).ToList();
        await using var db = app.OpenDb();
        var tag = world.Tag;
        var accountIds = await db.Accounts.Where(a => a.Name.StartsWith(tag)).Select(a => a.Id).ToListAsync();
        var anchor = world.AnchorAccountId;
        var opportunity = world.AnchorOpportunityId;
        var term = new NegotiationTerm { AccountId = anchor, OpportunityId = opportunity, Kind = TermKind.Payment, Label = "Payment days", Unit = "days", Opening = 30, Target = 45, WalkAway = 60, Position = 1 };
        db.NegotiationTerms.Add(term);
        await db.SaveChangesAsync();
        var offer = new NegotiationOffer { AccountId = anchor, OpportunityId = opportunity, TermId = term.Id, Round = 1, Side = OfferSide.Theirs, Value = 90, OfferedOn = DateOnly.FromDateTime(DateTime.UtcNow), RecordedById = world.Rep.Id };
        var concession = new Concession { AccountId = anchor, OpportunityId = opportunity, TermId = term.Id, Gave = "Free samples", ConcededOn = DateOnly.FromDateTime(DateTime.UtcNow), RecordedById = world.Rep.Id };
        db.NegotiationOffers.Add(offer);
        db.Concessions.Add(concession);
        await db.SaveChangesAsync();
        var holiday = await db.Holidays.OrderBy(h => h.Id).Select(h => h.Id).FirstOrDefaultAsync();
        if (holiday == 0)
        {
            var added = new global::Bridgehead.Calendar.Holiday { Date = new DateOnly(2026, 12, 31), Name = tag + " day off" };
            db.Holidays.Add(added);
            await db.SaveChangesAsync();
            holiday = added.Id;
        }
        var currency = await db.ExchangeRates.OrderBy(r => r.Id).Select(r => r.Currency).FirstAsync();
        var scan = new ScanWorld(world, reports, currency.Trim(), holiday);
        scan["accounts"] = anchor;
        scan["opportunities"] = opportunity;
        scan["contacts"] = await db.Contacts.Where(c => c.AccountId == anchor).Select(c => c.Id).FirstAsync();
        scan["products"] = await db.Products.Where(p => p.Name.StartsWith(tag)).Select(p => p.Id).FirstAsync();
        scan["quotes"] = await db.Quotes.Where(q => accountIds.Contains(q.AccountId)).Select(q => q.Id).FirstAsync();
        scan["orders"] = await db.Orders.Where(o => accountIds.Contains(o.AccountId)).Select(o => o.Id).FirstAsync();
        scan["deliveries"] = await db.Deliveries.Where(d => accountIds.Contains(d.AccountId)).Select(d => d.Id).FirstAsync();
        scan["incidents"] = await db.Incidents.Where(i => accountIds.Contains(i.AccountId)).Select(i => i.Id).FirstAsync();
        scan["imports"] = world.AnchorImportId;
        scan["import-mappings"] = await db.ImportMappings.Where(m => m.Name.StartsWith(tag)).Select(m => m.Id).FirstAsync();
        scan["webhooks"] = world.AnchorWebhookId;
        scan["users"] = world.Rep.Id;
        scan["tasks"] = await db.Tasks.Where(t => t.AccountId == anchor).Select(t => t.Id).FirstAsync();
        scan["activities"] = await db.Activities.Where(a => a.AccountId == anchor).Select(a => a.Id).FirstAsync();
        scan["contracts"] = await db.Contracts.Where(c => accountIds.Contains(c.AccountId)).Select(c => c.Id).FirstAsync();
        scan["product-requests"] = await db.ProductRequests.Where(r => r.Title.StartsWith(tag)).Select(r => r.Id).FirstAsync();
        scan["references"] = await db.ReferenceCases.Where(r => r.Title.StartsWith(tag)).Select(r => r.Id).FirstAsync();
        scan["competitors"] = await db.Competitors.Where(c => c.Name.StartsWith(tag)).Select(c => c.Id).FirstAsync();
        scan["competitor-moves"] = await db.CompetitorMoves.Where(m => m.Title.StartsWith(tag)).Select(m => m.Id).FirstAsync();
        scan["applications"] = await db.Applications.Where(a => a.NameEn.StartsWith(tag)).Select(a => a.Id).FirstAsync();
        scan["pipelines"] = await db.Pipelines.Where(p => p.NameEn.StartsWith(tag)).Select(p => p.Id).FirstAsync();
        scan["holidays"] = holiday;
        scan["trials"] = await db.TrialPhases.Where(p => accountIds.Contains(p.AccountId)).Select(p => p.Id).FirstAsync();
        scan["trial-findings"] = await db.TrialFindings.Where(f => accountIds.Contains(f.AccountId)).Select(f => f.Id).FirstAsync();
        scan["memberId"] = await db.BuyingCenterMembers.Where(m => m.OpportunityId == opportunity).Select(m => m.Id).FirstAsync();
        scan["feedbackId"] = await db.Feedback.Where(f => f.OpportunityId == opportunity).Select(f => f.Id).FirstAsync();
        scan["shareId"] = await db.SupplierShares.Where(s => s.AccountId == anchor).Select(s => s.Id).FirstAsync();
        scan["eventId"] = await db.IncumbentEvents.Where(e => e.AccountId == anchor).Select(e => e.Id).FirstAsync();
        scan["termId"] = term.Id;
        scan["offerId"] = offer.Id;
        scan["concessionId"] = concession.Id;
        scan["secondQuote"] = scan["quotes"];
        return scan;
    }

    /// <summary>Routes the scans do not ask, and why.</summary>
    public static readonly IReadOnlyDictionary<string, string> Skips = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["api/v1/exports/{entity}"] = "answers 400 for a kind that has no export; each kind has its own route, scanned",
        ["openapi/{documentName}.json"] = "describes the API (its schemas name every member, unitCost too) and holds no record's data",
        ["api/reference/*"] = "the interactive reference page of that description and its script files",
    };

    /// <summary>Whether a route is skipped: named in <see cref="Skips"/>, or under a prefix named there with "/*".</summary>
    public static bool Skipped(string template) =>
        Skips.ContainsKey(template) || Skips.Keys.Any(k => k.EndsWith("/*", StringComparison.Ordinal) && template.StartsWith(k[..^1], StringComparison.Ordinal));

    /// <summary>The kinds of record by the segment before an {id} where the address names them otherwise.</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["market-watch"] = "competitor-moves",
        ["phaseId"] = "trials",
        ["findingId"] = "trial-findings",
        ["accountId"] = "accounts",
    };

    /// <summary>Values of a route parameter: by its name, else by the segment before it; null when the world has none.</summary>
    public IReadOnlyList<string>? Fill(string name, string? previous)
    {
        switch (name)
        {
            case "name":
                return Reports;
            case "entity":
                return [.. Enum.GetValues<ImportEntity>().Select(e => global::Bridgehead.Exports.ExportsApi.Key(e))];
            case "currency":
                return [Currency];
            case "code":
                return ["404"];
            default:
                break;
        }
        var kind = name == "id" ? previous : name;
        if (kind is null)
        {
            return null;
        }
        kind = Aliases.GetValueOrDefault(kind, kind);
        return _ids.TryGetValue(kind, out var id) ? [id.ToString(CultureInfo.InvariantCulture)] : null;
    }

    /// <summary>
    /// The queries to ask a route with: lists filtered to the world's anchor account and pursuit
    /// (unknown parameters are ignored), the two quotes' comparison, and every file format of
    /// downloads (exports, reports, import error reports).
    /// </summary>
    public IReadOnlyList<string> Queries(string template)
    {
        var filter = string.Create(CultureInfo.InvariantCulture, $"limit=500&accountId={this["accounts"]}&opportunityId={this["opportunities"]}");
        if (template.EndsWith("compare", StringComparison.Ordinal))
        {
            return [string.Create(CultureInfo.InvariantCulture, $"a={this["quotes"]}&b={this["secondQuote"]}")];
        }
        if (template.StartsWith("api/v1/exports/", StringComparison.Ordinal) || template.StartsWith("api/v1/reports/{name", StringComparison.Ordinal)
            || template.EndsWith("/errors", StringComparison.Ordinal))
        {
            return ["", "format=csv", "format=xlsx"];
        }
        if (template is "api/v1/products" or "products" or "search" or "api/v1/search")
        {
            return ["q=" + World.Tag + "&limit=500"];
        }
        return template.Contains('{', StringComparison.Ordinal) ? [""] : [filter];
    }
}
