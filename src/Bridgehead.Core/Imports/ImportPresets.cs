using System.Globalization;
using System.Text;

namespace Bridgehead.Imports;

/// <summary>
/// A ready column mapping for the export files of another CRM: the column headers that system
/// writes (both the labels of its report exports and the API names of its data exports), each
/// with the field key it fills here. Several headers may name one field; the first one present in
/// a file wins.
/// </summary>
public sealed record ImportPreset(string Key, ImportEntity Entity, IReadOnlyList<KeyValuePair<string, string>> Columns)
{
    /// <summary>The system's name as people know it (not translated).</summary>
    public string Name => ImportPresets.NameOf(Key);

    /// <summary>The field a header fills under this preset (compared case-, space- and punctuation-insensitively), or null.</summary>
    public string? FieldFor(string header)
    {
        var key = ImportPresets.Normalise(header);
        foreach (var (name, field) in Columns)
        {
            if (ImportPresets.Normalise(name) == key)
            {
                return field;
            }
        }
        return null;
    }
}

/// <summary>A file's columns mapped to fields.</summary>
/// <param name="Preset">The preset used: the one asked for, or the one detected; null for none.</param>
/// <param name="Mapping">Column header to field key, for the columns that found a field (each field once).</param>
/// <param name="Unmapped">The headers left unmapped ("do not import" until someone chooses).</param>
/// <param name="MissingRequired">Required fields no column fills yet; each entry lists alternatives, one of which is needed (e.g. accountId or accountExternalId).</param>
public sealed record AutoMapResult(
    string? Preset,
    [property: System.Text.Json.Serialization.JsonConverter(typeof(ExactKeysJson))] IReadOnlyDictionary<string, string> Mapping,
    IReadOnlyList<string> Unmapped,
    IReadOnlyList<IReadOnlyList<string>> MissingRequired);

/// <summary>
/// Presets for Salesforce and HubSpot export files, and the automatic mapping of a file's headers
/// to field keys: a header matches the field whose key it is, whose English or Korean label it is,
/// or which the chosen (or detected) preset gives it; case, spaces and punctuation do not count.
/// </summary>
public static class ImportPresets
{
    public const string Salesforce = "salesforce";
    public const string HubSpot = "hubspot";

    /// <summary>Keys of the systems that have presets, in the order they are offered.</summary>
    public static IReadOnlyList<string> Systems { get; } = [Salesforce, HubSpot];

    public static string NameOf(string key) => key switch
    {
        Salesforce => "Salesforce",
        HubSpot => "HubSpot",
        _ => key,
    };

    private static KeyValuePair<string, string> C(string header, string field) => new(header, field);

    /// <summary>Every preset, per system and kind.</summary>
    public static IReadOnlyList<ImportPreset> All { get; } =
    [
        // Salesforce: report exports write field labels ("Account Name"), Data Loader and data
        // exports API names ("Name", "BillingCountry"); both are listed.
        new(Salesforce, ImportEntity.Accounts,
        [
            C("Account ID", "externalId"), C("Id", "externalId"),
            C("Account Name", "name"), C("Name", "name"),
            C("Industry", "industry"),
            C("Billing Country", "country"), C("BillingCountry", "country"),
            C("Billing City", "city"), C("BillingCity", "city"),
            C("Website", "website"),
            C("Employees", "employees"), C("NumberOfEmployees", "employees"),
            C("Account Owner Email", "owner"), C("Owner Email", "owner"), C("Owner.Email", "owner"),
            C("Parent Account ID", "parentExternalId"), C("ParentId", "parentExternalId"),
            C("Description", "notes"), C("Account Description", "notes"),
        ]),
        new(Salesforce, ImportEntity.Contacts,
        [
            C("Contact ID", "externalId"), C("Id", "externalId"),
            C("Account ID", "accountExternalId"), C("AccountId", "accountExternalId"),
            C("Full Name", "name"), C("Contact Name", "name"), C("Name", "name"),
            C("Title", "title"),
            C("Department", "department"),
            C("Email", "email"),
            C("Phone", "phone"), C("Business Phone", "phone"),
            C("Description", "pains"),
        ]),
        new(Salesforce, ImportEntity.Opportunities,
        [
            C("Opportunity ID", "externalId"), C("Id", "externalId"),
            C("Account ID", "accountExternalId"), C("AccountId", "accountExternalId"),
            C("Opportunity Name", "title"), C("Name", "title"),
            C("Stage", "stage"), C("StageName", "stage"),
            C("Amount", "estimatedAnnualValue"),
            C("Opportunity Currency", "currency"), C("CurrencyIsoCode", "currency"),
            C("Close Date", "expectedCloseDate"), C("CloseDate", "expectedCloseDate"),
            C("Probability (%)", "probability"), C("Probability", "probability"),
            C("Forecast Category", "forecastCategory"), C("ForecastCategoryName", "forecastCategory"),
            C("Opportunity Owner Email", "owner"), C("Owner Email", "owner"), C("Owner.Email", "owner"),
            C("Description", "notes"),
        ]),
        new(Salesforce, ImportEntity.Products,
        [
            C("Product ID", "externalId"), C("Id", "externalId"),
            C("Product Code", "sku"), C("ProductCode", "sku"),
            C("Product Name", "name"), C("Name", "name"),
            C("Product Family", "category"), C("Family", "category"),
            C("Quantity Unit Of Measure", "unit"), C("QuantityUnitOfMeasure", "unit"),
            C("Product Currency", "currency"), C("CurrencyIsoCode", "currency"),
            C("List Price", "listPrice"),
            C("Active", "isActive"), C("IsActive", "isActive"),
            C("Product Description", "notes"), C("Description", "notes"),
        ]),
        // Orders with their order products (Order/OrderItem): one row per line.
        new(Salesforce, ImportEntity.Orders,
        [
            C("Order ID", "externalId"), C("OrderId", "externalId"), C("Order Number", "externalId"),
            C("Order Product ID", "lineExternalId"), C("OrderItemId", "lineExternalId"), C("Order Product Number", "lineExternalId"), C("OrderItemNumber", "lineExternalId"),
            C("Account ID", "accountExternalId"), C("AccountId", "accountExternalId"),
            C("PO Number", "customerReference"), C("PoNumber", "customerReference"),
            C("Order Currency", "currency"), C("CurrencyIsoCode", "currency"),
            C("Order Start Date", "orderedOn"), C("EffectiveDate", "orderedOn"),
            C("Product Code", "productSku"), C("ProductCode", "productSku"),
            C("Quantity", "quantity"),
            C("Unit Price", "unitPrice"), C("UnitPrice", "unitPrice"),
            C("Start Date", "requestedDate"), C("ServiceDate", "requestedDate"),
            C("Order Description", "notes"), C("Description", "notes"),
        ]),
        // HubSpot: exports write property labels; record ids are "Record ID", associations "Associated Company IDs".
        new(HubSpot, ImportEntity.Accounts,
        [
            C("Record ID", "externalId"), C("Company ID", "externalId"),
            C("Company name", "name"), C("Name", "name"),
            C("Company Domain Name", "website"), C("Website URL", "website"),
            C("Industry", "industry"),
            C("Number of Employees", "employees"),
            C("Country/Region", "country"), C("Country", "country"),
            C("City", "city"),
            C("Parent Company ID", "parentExternalId"),
            C("Description", "notes"), C("About Us", "notes"),
        ]),
        new(HubSpot, ImportEntity.Contacts,
        [
            C("Record ID", "externalId"), C("Contact ID", "externalId"),
            C("Associated Company IDs (Primary)", "accountExternalId"), C("Primary Associated Company ID", "accountExternalId"),
            C("Associated Company ID", "accountExternalId"), C("Associated Company IDs", "accountExternalId"), C("Company ID", "accountExternalId"),
            C("Full Name", "name"), C("Name", "name"),
            C("Job Title", "title"),
            C("Email", "email"),
            C("Phone Number", "phone"),
        ]),
        new(HubSpot, ImportEntity.Opportunities,
        [
            C("Record ID", "externalId"), C("Deal ID", "externalId"),
            C("Associated Company IDs (Primary)", "accountExternalId"), C("Primary Associated Company ID", "accountExternalId"),
            C("Associated Company ID", "accountExternalId"), C("Associated Company IDs", "accountExternalId"),
            C("Deal Name", "title"),
            C("Deal Stage", "stage"),
            C("Amount", "estimatedAnnualValue"),
            C("Currency", "currency"),
            C("Close Date", "expectedCloseDate"),
            C("Deal Description", "notes"),
        ]),
        new(HubSpot, ImportEntity.Products,
        [
            C("Record ID", "externalId"), C("Product ID", "externalId"),
            C("SKU", "sku"),
            C("Name", "name"), C("Product name", "name"),
            C("Product Type", "category"),
            C("Unit price", "listPrice"), C("Price", "listPrice"),
            C("Currency", "currency"),
            C("Cost of goods sold", "unitCost"),
            C("Description", "notes"),
        ]),
    ];

    /// <summary>The presets offered for a kind of import.</summary>
    public static IReadOnlyList<ImportPreset> For(ImportEntity entity) => [.. All.Where(p => p.Entity == entity)];

    /// <summary>The preset of a system for a kind, or null (no such system, or no preset for that kind).</summary>
    public static ImportPreset? Find(ImportEntity entity, string? system) =>
        All.FirstOrDefault(p => p.Entity == entity && string.Equals(p.Key, system?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The preset the file looks like: the one that places most of the headers, when it places at
    /// least half of them (and two or more) and more than our own keys and labels, written exactly,
    /// do.
    /// </summary>
    public static ImportPreset? Detect(ImportEntity entity, IReadOnlyList<string> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var named = headers.Where(h => !string.IsNullOrWhiteSpace(h)).Distinct(StringComparer.Ordinal).ToList();
        if (named.Count == 0)
        {
            return null;
        }
        // Our own files write the exact keys (an export) or our labels; a look-alike such as
        // Salesforce's "Id" or "AccountId" counts for the preset, not for us.
        var fields = ImportFields.For(entity);
        var ours = named.Count(h => fields.Any(f => f.Key == h.Trim()
            || string.Equals(LabelIn(f, English), h.Trim(), StringComparison.OrdinalIgnoreCase)
            || string.Equals(LabelIn(f, Korean), h.Trim(), StringComparison.OrdinalIgnoreCase)));
        ImportPreset? best = null;
        var bestCount = 0;
        foreach (var preset in For(entity))
        {
            var count = named.Count(h => preset.FieldFor(h) is not null);
            if (count > bestCount)
            {
                best = preset;
                bestCount = count;
            }
        }
        return best is not null && bestCount >= 2 && bestCount * 2 >= named.Count && bestCount > ours ? best : null;
    }

    /// <summary>
    /// Maps a file's headers to fields. <paramref name="preset"/> names a system ("salesforce",
    /// "hubspot"), "none" for no preset, or null/"auto" to detect one. The preset's names come first,
    /// then field keys, then English and Korean labels; each field is filled by one column only.
    /// </summary>
    public static AutoMapResult AutoMap(ImportEntity entity, IReadOnlyList<string> headers, string? preset = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var chosen = Text(preset) switch
        {
            null or "auto" => Detect(entity, headers),
            "none" => null,
            var system => Find(entity, system),
        };
        var mapping = new Dictionary<string, string>(StringComparer.Ordinal);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var unmapped = new List<string>();
        foreach (var header in headers)
        {
            if (string.IsNullOrWhiteSpace(header) || mapping.ContainsKey(header))
            {
                continue;
            }
            var field = chosen?.FieldFor(header) ?? OwnField(entity, header);
            if (field is not null && taken.Add(field))
            {
                mapping[header] = field;
            }
            else
            {
                unmapped.Add(header);
            }
        }
        return new AutoMapResult(chosen?.Key, mapping, unmapped, MissingRequired(entity, mapping.Values));
    }

    /// <summary>Required fields the mapped fields do not cover; each entry lists alternatives, one of which is needed.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> MissingRequired(ImportEntity entity, IEnumerable<string> mappedFields)
    {
        var mapped = new HashSet<string>(mappedFields, StringComparer.Ordinal);
        var fields = ImportFields.For(entity);
        var missing = new List<IReadOnlyList<string>>();
        // A contact, pursuit or order belongs to an account: by Bridgehead id or by external id.
        // An update found by id does not need it, but a new record does, so it is asked for.
        if (fields.Any(f => f.Key == "accountExternalId") && !mapped.Contains("accountId") && !mapped.Contains("accountExternalId"))
        {
            missing.Add(["accountId", "accountExternalId"]);
        }
        missing.AddRange(fields.Where(f => f.Required && !mapped.Contains(f.Key)).Select(f => (IReadOnlyList<string>)[f.Key]));
        return missing;
    }

    /// <summary>The field whose key, English label or Korean label the header is; null when none.</summary>
    public static string? OwnField(ImportEntity entity, string header)
    {
        var fields = ImportFields.For(entity);
        var exact = fields.FirstOrDefault(f => f.Key == header.Trim());
        if (exact is not null)
        {
            return exact.Key;
        }
        var key = Normalise(header);
        if (key.Length == 0)
        {
            return null;
        }
        return fields.FirstOrDefault(f => Normalise(f.Key) == key)?.Key
            ?? fields.FirstOrDefault(f => Normalise(LabelIn(f, English)) == key || Normalise(LabelIn(f, Korean)) == key)?.Key;
    }

    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");
    private static readonly CultureInfo Korean = CultureInfo.GetCultureInfo("ko");

    private static string LabelIn(ImportField field, CultureInfo culture) =>
        ImportsText.ResourceManager.GetString("Field_" + field.Key, culture) ?? field.Key;

    /// <summary>A header as it is compared: letters and digits only, lower case ("Account ID" and "account_id" meet; "계정 이름" keeps its Hangul).</summary>
    public static string Normalise(string? header)
    {
        if (header is null)
        {
            return "";
        }
        var b = new StringBuilder(header.Length);
        foreach (var c in header.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(c))
            {
                b.Append(char.ToLowerInvariant(c));
            }
        }
        return b.ToString();
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim().ToLowerInvariant();
}
