using System.Text.Json.Nodes;
using Bridgehead.Api;
using Bridgehead.Common;
using Bridgehead.Identity;

namespace Bridgehead.Incidents;

/// <summary>/api/v1/incidents: quality incidents worked through 8D, their actions, steps, history and the defect rate (PPM).</summary>
public static class IncidentsApi
{
    private const string Figures = " No order price is ever shown; `cost` and `claimAmount` are the incident's own figures, read by everyone who may read the incident.";

    public static void Map(RouteGroupBuilder api)
    {
        // Reads are open to every signed-in role; the use cases decide (product: 403; reps and
        // managers see the incidents of their accounts, 404 for others).
        var g = api.MapGroup("/incidents").WithTags("Incidents").RequireAuthorization(Policies.ReadAccounts);

        g.MapGet("/", async (ListIncidents list, [AsParameters] IncidentQuery q, CancellationToken ct) =>
                await list.HandleAsync(q.ToFilter(), PageRequest.Of(q.Limit, q.Cursor), ct))
            .WithSummary("Incidents of the accounts the caller sees (quality, viewer, admin: all), newest first. Filters: `status`, `severity`, `accountId`, `productId`, `orderId`, `overdue` (true: still open past the containment due time)." + Figures);

        g.MapGet("/ppm", async (DateOnly? from, DateOnly? to, string? by, long? accountId, long? productId, GetIncidentPpm ppm, CancellationToken ct) =>
                await ppm.HandleAsync(new PpmQuery(from, to, QueryValues.Enum<PpmGrouping>(by, "by"), accountId, productId), ct))
            .WithSummary("Defect rate: defect quantity of incidents opened from `from` to `to` (default the last 365 days) over the quantity delivered in that period, x 1,000,000, `by` account (default) or product, worst first, with `overall`. Rows with deliveries or defects; optional `accountId`, `productId`.");

        g.MapGet("/{id:long}", async (long id, GetIncident get, HttpResponse response, CancellationToken ct) =>
                Done(await get.HandleAsync(id, ct), response))
            .WithSummary("One incident with its nine 8D steps, account, order (id, customer reference), product, `containmentOverdue`; the ETag is `version`." + Figures);

        g.MapGet("/{id:long}/history", async (long id, int? limit, string? cursor, GetIncidentHistory history, CancellationToken ct) =>
                await history.HandleAsync(id, PageRequest.Of(limit, cursor), ct))
            .WithSummary("Changes to the incident and its steps, newest first.");

        g.MapPost("/", async (OpenIncidentInput body, OpenIncident open, HttpResponse response, CancellationToken ct) =>
            {
                var incident = await open.HandleAsync(body, ct);
                ETags.Set(response, incident.Version);
                return Results.Created($"/api/v1/incidents/{incident.Id}", incident);
            })
            .WithSummary("Open an incident (quality, admin; reps and managers at accounts they see): `accountId`, `title`, `severity` required; `orderId` (an order of the account), `productId` (on that order when one is given), `description`, `lot`, `defectQuantity` (>= 0), `ownerId` (active quality or admin user; default the opener when quality or admin), `currency` (default the base currency). Containment is due 24 hours later; raises incidentOpened. Honours Idempotency-Key.");

        g.MapPatch("/{id:long}", async (long id, JsonObject body, UpdateIncident update, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                Done(await update.HandleAsync(id, ETags.Expected(request), current => MergePatch.Apply(current, body), ct), response))
            .Accepts<IncidentPatch>("application/merge-patch+json", "application/json")
            .WithSummary("Change an incident (JSON merge patch, If-Match): `title`, `description`, `lot`, `defectQuantity`, `severity`, `ownerId`, `containment`, `rootCause`, `correctiveAction`, `preventiveAction`, `currency`, `cost`, `claimStatus`, `claimAmount` (amounts are numbers in `currency`). Quality and admin change all; reps and managers only `title`, `description`, `claimStatus`, `claimAmount` (403 naming another field).");

        g.MapPost("/{id:long}/contain", async (long id, ContainInput body, ContainIncident contain, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                Done(await contain.HandleAsync(id, ETags.Expected(request), body, ct), response))
            .WithSummary("Record the containment (`containment` required; quality, admin): status contained, D3 done today. 409 unless open.");

        g.MapPost("/{id:long}/escalate", async (long id, EscalateInput body, EscalateIncident escalate, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                Done(await escalate.HandleAsync(id, ETags.Expected(request), body, ct), response))
            .WithSummary("Escalate one level with a `reason` (quality, admin); raises incidentEscalated. 409 when closed.");

        g.MapPost("/{id:long}/verify", async (long id, VerifyInput body, VerifyIncident verify, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                Done(await verify.HandleAsync(id, ETags.Expected(request), body, ct), response))
            .WithSummary("Record how the fix was proven (`verification` required; quality, admin); D6 done today. 409 listing a missing root cause or corrective action.");

        g.MapPost("/{id:long}/close", async (long id, CloseIncident close, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                Done(await close.HandleAsync(id, ETags.Expected(request), ct), response))
            .WithSummary("Close (quality, admin): needs status contained and a verification, else 409 listing the unmet rules; D8 done today.");

        g.MapPost("/{id:long}/reopen", async (long id, ReopenIncident reopen, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                Done(await reopen.HandleAsync(id, ETags.Expected(request), ct), response))
            .WithSummary("Reopen a closed incident (quality, admin): back to contained, D8 not done. 409 unless closed.");

        g.MapPatch("/{id:long}/steps/{step}", async (long id, string step, JsonObject body, UpdateIncidentStep update, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                if (!Enum.TryParse<EightDStep>(step, ignoreCase: true, out var which) || !Enum.IsDefined(which))
                {
                    throw new NotFoundException("incidentStep");
                }
                var saved = await update.HandleAsync(id, which, ETags.Expected(request), current => MergePatch.Apply(current, body), ct);
                ETags.Set(response, saved.Version);
                return saved;
            })
            .Accepts<IncidentStepPatch>("application/merge-patch+json", "application/json")
            .WithSummary("Change one 8D step D0-D8 (quality, admin; JSON merge patch, If-Match with the step's version): `ownerId` (an active user), `dueOn`, `doneOn` (not in the future), `note`.");
    }

    private static IncidentDto Done(IncidentDto incident, HttpResponse response)
    {
        ETags.Set(response, incident.Version);
        return incident;
    }

    /// <summary>Query parameters of the incident list.</summary>
    public sealed record IncidentQuery(string? Status, string? Severity, long? AccountId, long? ProductId, long? OrderId, bool? Overdue, int? Limit, string? Cursor)
    {
        public IncidentFilter ToFilter() => new()
        {
            Status = QueryValues.Enum<IncidentStatus>(Status, "status"),
            Severity = QueryValues.Enum<IncidentSeverity>(Severity, "severity"),
            AccountId = AccountId,
            ProductId = ProductId,
            OrderId = OrderId,
            Overdue = Overdue,
        };
    }
}
