using System.Xml.Linq;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Hosting;

/// <summary>
/// Keeps the data-protection key ring (which signs cookies and antiforgery tokens) in the database,
/// so every instance behind a load balancer can read what another issued.
/// </summary>
public sealed class DatabaseKeyRepository(DbContextOptions<BridgeheadDb> options) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var db = new BridgeheadDb(options);
        return db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml).AsEnumerable().Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var db = new BridgeheadDb(options);
        db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        db.SaveChangesAsync().GetAwaiter().GetResult();
    }
}
