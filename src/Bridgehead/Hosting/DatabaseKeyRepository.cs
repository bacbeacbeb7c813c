using System.Xml.Linq;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Hosting;

/// <summary>
/// Keeps the data-protection key ring (which signs cookies and antiforgery tokens) in the database,
/// so every instance behind a load balancer can read what another issued.
/// </summary>
public sealed class DatabaseKeyRepository(DbContextOptions<BridgeheadDb> options) : IXmlRepository
{
    /// <summary>Any number works; all instances must use the same one (not the migration lock's).</summary>
    private const long KeyLockKey = 0x42_68_4b_65_79_73;

    /// <summary>
    /// Makes sure the key ring holds a usable key before the instance serves. Instances started
    /// together on an empty database would otherwise each make their own first key on their first
    /// request, and one would not read another's cookies and antiforgery tokens until its key ring
    /// refreshes (a day later). On PostgreSQL the instances take turns on an advisory lock: the
    /// first makes the key, the others find it.
    /// </summary>
    public static async Task EnsureKeyAsync(IServiceProvider services, Settings settings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);
        var keys = services.GetRequiredService<IKeyManager>();
        var lifetime = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<KeyManagementOptions>>().Value.NewKeyLifetime;
        await using var db = new BridgeheadDb(Database.Options(settings.ConnectionString)) { Viewer = Viewer.System };
        var locked = !db.IsSqlite;
        if (locked)
        {
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({KeyLockKey})", ct);
        }
        try
        {
            var now = DateTimeOffset.UtcNow;
            // A key expiring within two days would be replaced on first use (the key ring's own rule): replace it now.
            if (!keys.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now.AddDays(2)))
            {
                keys.CreateNewKey(now, now + lifetime);
            }
        }
        finally
        {
            if (locked)
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({KeyLockKey})", CancellationToken.None);
                await db.Database.CloseConnectionAsync();
            }
        }
    }

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
