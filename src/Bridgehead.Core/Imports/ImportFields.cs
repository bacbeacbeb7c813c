namespace Bridgehead.Imports;

/// <summary>What a field holds, so a cell can be read and checked.</summary>
public enum ImportFieldKind
{
    Text,
    WholeNumber,
    Number,
    Date,
    Boolean,
    /// <summary>One of an enum's keys (camelCase, as in the API), or its English or Korean label.</summary>
    Choice,
    /// <summary>A user, by e-mail address.</summary>
    User,
    /// <summary>Another record, by its external id (or, for products, SKU).</summary>
    Reference,
}

/// <summary>A field a column can be mapped to. The key is also the column header an export writes, so an exported file imports with no mapping.</summary>
public sealed record ImportField(string Key, ImportFieldKind Kind, bool Required = false)
{
    /// <summary>The field's name in the current UI language.</summary>
    public string Label => ImportsText.ResourceManager.GetString("Field_" + Key, ImportsText.Culture) ?? Key;
}

/// <summary>
/// The fields each kind of import fills, in the order an export writes them. A row finds the record
/// it updates by <c>id</c> (a Bridgehead id: a record of this database the importer may edit) or
/// else by <c>externalId</c>; with neither match it creates a record. References to an account
/// take <c>accountId</c> or <c>accountExternalId</c> (one is needed). Values read as the API
/// writes them: enum keys in camelCase (or their English or Korean label), dates yyyy-MM-dd,
/// numbers with a dot, booleans true/false, users by e-mail. An exported file keeps its
/// <c>id</c> column for re-import into the same database; leave it unmapped to import into another.
/// </summary>
public static class ImportFields
{
    public const int MaxExternalId = 100;

    public static readonly IReadOnlyList<ImportField> Accounts =
    [
        new("id", ImportFieldKind.Reference),
        new("externalId", ImportFieldKind.Text),
        new("name", ImportFieldKind.Text, Required: true),
        new("type", ImportFieldKind.Choice),
        new("status", ImportFieldKind.Choice),
        new("industry", ImportFieldKind.Text),
        new("country", ImportFieldKind.Text),
        new("city", ImportFieldKind.Text),
        new("website", ImportFieldKind.Text),
        new("employees", ImportFieldKind.WholeNumber),
        new("owner", ImportFieldKind.User),
        new("parentExternalId", ImportFieldKind.Reference),
        new("notes", ImportFieldKind.Text),
    ];

    public static readonly IReadOnlyList<ImportField> Contacts =
    [
        new("id", ImportFieldKind.Reference),
        new("externalId", ImportFieldKind.Text),
        new("accountId", ImportFieldKind.Reference),
        new("accountExternalId", ImportFieldKind.Reference),
        new("name", ImportFieldKind.Text, Required: true),
        new("title", ImportFieldKind.Text),
        new("department", ImportFieldKind.Choice),
        new("buyingRole", ImportFieldKind.Choice),
        new("influence", ImportFieldKind.WholeNumber),
        new("stance", ImportFieldKind.Choice),
        new("email", ImportFieldKind.Text),
        new("phone", ImportFieldKind.Text),
        new("pains", ImportFieldKind.Text),
    ];

    public static readonly IReadOnlyList<ImportField> Opportunities =
    [
        new("id", ImportFieldKind.Reference),
        new("externalId", ImportFieldKind.Text),
        new("accountId", ImportFieldKind.Reference),
        new("accountExternalId", ImportFieldKind.Reference),
        new("title", ImportFieldKind.Text, Required: true),
        new("pipeline", ImportFieldKind.Text),
        new("stage", ImportFieldKind.Choice),
        new("status", ImportFieldKind.Choice),
        new("productCategory", ImportFieldKind.Text),
        new("estimatedAnnualValue", ImportFieldKind.Number),
        new("currency", ImportFieldKind.Text),
        new("expectedCloseDate", ImportFieldKind.Date),
        new("probability", ImportFieldKind.WholeNumber),
        new("forecastCategory", ImportFieldKind.Choice),
        new("closeReason", ImportFieldKind.Choice),
        new("owner", ImportFieldKind.User),
        new("notes", ImportFieldKind.Text),
    ];

    public static readonly IReadOnlyList<ImportField> Products =
    [
        new("id", ImportFieldKind.Reference),
        new("externalId", ImportFieldKind.Text),
        new("sku", ImportFieldKind.Text, Required: true),
        new("name", ImportFieldKind.Text, Required: true),
        new("category", ImportFieldKind.Text),
        new("unit", ImportFieldKind.Text, Required: true),
        new("currency", ImportFieldKind.Text, Required: true),
        new("listPrice", ImportFieldKind.Number),
        new("unitCost", ImportFieldKind.Number),
        new("productionLeadTimeDays", ImportFieldKind.WholeNumber),
        new("weeklyCapacity", ImportFieldKind.Number),
        new("minimumBatch", ImportFieldKind.Number),
        new("isActive", ImportFieldKind.Boolean),
        new("notes", ImportFieldKind.Text),
    ];

    /// <summary>One row per order line; rows sharing an order external id make one order.</summary>
    public static readonly IReadOnlyList<ImportField> Orders =
    [
        new("id", ImportFieldKind.Reference),
        new("externalId", ImportFieldKind.Text),
        new("lineExternalId", ImportFieldKind.Text),
        new("accountId", ImportFieldKind.Reference),
        new("accountExternalId", ImportFieldKind.Reference),
        new("kind", ImportFieldKind.Choice),
        new("status", ImportFieldKind.Choice),
        new("customerReference", ImportFieldKind.Text),
        new("currency", ImportFieldKind.Text, Required: true),
        new("orderedOn", ImportFieldKind.Date, Required: true),
        new("productSku", ImportFieldKind.Reference, Required: true),
        new("quantity", ImportFieldKind.Number, Required: true),
        new("unitPrice", ImportFieldKind.Number),
        new("requestedDate", ImportFieldKind.Date, Required: true),
        new("promisedDate", ImportFieldKind.Date),
        new("deliveredQuantity", ImportFieldKind.Number),
        new("deliveredOn", ImportFieldKind.Date),
        new("notes", ImportFieldKind.Text),
    ];

    public static IReadOnlyList<ImportField> For(ImportEntity entity) => entity switch
    {
        ImportEntity.Accounts => Accounts,
        ImportEntity.Contacts => Contacts,
        ImportEntity.Opportunities => Opportunities,
        ImportEntity.Products => Products,
        ImportEntity.Orders => Orders,
        _ => throw new ArgumentOutOfRangeException(nameof(entity), entity, null),
    };
}
