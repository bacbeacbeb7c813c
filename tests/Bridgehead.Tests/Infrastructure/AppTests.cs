namespace Bridgehead.Tests.Infrastructure;

/// <summary>
/// Base of tests that run against a real server. Each test class is declared twice, once per
/// provider (…_Sqlite and …_Postgres), so every behaviour is checked on both databases.
/// </summary>
public abstract class AppTests(Provider provider) : IAsyncLifetime
{
    private TestApp? _app;
    private string? _skip;

    protected Provider Provider { get; } = provider;

    /// <summary>The shared server; skips the test (naming the package to install) when PostgreSQL is missing.</summary>
    protected TestApp App
    {
        get
        {
            if (_skip is not null)
            {
                Assert.Skip(_skip);
            }
            return _app!;
        }
    }

    public virtual async ValueTask InitializeAsync()
    {
        (_app, _skip) = await StartAppAsync();
    }

    /// <summary>The server the tests run against: the provider's shared one unless a class needs its own.</summary>
    protected virtual Task<(TestApp? App, string? SkipReason)> StartAppAsync() => TestApp.SharedAsync(Provider);

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
