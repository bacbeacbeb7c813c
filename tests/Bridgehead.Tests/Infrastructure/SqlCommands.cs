using System.Collections.Concurrent;
using System.Diagnostics;
using Bridgehead.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Bridgehead.Tests.Infrastructure;

/// <summary>
/// Records the SQL commands EF Core runs for one user of one test server while it is open. The test
/// servers run in this process, so EF's DiagnosticListener reports their commands here; each
/// command's context names its database and the viewer it ran for, which keeps other tests' work
/// (running in parallel, on either provider) out of the count.
/// </summary>
public sealed class SqlCommands : IDisposable, IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private readonly string _database;
    private readonly long _userId;
    private readonly IDisposable _all;
    private readonly ConcurrentQueue<IDisposable> _subscriptions = new();
    private readonly ConcurrentQueue<string> _commands = new();

    private SqlCommands(string database, long userId)
    {
        _database = database;
        _userId = userId;
        _all = DiagnosticListener.AllListeners.Subscribe(this);
    }

    /// <summary>Starts recording the commands the app runs on behalf of the user.</summary>
    public static SqlCommands For(TestApp app, TestUser user)
    {
        using var scope = app.Web.Services.CreateScope();
        var database = scope.ServiceProvider.GetRequiredService<BridgeheadDb>().Database.GetConnectionString()!;
        return new SqlCommands(database, user.Id);
    }

    /// <summary>The SQL of every command recorded so far, in order.</summary>
    public IReadOnlyList<string> Commands => [.. _commands];

    /// <summary>Forgets what was recorded so far.</summary>
    public void Clear() => _commands.Clear();

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
        {
            _subscriptions.Enqueue(listener.Subscribe(this, name => name == RelationalEventId.CommandExecuting.Name));
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Value is CommandEventData data && data.Context is BridgeheadDb db && db.Viewer?.UserId == _userId
            && db.Database.GetConnectionString() == _database)
        {
            _commands.Enqueue(data.Command.CommandText);
        }
    }

    void IObserver<DiagnosticListener>.OnCompleted()
    {
    }

    void IObserver<DiagnosticListener>.OnError(Exception error)
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnCompleted()
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error)
    {
    }

    public void Dispose()
    {
        _all.Dispose();
        while (_subscriptions.TryDequeue(out var subscription))
        {
            subscription.Dispose();
        }
    }
}
