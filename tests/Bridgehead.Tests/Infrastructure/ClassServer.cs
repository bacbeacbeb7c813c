namespace Bridgehead.Tests.Infrastructure;

/// <summary>
/// A server of one test class's own, started once and shared by that class's tests, which run one
/// after another. For classes that change what is global to the company (criteria, policies):
/// other classes never see their settings, and a server per test is not needed. Declare the
/// fixture per provider: <c>XTests_Sqlite(ClassServer.Sqlite s) : XTests(s), IClassFixture&lt;ClassServer.Sqlite&gt;</c>.
/// </summary>
public abstract class ClassServer(Provider provider) : IAsyncLifetime
{
    public Provider Provider { get; } = provider;

    public TestApp? App { get; private set; }

    /// <summary>Why the class is skipped (PostgreSQL missing), or null.</summary>
    public string? SkipReason { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (Provider == Provider.Postgres && (await PostgresServer.InstanceAsync()).SkipReason is { } reason)
        {
            SkipReason = reason;
            return;
        }
        App = await TestApp.StartAsync(Provider);
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }

    public sealed class Sqlite() : ClassServer(Provider.Sqlite);

    public sealed class Postgres() : ClassServer(Provider.Postgres);
}

/// <summary>Tests against their class's own server (see <see cref="ClassServer"/>).</summary>
public abstract class ClassServerTests(ClassServer server) : AppTests(server.Provider)
{
    protected override Task<(TestApp? App, string? SkipReason)> StartAppAsync() => Task.FromResult((server.App, server.SkipReason));
}
