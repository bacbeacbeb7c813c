using System.Text.Json.Nodes;
using Bridgehead.Api;
using Bridgehead.Auditing;
using Bridgehead.Common;
using Bridgehead.Identity;

namespace Bridgehead.Trials;

/// <summary>
/// Stage 8: a pursuit's trial plan (pilot rounds, the mass-production run, the customer's audit)
/// with results and findings. Sales roles read the trials of their accounts; quality, admin and
/// the viewer those of all. Sales writers plan; quality and admin record results and close
/// findings. Every route is open to any signed-in user: the use cases decide (product gets 403).
/// </summary>
public static class TrialsApi
{
    /// <summary>Query parameters of the list of phases.</summary>
    public sealed record TrialQuery(string? Result, string? Kind, long? AccountId, long? OpportunityId, DateOnly? PlannedEndBefore, int? Limit, string? Cursor)
    {
        public TrialFilter ToFilter() => new()
        {
            Result = QueryValues.Enum<TrialResult>(Result, "result"),
            Kind = QueryValues.Enum<TrialKind>(Kind, "kind"),
            AccountId = AccountId,
            OpportunityId = OpportunityId,
            PlannedEndBefore = PlannedEndBefore,
        };
    }

    public static void Map(RouteGroupBuilder api)
    {
        var plan = api.MapGroup("/opportunities/{id:long}/trials").WithTags("Trials").RequireAuthorization(Policies.ReadAccounts);

        plan.MapGet("/", async (long id, GetTrialPlan get, CancellationToken ct) => await get.HandleAsync(id, ct))
            .WithSummary("The pursuit's trial plan: phases in order (pilot rounds by round, then massProduction, then audit) with scope, dates, result, findings and counts (passed: passed, or conditional with every finding closed), the run fields on the run and auditors on the audit; missingItems on rounds 3 and later (products of the sent quotes the round leaves out: a hint); and the summary the gate judges: passed and what is missing. Sales roles for their accounts, quality, admin and viewer for all; 404 for a pursuit the caller does not see.");

        plan.MapPost("/", async (long id, NewTrialPhaseInput body, PlanTrialPhase add, HttpResponse response, CancellationToken ct) =>
            {
                var phase = await add.HandleAsync(id, body, ct);
                ETags.Set(response, phase.Version);
                return TypedResults.Created($"/api/v1/trials/{phase.Id}", phase);
            })
            .WithSummary("Plan a phase: kind (pilot, massProduction, audit); round for pilots (default: the next; rounds are numbered in order); scope { productIds, lines } (a pilot needs at least one of each, and at least the previous round's, lines compared without case); plannedStart, plannedEnd; plannedOutput (run only); notes. One run and one audit per pursuit (409 on a second). Sales writers on an open pursuit (quality and viewer 403, closed 409).");

        var phases = api.MapGroup("/trials").WithTags("Trials").RequireAuthorization(Policies.ReadAccounts);

        phases.MapGet("/", async ([AsParameters] TrialQuery q, ListTrialPhases list, CancellationToken ct) =>
                await list.HandleAsync(q.ToFilter(), PageRequest.Of(q.Limit, q.Cursor), ct))
            .WithSummary("Every phase the caller sees, with account name and pursuit title, soonest planned end first (none last). Filters: `result` (pending, passed, conditional, failed), `kind` (pilot, massProduction, audit), `accountId`, `opportunityId`, `plannedEndBefore` (on or before, a date). Quality's worklist: ?result=pending.");

        phases.MapGet("/{phaseId:long}", async (long phaseId, GetTrialPhase get, HttpResponse response, CancellationToken ct) =>
            {
                var phase = await get.HandleAsync(phaseId, ct);
                ETags.Set(response, phase.Version);
                return phase;
            })
            .WithSummary("One phase; its ETag is the version to send in If-Match.");

        phases.MapPatch("/{phaseId:long}", async (long phaseId, JsonObject body, UpdateTrialPhase update, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var phase = await update.HandleAsync(phaseId, ETags.Expected(request), current => MergePatch.Apply(current, body), ct);
                ETags.Set(response, phase.Version);
                return phase;
            })
            .Accepts<TrialPhaseInput>("application/merge-patch+json", "application/json")
            .WithSummary("Change a phase (JSON merge patch). The plan (scope, plannedStart, plannedEnd, plannedOutput, notes) is changed by sales writers; the result (actualStart, actualEnd, result, issues, correctiveActions, actualOutput, yieldPercent, continuousHours, drillOn, drillResult, drillNotes, auditors) by quality or admin: 403 for the other side's fields. 422 naming the field: a pilot's scope may not drop what the round before tests nor go beyond the round after; products from the catalogue; ends not before starts; yieldPercent 0-100; outputs and hours not negative; failed and conditional need issues; passed is refused while major or critical findings are open. A result without actualEnd ends today. Send If-Match to refuse stale edits.");

        phases.MapDelete("/{phaseId:long}", async (long phaseId, DeleteTrialPhase delete, HttpRequest request, CancellationToken ct) =>
            {
                await delete.HandleAsync(phaseId, ETags.Expected(request), ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Delete a phase planned by mistake, with its findings: only while pending and, for pilots, only the last round (409 saying why otherwise). Sales writers.");

        phases.MapGet("/{phaseId:long}/history", async (long phaseId, int? limit, string? cursor, GetTrialPhase get, GetHistory history, CancellationToken ct) =>
            {
                await get.HandleAsync(phaseId, ct);
                return await history.HandleAsync("trialPhase", phaseId, PageRequest.Of(limit, cursor), ct);
            })
            .WithSummary("Who planned, changed and recorded the phase and when, newest first (quality reads it too).");

        phases.MapPost("/{phaseId:long}/findings", async (long phaseId, NewFindingInput body, AddTrialFinding add, HttpResponse response, CancellationToken ct) =>
            {
                var finding = await add.HandleAsync(phaseId, body, ct);
                ETags.Set(response, finding.Version);
                return TypedResults.Created($"/api/v1/trial-findings/{finding.Id}", finding);
            })
            .WithSummary("Record a finding: text, severity (minor, major, critical), dueOn. Quality and admin, and sales writers (who often hear it first from the customer's auditors). A major or critical finding on a phase recorded as passed is refused (409): record the phase as conditional first.");

        var findings = api.MapGroup("/trial-findings").WithTags("Trials").RequireAuthorization(Policies.ReadAccounts);

        findings.MapGet("/{findingId:long}", async (long findingId, GetTrialFinding get, HttpResponse response, CancellationToken ct) =>
            {
                var finding = await get.HandleAsync(findingId, ct);
                ETags.Set(response, finding.Version);
                return finding;
            })
            .WithSummary("One finding; its ETag is the version to send in If-Match.");

        findings.MapPatch("/{findingId:long}", async (long findingId, JsonObject body, UpdateTrialFinding update, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var finding = await update.HandleAsync(findingId, ETags.Expected(request), current => MergePatch.Apply(current, body), ct);
                ETags.Set(response, finding.Version);
                return finding;
            })
            .Accepts<FindingInput>("application/merge-patch+json", "application/json")
            .WithSummary("Change a finding (JSON merge patch): text, severity, dueOn, status (open, closed), resolution. Closing needs a resolution; reopening is allowed. Quality and admin only; also after the pursuit was won.");

        findings.MapDelete("/{findingId:long}", async (long findingId, DeleteTrialFinding delete, HttpRequest request, CancellationToken ct) =>
            {
                await delete.HandleAsync(findingId, ETags.Expected(request), ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Delete a finding recorded by mistake: only while open (409 once closed), by those who may record findings.");

        findings.MapGet("/{findingId:long}/history", async (long findingId, int? limit, string? cursor, GetTrialFinding get, GetHistory history, CancellationToken ct) =>
            {
                await get.HandleAsync(findingId, ct);
                return await history.HandleAsync("trialFinding", findingId, PageRequest.Of(limit, cursor), ct);
            })
            .WithSummary("Who recorded, changed, closed or reopened the finding and when, newest first.");
    }
}
