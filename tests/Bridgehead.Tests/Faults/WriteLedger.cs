using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Faults;

/// <summary>
/// Writers that create accounts under load and keep a client-side ledger: every account the API
/// acknowledged (201) with its id and the writer's unique marker (its name, also its
/// Idempotency-Key), and everything else the API answered. A write answered 503 is retried with
/// the same key, so it exists at most once whatever happened to the first attempt.
/// </summary>
public sealed class WriteLedger(string prefix)
{
    private readonly ConcurrentDictionary<string, long> _acknowledged = new();
    private readonly ConcurrentDictionary<string, byte> _sent = new();
    private readonly ConcurrentQueue<string> _unexpected = new();
    private int _unavailable;
    private TimeSpan _slowestUnavailable;

    public string Prefix { get; } = prefix;

    public IReadOnlyDictionary<string, long> Acknowledged => _acknowledged;

    public int AcknowledgedCount => _acknowledged.Count;

    /// <summary>Answers 503 problem+json with Retry-After seen so far.</summary>
    public int Unavailable => Volatile.Read(ref _unavailable);

    /// <summary>The longest a 503 took to come back.</summary>
    public TimeSpan SlowestUnavailable
    {
        get
        {
            lock (_unexpected)
            {
                return _slowestUnavailable;
            }
        }
    }

    /// <summary>Anything but 201 and a proper 503 (other statuses, a 503 without Retry-After, timeouts).</summary>
    public IReadOnlyCollection<string> Unexpected => _unexpected;

    /// <summary>
    /// Creates accounts one after another until <paramref name="stop"/>; a 503 is retried with the
    /// same key. With <paramref name="endOnLostConnection"/> (the server process was killed) the
    /// writer ends when the server no longer answers; else that counts as unexpected.
    /// Once stopped, a write still unacknowledged is retried until acknowledged when <paramref name="finish"/>.
    /// </summary>
    public async Task WriteAsync(HttpClient client, CancellationToken stop, bool endOnLostConnection = false, bool finish = true)
    {
        string? pending = null;
        while (!stop.IsCancellationRequested || (finish && pending is not null))
        {
            pending ??= $"{Prefix}{Guid.NewGuid():N}";
            _sent.TryAdd(pending, 0);
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/accounts")
            {
                Content = System.Net.Http.Json.JsonContent.Create(new { name = pending }),
            };
            request.Headers.Add("Idempotency-Key", pending);
            var clock = Stopwatch.StartNew();
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, CancellationToken.None);
            }
            catch (HttpRequestException) when (endOnLostConnection)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                _unexpected.Enqueue($"{pending}: {e.GetType().Name} after {clock.ElapsedMilliseconds} ms: {e.Message}");
                await Task.Delay(100, CancellationToken.None);
                continue;
            }
            using (response)
            {
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    var id = (await response.JsonAsync()).Id();
                    _acknowledged[pending] = id;
                    pending = null;
                    continue;
                }
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable
                    && response.Headers.RetryAfter?.Delta is { } wait && wait > TimeSpan.Zero
                    && response.Content.Headers.ContentType?.MediaType == "application/problem+json")
                {
                    lock (_unexpected)
                    {
                        _unavailable++;
                        _slowestUnavailable = clock.Elapsed > _slowestUnavailable ? clock.Elapsed : _slowestUnavailable;
                    }
                    // Retry-After is seconds; the test retries sooner to see the recovery promptly.
                    await Task.Delay(100, CancellationToken.None);
                    continue;
                }
                _unexpected.Enqueue($"{pending}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(CancellationToken.None)}");
                await Task.Delay(100, CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// Against the database: every acknowledged account is there under its id and marker, and no
    /// marker (acknowledged or not) made more than one account.
    /// </summary>
    public async Task VerifyAsync(string connectionString)
    {
        await using var db = new BridgeheadDb(Database.Options(connectionString)) { Viewer = Viewer.System };
        var stored = await db.Accounts.IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.Name.StartsWith(Prefix))
            .Select(a => new { a.Id, a.Name })
            .ToListAsync();
        var twice = stored.GroupBy(a => a.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, $"Written twice: {string.Join(", ", twice)}");
        var byName = stored.ToDictionary(a => a.Name, a => a.Id);
        var missing = _acknowledged.Where(e => !byName.TryGetValue(e.Key, out var id) || id != e.Value).Select(e => $"{e.Key} #{e.Value}").ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {_acknowledged.Count} acknowledged writes are missing: {string.Join(", ", missing.Take(10))}");
        var strangers = stored.Where(a => !_sent.ContainsKey(a.Name)).ToList();
        Assert.Empty(strangers);
    }

    /// <summary>A rep with an API token, written straight to the database (the server under test may be another process).</summary>
    public static async Task<string> RepTokenAsync(string connectionString)
    {
        await using var db = new BridgeheadDb(Database.Options(connectionString)) { Viewer = Viewer.System };
        var userName = $"faults_{Guid.NewGuid():N}"[..20];
        var user = new User
        {
            UserName = userName,
            NormalizedUserName = userName,
            DisplayName = "Fault writer",
            Role = Role.Rep,
            PasswordHash = Passwords.Hash(TestUser.Password),
            SecurityStamp = User.NewStamp(),
            Team = new Team { Name = TestApp.NewTeam() },
        };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return (await new IssueToken(db).HandleAsync(user.Id, "faults", null, CancellationToken.None)).Token;
    }

    public static HttpClient Client(Uri baseAddress, string token) => new()
    {
        BaseAddress = baseAddress,
        // A request that hangs instead of answering 503 shows up as unexpected, not as a stuck test.
        Timeout = TimeSpan.FromSeconds(20),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
    };
}
