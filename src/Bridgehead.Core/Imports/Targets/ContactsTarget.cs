using Bridgehead.Contacts;
using Bridgehead.Data;
using Bridgehead.Identity;

namespace Bridgehead.Imports.Targets;

/// <summary>
/// Imports people at accounts with the rules of <see cref="ContactInput"/>: sales writers only; the
/// account by <c>accountId</c> or <c>accountExternalId</c> (needed for a new contact; an update
/// without either keeps the account) must be one the importer sees and may change; influence 1-5;
/// department, buying role and stance by key or label; a valid e-mail address.
/// </summary>
public sealed class ContactsTarget : IImportTarget
{
    public ImportEntity Entity => ImportEntity.Contacts;

    public bool MayImport(Viewer viewer) => viewer.CanEditSales;

    public async Task<IReadOnlyList<ImportProblem>> ApplyAsync(BridgeheadDb db, IReadOnlyList<ImportRow> rows, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var values = rows.Select(r => new ImportValues(r)).ToList();
        var index = await RecordIndex.LoadAsync(db.Contacts, db.Contacts, values, c => c.ExternalId, ct);
        var accounts = await ImportLookups.AccountsAsync(db, values, ct);
        var problems = new List<ImportProblem>();
        foreach (var row in values)
        {
            Apply(db, row, index, accounts);
            problems.AddRange(row.Problems);
        }
        return problems;
    }

    private static void Apply(BridgeheadDb db, ImportValues row, RecordIndex<Contact> index, AccountRefs accounts)
    {
        var externalId = row.ExternalId();
        if (!row.Ok || !index.TryFind(row, externalId, out var contact))
        {
            return;
        }
        var creating = contact is null;
        var account = accounts.Resolve(row, required: creating);
        var name = row.Required("name", Contact.MaxName, creating) ?? contact?.Name;
        var title = row.Has("title") ? row.Cell("title", Contact.MaxTitle) : contact?.Title;
        var department = row.Has("department") ? row.Choice<Department>("department") : contact?.Department;
        var buyingRole = row.Has("buyingRole") ? row.Choice<BuyingRole>("buyingRole") : contact?.BuyingRole;
        var influence = row.Has("influence") ? row.WholeNumber("influence", ContactInput.MinInfluence, ContactInput.MaxInfluence) : contact?.Influence;
        var stance = row.Has("stance") ? row.Choice<Stance>("stance") : contact?.Stance;
        var email = row.Has("email") ? row.Email("email", Contact.MaxEmail) : contact?.Email;
        var phone = row.Has("phone") ? row.Cell("phone", Contact.MaxPhone) : contact?.Phone;
        var pains = row.Has("pains") ? row.Cell("pains", Contact.MaxPains) : contact?.Pains;
        if (!row.Ok)
        {
            return;
        }

        var previousExternal = contact?.ExternalId;
        if (contact is null)
        {
            contact = new Contact { Name = name!, SearchName = "" };
            db.Contacts.Add(contact);
        }
        // Through the API's own copy, so a contact reads the same however it was written.
        new ContactInput
        {
            AccountId = account?.Id ?? contact.AccountId,
            Name = name,
            Title = title,
            Department = department,
            BuyingRole = buyingRole,
            Influence = influence,
            Stance = stance,
            Pains = pains,
            Email = email,
            Phone = phone,
        }.ApplyTo(contact);
        if (externalId is not null)
        {
            contact.ExternalId = externalId;
        }
        index.Remember(contact, previousExternal);
    }
}
