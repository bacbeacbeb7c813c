using System.Collections.Concurrent;
using Bridgehead.Tests.Infrastructure;

namespace Bridgehead.Tests.Calendar;

/// <summary>
/// Base of the tests that change the working calendar. The calendar is plant-wide, so they run on
/// a server of their own (one per provider, shared by these classes, which run one after another
/// in the "calendar" collection): promises other tests compute on the shared server never see
/// their changes.
/// </summary>
public abstract class CalendarAppTests(Provider provider) : IAsyncLifetime
{
    private static readonly ConcurrentDictionary<Provider, Lazy<Task<TestApp>>> Apps = new();
    private TestApp? _app;
    private string? _skip;

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

    protected static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    public async ValueTask InitializeAsync()
    {
        if (provider == Provider.Postgres && (await PostgresServer.InstanceAsync()).SkipReason is { } reason)
        {
            _skip = reason;
            return;
        }
        _app = await Apps.GetOrAdd(provider, p => new Lazy<Task<TestApp>>(async () =>
        {
            var app = await TestApp.StartAsync(p);
            Cleanup.AtExit(() => app.Web.StopAsync().GetAwaiter().GetResult());
            return app;
        })).Value;
    }

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
