using System.Collections.Concurrent;
using Bridgehead.Demo;
using Bridgehead.Tests.Infrastructure;

namespace Bridgehead.Tests.Demo;

/// <summary>
/// One server per provider with the demo data set loaded once, for the demo tests that only read what
/// the demo made. Loading takes 5-30 s, so loading it once instead of once per test saves minutes.
/// Tests on it must not change anything another demo test reads; tests whose subject is the loading
/// itself (loading twice, into other data) start a server of their own.
/// </summary>
public static class DemoApp
{
    private static readonly ConcurrentDictionary<Provider, Lazy<Task<(TestApp App, IReadOnlyList<DemoLogin> Logins)>>> Loaded = new();

    /// <summary>The provider's server with the demo loaded; skips the test when PostgreSQL is missing.</summary>
    public static async Task<TestApp> OfAsync(Provider provider) => (await LoadedAsync(provider)).App;

    /// <summary>The logins (with one-time passwords) the single load of the demo returned.</summary>
    public static async Task<IReadOnlyList<DemoLogin>> LoginsAsync(Provider provider) => (await LoadedAsync(provider)).Logins;

    private static async Task<(TestApp App, IReadOnlyList<DemoLogin> Logins)> LoadedAsync(Provider provider)
    {
        if (provider == Provider.Postgres && (await PostgresServer.InstanceAsync()).SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }
        return await Loaded.GetOrAdd(provider, p => new Lazy<Task<(TestApp, IReadOnlyList<DemoLogin>)>>(async () =>
        {
            var app = await TestApp.StartAsync(p);
            Cleanup.AtExit(() => app.DisposeAsync().AsTask().GetAwaiter().GetResult());
            await using var db = app.OpenDb();
            var logins = await new DemoData(db).LoadAsync(CancellationToken.None)
                ?? throw new InvalidOperationException("the demo did not load into a fresh database");
            return (app, logins);
        })).Value;
    }
}
