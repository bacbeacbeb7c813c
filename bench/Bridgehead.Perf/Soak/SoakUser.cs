using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Bridgehead.Identity;

namespace Bridgehead.Perf.Soak;

/// <summary>A simulated person of the run, with the API token made for them.</summary>
internal sealed record Person(int Index, long Id, string UserName, Role Role, int Team, string Token);

/// <summary>What a team's people work on together: its shared accounts and its pursuits.</summary>
internal sealed class TeamWork
{
    public List<long> Accounts { get; } = [];

    public List<long> Opportunities { get; } = [];

    public long Pick(List<long> from, Random rng)
    {
        lock (this)
        {
            return from.Count == 0 ? 0 : from[rng.Next(from.Count)];
        }
    }

    public void Add(List<long> to, long id)
    {
        lock (this)
        {
            to.Add(id);
        }
    }
}

/// <summary>What every user may read from: search words, report names, products, every account id seen.</summary>
internal sealed record Shared(string Run, IReadOnlyList<string> Words, IReadOnlyList<string> Reports, IReadOnlyList<long> Products, IReadOnlyList<long> AllAccounts, TeamWork[] Teams);

/// <summary>
/// One simulated user in a loop: a call chosen by the role's weights, then a pause of 0.5-1.5 think
/// times. Every POST carries an Idempotency-Key and is retried with it when no answer arrives, so a
/// retry can never make a second record; each acknowledged write goes into the ledger.
/// </summary>
internal sealed class SoakUser(Person person, HttpClient http, Shared shared, SoakStats stats, Ledger ledger, Stopwatch clock, int thinkMs)
{
    private readonly Random _rng = new(person.Index * 7919 + 17);
    private readonly List<long> _own = [];
    private readonly List<long> _ownOpportunities = [];
    private int _counter;

    private TeamWork Team => shared.Teams[person.Team];

    private int Minute => (int)clock.Elapsed.TotalMinutes;

    public async Task RunAsync(TimeSpan until, CancellationToken ct)
    {
        await Task.Delay(_rng.Next(Math.Max(1, thinkMs * 3)), ct);
        while (clock.Elapsed < until && !ct.IsCancellationRequested)
        {
            var ops = Weights();
            var roll = _rng.Next(ops.Sum(o => o.Weight));
            foreach (var (weight, op) in ops)
            {
                if ((roll -= weight) < 0)
                {
                    await op(ct);
                    break;
                }
            }
            await Task.Delay(TimeSpan.FromMilliseconds(thinkMs * (0.5 + _rng.NextDouble())), ct);
        }
    }

    private (int Weight, Func<CancellationToken, Task> Op)[] Weights() => person.Role switch
    {
        // A rep's first call makes their own account and pursuit; then mostly reads, some writes.
        Role.Rep when _own.Count == 0 => [(1, NewAccountAsync)],
        Role.Rep when _ownOpportunities.Count == 0 => [(1, NewOpportunityAsync)],
        Role.Rep =>
        [
            (10, ListAccountsAsync), (10, AccountDetailAsync), (8, ListOpportunitiesAsync), (4, BoardAsync), (6, SearchAsync), (3, ReportAsync),
            (10, NewActivityAsync), (4, NewContactAsync), (2, NewAccountAsync), (3, NewOpportunityAsync), (8, PatchAccountAsync),
            (3, AdvanceAsync), (2, NewOrderAsync), (1, NewIncidentAsync), (2, ListOrdersAsync),
        ],
        Role.Manager =>
        [
            (10, ListAccountsAsync), (8, AccountDetailAsync), (8, ListOpportunitiesAsync), (6, BoardAsync), (4, SearchAsync), (6, ReportAsync),
            (6, NewActivityAsync), (8, PatchAccountAsync), (4, AdvanceAsync), (2, ListOrdersAsync),
        ],
        Role.Quality =>
        [
            (8, ListAccountsAsync), (6, AccountDetailAsync), (8, ListIncidentsAsync), (4, SearchAsync), (6, ListOrdersAsync), (3, NewIncidentAsync),
        ],
        Role.Viewer or Role.Admin or Role.Product =>
        [
            (10, ListAccountsAsync), (10, AccountDetailAsync), (8, ListOpportunitiesAsync), (6, BoardAsync), (6, SearchAsync), (6, ReportAsync), (4, ListOrdersAsync),
        ],
        _ => throw new UnreachableException(),
    };

    private string Unique(string what) => $"{shared.Run}-{what}-{person.Index}-{++_counter}";

    private long SomeAccount() => person.Role switch
    {
        Role.Rep when _rng.Next(2) == 0 && _own.Count > 0 => _own[_rng.Next(_own.Count)],
        Role.Rep or Role.Manager => Team.Pick(Team.Accounts, _rng),
        Role.Quality or Role.Viewer or Role.Admin or Role.Product => shared.AllAccounts[_rng.Next(shared.AllAccounts.Count)],
        _ => throw new UnreachableException(),
    };

    private Task ListAccountsAsync(CancellationToken ct) => GetAsync("list accounts", "/api/v1/accounts?limit=50", ct);

    private Task AccountDetailAsync(CancellationToken ct) => GetAsync("account detail", $"/api/v1/accounts/{SomeAccount()}", ct);

    private Task ListOpportunitiesAsync(CancellationToken ct) => GetAsync("list opportunities", "/api/v1/opportunities?status=open&limit=50", ct);

    private Task BoardAsync(CancellationToken ct) => GetAsync("board", "/board", ct, "text/html");

    private Task SearchAsync(CancellationToken ct) => GetAsync("search", "/api/v1/search?q=" + Uri.EscapeDataString(shared.Words[_rng.Next(shared.Words.Count)]), ct);

    private Task ReportAsync(CancellationToken ct) => GetAsync("report", "/api/v1/reports/" + shared.Reports[_rng.Next(shared.Reports.Count)], ct);

    private Task ListOrdersAsync(CancellationToken ct) => GetAsync("list orders", "/api/v1/orders?limit=20", ct);

    private Task ListIncidentsAsync(CancellationToken ct) => GetAsync("list incidents", "/api/v1/incidents?limit=20", ct);

    private async Task NewAccountAsync(CancellationToken ct)
    {
        if (await CreateAsync("account", "create account", "/api/v1/accounts", name => new { name }, ct) is { } id)
        {
            _own.Add(id);
        }
    }

    private async Task NewOpportunityAsync(CancellationToken ct)
    {
        var accountId = _own.Count > 0 ? _own[_rng.Next(_own.Count)] : SomeAccount();
        if (await CreateAsync("opportunity", "create opportunity", "/api/v1/opportunities", title => new { accountId, title }, ct) is { } id)
        {
            _ownOpportunities.Add(id);
            Team.Add(Team.Opportunities, id);
        }
    }

    private async Task NewActivityAsync(CancellationToken ct)
    {
        var accountId = SomeAccount();
        await CreateAsync("activity", "create activity", "/api/v1/activities", subject => new { accountId, kind = "call", subject, occurredAt = DateTime.UtcNow }, ct);
    }

    private async Task NewContactAsync(CancellationToken ct)
    {
        var accountId = SomeAccount();
        await CreateAsync("contact", "create contact", "/api/v1/contacts", name => new { accountId, name }, ct);
    }

    private async Task NewOrderAsync(CancellationToken ct)
    {
        var accountId = SomeAccount();
        var productId = shared.Products[_rng.Next(shared.Products.Count)];
        var requestedDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await CreateAsync("order", "create order", "/api/v1/orders",
            customerReference => new { accountId, kind = "spot", customerReference, lines = new[] { new { productId, quantity = 1 + _rng.Next(5), requestedDate } } }, ct);
    }

    private async Task NewIncidentAsync(CancellationToken ct)
    {
        var accountId = SomeAccount();
        await CreateAsync("incident", "create incident", "/api/v1/incidents", title => new { accountId, title, severity = "minor" }, ct);
    }

    /// <summary>Reps move their own pursuits (the gates mostly refuse: 409); managers move their team's with an override.</summary>
    private Task AdvanceAsync(CancellationToken ct)
    {
        if (person.Role == Role.Manager)
        {
            var id = Team.Pick(Team.Opportunities, _rng);
            return id == 0 ? Task.CompletedTask : SendAsync("advance (override)", HttpMethod.Post, $"/api/v1/opportunities/{id}/advance", new { @override = new { reason = "Soak run" } }, null, Guid.NewGuid().ToString("N"), ct);
        }
        return _ownOpportunities.Count == 0 ? Task.CompletedTask
            : SendAsync("advance", HttpMethod.Post, $"/api/v1/opportunities/{_ownOpportunities[_rng.Next(_ownOpportunities.Count)]}/advance", new { }, null, Guid.NewGuid().ToString("N"), ct);
    }

    /// <summary>The notes of a team account, read-modify-write with If-Match: a 412 (a colleague was first) reads again and retries.</summary>
    private async Task PatchAccountAsync(CancellationToken ct)
    {
        var id = Team.Pick(Team.Accounts, _rng);
        if (id == 0)
        {
            return;
        }
        var notes = Unique("notes");
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var read = await SendAsync("account detail", HttpMethod.Get, $"/api/v1/accounts/{id}", null, null, null, ct);
            if (read.ETag is null)
            {
                return;
            }
            var patch = await SendAsync("patch account (If-Match)", HttpMethod.Patch, $"/api/v1/accounts/{id}", new { notes }, read.ETag, null, ct);
            if (patch.Status == 200 && patch.ETag is { } version)
            {
                ledger.Patched(id, long.Parse(version.Trim('"', 'W', '/'), CultureInfo.InvariantCulture), notes);
                return;
            }
            if (patch.Status != 412)
            {
                return;
            }
        }
    }

    private async Task<long?> CreateAsync(string kind, string op, string path, Func<string, object> body, CancellationToken ct)
    {
        var text = Unique(kind);
        var answer = await SendAsync(op, HttpMethod.Post, path, body(text), null, Guid.NewGuid().ToString("N"), ct, readId: true);
        if (answer.Status == 201 && answer.Id is { } id)
        {
            ledger.Create(kind, text, id);
            return id;
        }
        return null;
    }

    private async Task GetAsync(string op, string path, CancellationToken ct, string accept = "application/json") =>
        await SendAsync(op, HttpMethod.Get, path, null, null, null, ct, accept: accept);

    private sealed record Answer(int Status, string? ETag, long? Id);

    /// <summary>One call, timed and counted; when no answer arrives it is sent again (with the same Idempotency-Key), up to three times.</summary>
    private async Task<Answer> SendAsync(string op, HttpMethod method, string path, object? body, string? ifMatch, string? idempotencyKey, CancellationToken ct,
        bool readId = false, string accept = "application/json")
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", person.Token);
            request.Headers.Accept.ParseAdd(accept);
            if (body is not null)
            {
                request.Content = JsonContent.Create(body);
            }
            if (ifMatch is not null)
            {
                request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            }
            if (idempotencyKey is not null)
            {
                request.Headers.Add("Idempotency-Key", idempotencyKey);
            }
            var started = clock.Elapsed;
            try
            {
                using var response = await http.SendAsync(request, ct);
                var content = await response.Content.ReadAsStringAsync(ct);
                var status = (int)response.StatusCode;
                stats.Add(op, status, (clock.Elapsed - started).TotalMilliseconds, Minute);
                if (status >= 500)
                {
                    stats.FirstServerError ??= $"{op} {method} {path}: {status} {content[..Math.Min(content.Length, 400)]}";
                }
                long? id = readId && response.StatusCode == HttpStatusCode.Created ? JsonDocument.Parse(content).RootElement.GetProperty("id").GetInt64() : null;
                return new Answer(status, response.Headers.ETag?.Tag, id);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                stats.Add(op, 0, (clock.Elapsed - started).TotalMilliseconds, Minute);
                stats.FirstServerError ??= $"{op} {method} {path}: no answer ({e.GetBaseException().Message})";
                if (attempt == 2 || (method != HttpMethod.Get && idempotencyKey is null))
                {
                    return new Answer(0, null, null);
                }
            }
        }
    }
}
