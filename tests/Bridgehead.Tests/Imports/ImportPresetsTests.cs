using Bridgehead.Imports;

namespace Bridgehead.Tests.Imports;

/// <summary>AutoMap: presets for Salesforce and HubSpot export files, our own export headers, and our English and Korean labels.</summary>
public sealed class ImportPresetsTests
{
    private static IReadOnlyDictionary<string, string> Map(ImportEntity entity, string headers, string? preset = null, string? expectPreset = "-")
    {
        var result = ImportPresets.AutoMap(entity, headers.Split('|'), preset);
        if (expectPreset != "-")
        {
            Assert.Equal(expectPreset, result.Preset);
        }
        return result.Mapping;
    }

    [Fact]
    public void SalesforceAccountReport_IsDetected_AndItsIdBecomesTheExternalId()
    {
        var m = Map(ImportEntity.Accounts, "Account ID|Account Name|Industry|Billing Country|Billing City|Website|Employees|Account Owner Email|Parent Account ID|Type", expectPreset: "salesforce");

        Assert.Equal("externalId", m["Account ID"]);
        Assert.Equal("name", m["Account Name"]);
        Assert.Equal("industry", m["Industry"]);
        Assert.Equal("country", m["Billing Country"]);
        Assert.Equal("city", m["Billing City"]);
        Assert.Equal("website", m["Website"]);
        Assert.Equal("employees", m["Employees"]);
        Assert.Equal("owner", m["Account Owner Email"]);
        Assert.Equal("parentExternalId", m["Parent Account ID"]);
        Assert.Equal("type", m["Type"]);
    }

    [Fact]
    public void SalesforceDataExport_ApiNames_AreDetected_NotTakenForOurIds()
    {
        var accounts = Map(ImportEntity.Accounts, "Id|Name|Industry|BillingCountry|Website|NumberOfEmployees|Owner Email", expectPreset: "salesforce");
        var contacts = Map(ImportEntity.Contacts, "Id|AccountId|Name|Title|Email|Phone", expectPreset: "salesforce");

        Assert.Equal("externalId", accounts["Id"]);
        Assert.Equal("country", accounts["BillingCountry"]);
        Assert.Equal("employees", accounts["NumberOfEmployees"]);
        Assert.Equal("owner", accounts["Owner Email"]);
        Assert.Equal("externalId", contacts["Id"]);
        Assert.Equal("accountExternalId", contacts["AccountId"]);
        Assert.Equal("name", contacts["Name"]);
        Assert.Equal("phone", contacts["Phone"]);
    }

    [Fact]
    public void SalesforceContactsOpportunitiesProductsAndOrders_MapTheirColumns()
    {
        var contacts = Map(ImportEntity.Contacts, "Contact ID|Account ID|Full Name|Title|Department|Email|Phone|Mailing City", expectPreset: "salesforce");
        var deals = Map(ImportEntity.Opportunities, "Opportunity ID|Account ID|Opportunity Name|Stage|Amount|Close Date|Probability (%)|Opportunity Owner Email|Lead Source", expectPreset: "salesforce");
        var products = Map(ImportEntity.Products, "Product ID|Product Code|Product Name|Product Family|Quantity Unit Of Measure|Active|Product Description", expectPreset: "salesforce");
        var orders = Map(ImportEntity.Orders, "Order ID|Order Product ID|Account ID|Order Start Date|Product Code|Quantity|Unit Price|Start Date|PO Number|Order Currency", expectPreset: "salesforce");

        Assert.Equal(["accountExternalId", "department", "email", "externalId", "name", "phone", "title"], contacts.Values.Order());
        Assert.False(contacts.ContainsKey("Mailing City"));
        Assert.Equal("stage", deals["Stage"]);
        Assert.Equal("estimatedAnnualValue", deals["Amount"]);
        Assert.Equal("expectedCloseDate", deals["Close Date"]);
        Assert.Equal("probability", deals["Probability (%)"]);
        Assert.Equal("accountExternalId", deals["Account ID"]);
        Assert.False(deals.ContainsKey("Lead Source"));
        Assert.Equal("sku", products["Product Code"]);
        Assert.Equal("category", products["Product Family"]);
        Assert.Equal("unit", products["Quantity Unit Of Measure"]);
        Assert.Equal("isActive", products["Active"]);
        Assert.Equal("externalId", orders["Order ID"]);
        Assert.Equal("lineExternalId", orders["Order Product ID"]);
        Assert.Equal("orderedOn", orders["Order Start Date"]);
        Assert.Equal("productSku", orders["Product Code"]);
        Assert.Equal("requestedDate", orders["Start Date"]);
        Assert.Equal("customerReference", orders["PO Number"]);
        Assert.Equal("currency", orders["Order Currency"]);
    }

    [Fact]
    public void HubSpotExports_AreDetected_AndMapped()
    {
        var companies = Map(ImportEntity.Accounts, "Record ID|Company name|Company Domain Name|Industry|Number of Employees|Country/Region|City|Lifecycle Stage", expectPreset: "hubspot");
        var contacts = Map(ImportEntity.Contacts, "Record ID|First Name|Last Name|Full Name|Email|Job Title|Phone Number|Associated Company IDs (Primary)", expectPreset: "hubspot");
        var deals = Map(ImportEntity.Opportunities, "Record ID|Deal Name|Deal Stage|Amount|Close Date|Associated Company IDs (Primary)|Pipeline", expectPreset: "hubspot");
        var products = Map(ImportEntity.Products, "Record ID|Name|SKU|Unit price|Description|Cost of goods sold", expectPreset: "hubspot");

        Assert.Equal("externalId", companies["Record ID"]);
        Assert.Equal("name", companies["Company name"]);
        Assert.Equal("website", companies["Company Domain Name"]);
        Assert.Equal("employees", companies["Number of Employees"]);
        Assert.Equal("country", companies["Country/Region"]);
        Assert.False(companies.ContainsKey("Lifecycle Stage"));
        Assert.Equal("accountExternalId", contacts["Associated Company IDs (Primary)"]);
        Assert.Equal("title", contacts["Job Title"]);
        Assert.Equal("phone", contacts["Phone Number"]);
        Assert.Equal("name", contacts["Full Name"]);
        Assert.False(contacts.ContainsKey("First Name"));
        Assert.Equal("title", deals["Deal Name"]);
        Assert.Equal("stage", deals["Deal Stage"]);
        Assert.Equal("accountExternalId", deals["Associated Company IDs (Primary)"]);
        Assert.Equal("sku", products["SKU"]);
        Assert.Equal("listPrice", products["Unit price"]);
        Assert.Equal("unitCost", products["Cost of goods sold"]);
    }

    [Theory]
    [InlineData(ImportEntity.Accounts)]
    [InlineData(ImportEntity.Contacts)]
    [InlineData(ImportEntity.Opportunities)]
    [InlineData(ImportEntity.Products)]
    [InlineData(ImportEntity.Orders)]
    public void OurOwnExportHeaders_MapToThemselves_WithoutAPreset(ImportEntity entity)
    {
        var keys = ImportFields.For(entity).Select(f => f.Key).ToList();

        var result = ImportPresets.AutoMap(entity, keys);

        Assert.Null(result.Preset);
        Assert.Equal(keys, result.Mapping.Keys);
        Assert.All(result.Mapping, m => Assert.Equal(m.Key, m.Value));
        Assert.Empty(result.Unmapped);
        Assert.Empty(result.MissingRequired);
    }

    [Fact]
    public void AFewOfOurKeys_AreNotTakenForSalesforce()
    {
        var m = Map(ImportEntity.Contacts, "id|name|email", expectPreset: null);

        Assert.Equal("id", m["id"]);
    }

    [Fact]
    public void EnglishAndKoreanLabels_AndOddSpelling_AreRecognised()
    {
        var english = Map(ImportEntity.Accounts, "External id|NAME|web site|Owner (e-mail)|Parent company (external id)", expectPreset: null);
        var korean = Map(ImportEntity.Contacts, "외부 ID|거래처(외부 ID)|이름|제목/직함|이메일|전화|영향력(1-5)", expectPreset: null);
        var odd = Map(ImportEntity.Orders, "external_id|Product-SKU| ordered on |REQUESTED DATE", expectPreset: null);

        Assert.Equal(["externalId", "name", "owner", "parentExternalId", "website"], english.Values.Order());
        Assert.Equal("externalId", korean["외부 ID"]);
        Assert.Equal("accountExternalId", korean["거래처(외부 ID)"]);
        Assert.Equal("name", korean["이름"]);
        Assert.Equal("title", korean["제목/직함"]);
        Assert.Equal("email", korean["이메일"]);
        Assert.Equal("phone", korean["전화"]);
        Assert.Equal("influence", korean["영향력(1-5)"]);
        Assert.Equal("externalId", odd["external_id"]);
        Assert.Equal("productSku", odd["Product-SKU"]);
        Assert.Equal("orderedOn", odd[" ordered on "]);
        Assert.Equal("requestedDate", odd["REQUESTED DATE"]);
    }

    [Fact]
    public void AChosenPreset_Wins_AndNoneKeepsOurNames()
    {
        const string Headers = "Account ID|Name|Email";

        var asSalesforce = Map(ImportEntity.Contacts, Headers, "salesforce", expectPreset: "salesforce");
        var asOurs = Map(ImportEntity.Contacts, Headers, "none", expectPreset: null);
        var hubSpotForOrders = ImportPresets.AutoMap(ImportEntity.Orders, ["Record ID"], "hubspot");

        Assert.Equal("accountExternalId", asSalesforce["Account ID"]);
        Assert.Equal("accountId", asOurs["Account ID"]);
        Assert.Null(hubSpotForOrders.Preset);
    }

    [Fact]
    public void EachFieldIsFilledOnce_UnknownHeadersStayUnmapped_AndMissingRequiredAreListed()
    {
        var result = ImportPresets.AutoMap(ImportEntity.Opportunities, ["Title", "title", "Colour", "", "Notes"], "none");

        Assert.Equal("title", result.Mapping["Title"]);
        Assert.False(result.Mapping.ContainsKey("title"));
        Assert.Equal(["title", "Colour"], result.Unmapped);
        Assert.Equal("notes", result.Mapping["Notes"]);
        Assert.Equal(["accountId|accountExternalId"], result.MissingRequired.Select(g => string.Join("|", g)));
        Assert.Equal(["sku", "name", "unit", "currency"], ImportPresets.AutoMap(ImportEntity.Products, ["Notes"]).MissingRequired.Select(g => string.Join("|", g)));
    }

    [Fact]
    public void EveryPreset_NamesKnownFields()
    {
        foreach (var preset in ImportPresets.All)
        {
            var keys = ImportFields.For(preset.Entity).Select(f => f.Key).ToHashSet();
            Assert.All(preset.Columns, c => Assert.Contains(c.Value, keys));
        }
        Assert.Equal(["hubspot", "salesforce"], ImportPresets.For(ImportEntity.Contacts).Select(p => p.Key).Order());
        Assert.Equal(["salesforce"], ImportPresets.For(ImportEntity.Orders).Select(p => p.Key));
    }
}
