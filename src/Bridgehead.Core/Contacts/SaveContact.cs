using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Contacts;

/// <summary>Adds a person to an account the caller can see.</summary>
public sealed class CreateContact(BridgeheadDb db, GetContact get)
{
    public async Task<ContactDto> HandleAsync(ContactInput input, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var valid = await input.ValidateAsync(db, ct);
        var contact = new Contact { Name = valid.Name!, SearchName = "" };
        valid.ApplyTo(contact);
        db.Contacts.Add(contact);
        await db.SaveAsync(ct);
        return await get.HandleAsync(contact.Id, ct);
    }
}

/// <summary>
/// Changes a contact; <c>change</c> receives the current values and returns the wanted ones.
/// A contact may move to another account when the caller sees both.
/// </summary>
public sealed class UpdateContact(BridgeheadDb db, GetContact get)
{
    public async Task<ContactDto> HandleAsync(long id, long? expectedVersion, Func<ContactInput, ContactInput> change, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var contact = await db.Contacts.FirstOrDefaultAsync(c => c.Id == id, ct)
            ?? throw new NotFoundException("contact");
        Concurrency.Expect(db, contact, expectedVersion);
        var valid = await change(ContactInput.From(contact)).ValidateAsync(db, ct);
        valid.ApplyTo(contact);
        await db.SaveAsync(ct);
        return await get.HandleAsync(contact.Id, ct);
    }
}

/// <summary>Deletes a contact; the activities and tasks about them stay, no longer linked to the person.</summary>
public sealed class DeleteContact(BridgeheadDb db)
{
    public async Task HandleAsync(long id, long? expectedVersion, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var contact = await db.Contacts.FirstOrDefaultAsync(c => c.Id == id, ct)
            ?? throw new NotFoundException("contact");
        Concurrency.Expect(db, contact, expectedVersion);

        // Through the change tracker, so each detached activity and task is in the audit trail.
        foreach (var activity in await db.Activities.IgnoreQueryFilters().Where(x => x.ContactId == id).ToListAsync(ct))
        {
            activity.ContactId = null;
        }
        foreach (var task in await db.Tasks.IgnoreQueryFilters().Where(t => t.ContactId == id).ToListAsync(ct))
        {
            task.ContactId = null;
        }
        db.Contacts.Remove(contact);
        await db.SaveAsync(ct);
    }
}
