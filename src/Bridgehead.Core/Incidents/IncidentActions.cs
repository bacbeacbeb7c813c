using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Notifications;

namespace Bridgehead.Incidents;

/// <summary>The body of POST /incidents/{id}/contain.</summary>
public sealed record ContainInput(string? Containment);

/// <summary>The body of POST /incidents/{id}/escalate.</summary>
public sealed record EscalateInput(string? Reason);

/// <summary>The body of POST /incidents/{id}/verify.</summary>
public sealed record VerifyInput(string? Verification);

/// <summary>The steps of an incident's life (quality and admin): each checks its rules (409 listing the unmet ones) and the version sent.</summary>
internal static class IncidentStepRunner
{
    public static async Task<IncidentDto> RunAsync(BridgeheadDb db, long id, long? expectedVersion, Action<Incident, DateTime> step, CancellationToken ct)
    {
        IncidentAccess.RequireReader(db.Viewer);
        var incident = await IncidentReader.ForChangeAsync(db, id, ct);
        IncidentAccess.RequireRunner(db.Viewer);
        Concurrency.Expect(db, incident, expectedVersion);
        step(incident, IncidentReader.Now(db));
        await db.SaveAsync(ct);
        return await IncidentReader.ReadAsync(db, id, ct);
    }

    public static void Done(Incident incident, EightDStep step, DateTime now)
    {
        if (incident.Steps.FirstOrDefault(s => s.Step == step) is { } row && row.DoneOn is null)
        {
            row.DoneOn = DateOnly.FromDateTime(now);
        }
    }

    public static string Required(string field, string? text, int max)
    {
        var v = new Validator();
        v.Required(field, Text.Clean(text), max);
        v.ThrowIfInvalid();
        return Text.Clean(text)!;
    }
}

/// <summary>Records the containment: status contained, contained now, D3 done today. Only an open incident (409 otherwise).</summary>
public sealed class ContainIncident(BridgeheadDb db)
{
    public Task<IncidentDto> HandleAsync(long id, long? expectedVersion, ContainInput input, CancellationToken ct) =>
        IncidentStepRunner.RunAsync(db, id, expectedVersion, (incident, now) =>
        {
            var containment = IncidentStepRunner.Required("containment", input.Containment, Incident.MaxText);
            if (incident.Status != IncidentStatus.Open)
            {
                throw new ConflictException([Validator.Format(IncidentsText.Rule_NotOpen, Labels.Of(incident.Status))]);
            }
            incident.Containment = containment;
            incident.Status = IncidentStatus.Contained;
            incident.ContainedAt = now;
            IncidentStepRunner.Done(incident, EightDStep.D3, now);
        }, ct);
}

/// <summary>Escalates one level with a reason and raises incidentEscalated (once per level). Not for a closed incident.</summary>
public sealed class EscalateIncident(BridgeheadDb db)
{
    public Task<IncidentDto> HandleAsync(long id, long? expectedVersion, EscalateInput input, CancellationToken ct) =>
        IncidentStepRunner.RunAsync(db, id, expectedVersion, (incident, now) =>
        {
            var reason = IncidentStepRunner.Required("reason", input.Reason, Incident.MaxText);
            if (incident.Status == IncidentStatus.Closed)
            {
                throw new ConflictException([IncidentsText.Rule_Closed]);
            }
            Escalate(db, incident, now, reason);
        }, ct);

    /// <summary>Raises the level and the event; the caller saves.</summary>
    internal static void Escalate(BridgeheadDb db, Incident incident, DateTime now, string? reason)
    {
        incident.EscalationLevel++;
        incident.EscalatedAt = now;
        Events.Raise(db, NotificationEvent.IncidentEscalated, "incident", incident.Id, incident.AccountId,
            new { title = incident.Title, severity = Json.Key(incident.Severity), level = incident.EscalationLevel, reason },
            $"incident:{incident.Id}:{incident.EscalationLevel}");
    }
}

/// <summary>Records how the fix was proven; needs the root cause and the corrective action (409 naming what is missing).</summary>
public sealed class VerifyIncident(BridgeheadDb db)
{
    public Task<IncidentDto> HandleAsync(long id, long? expectedVersion, VerifyInput input, CancellationToken ct) =>
        IncidentStepRunner.RunAsync(db, id, expectedVersion, (incident, now) =>
        {
            var verification = IncidentStepRunner.Required("verification", input.Verification, Incident.MaxText);
            var unmet = new List<string>();
            if (incident.Status == IncidentStatus.Closed)
            {
                unmet.Add(IncidentsText.Rule_Closed);
            }
            if (incident.RootCause is null)
            {
                unmet.Add(IncidentsText.Rule_NoRootCause);
            }
            if (incident.CorrectiveAction is null)
            {
                unmet.Add(IncidentsText.Rule_NoCorrectiveAction);
            }
            if (unmet.Count > 0)
            {
                throw new ConflictException(unmet);
            }
            incident.Verification = verification;
            incident.VerifiedAt = now;
            incident.VerifiedById = db.Viewer?.UserId;
            IncidentStepRunner.Done(incident, EightDStep.D6, now);
        }, ct);
}

/// <summary>Closes a contained and verified incident (409 listing the unmet rules): closed now, D8 done today.</summary>
public sealed class CloseIncident(BridgeheadDb db)
{
    public Task<IncidentDto> HandleAsync(long id, long? expectedVersion, CancellationToken ct) =>
        IncidentStepRunner.RunAsync(db, id, expectedVersion, (incident, now) =>
        {
            var unmet = new List<string>();
            switch (incident.Status)
            {
                case IncidentStatus.Closed:
                    unmet.Add(IncidentsText.Rule_Closed);
                    break;
                case IncidentStatus.Open:
                    unmet.Add(IncidentsText.Rule_NotContained);
                    break;
                case IncidentStatus.Contained:
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(id));
            }
            if (incident.Verification is null)
            {
                unmet.Add(IncidentsText.Rule_NotVerified);
            }
            if (unmet.Count > 0)
            {
                throw new ConflictException(unmet);
            }
            incident.Status = IncidentStatus.Closed;
            incident.ClosedAt = now;
            IncidentStepRunner.Done(incident, EightDStep.D8, now);
        }, ct);
}

/// <summary>Reopens a closed incident (the defect came back, or it was closed too early): contained again, D8 not done.</summary>
public sealed class ReopenIncident(BridgeheadDb db)
{
    public Task<IncidentDto> HandleAsync(long id, long? expectedVersion, CancellationToken ct) =>
        IncidentStepRunner.RunAsync(db, id, expectedVersion, (incident, _) =>
        {
            if (incident.Status != IncidentStatus.Closed)
            {
                throw new ConflictException([IncidentsText.Rule_NotClosed]);
            }
            incident.Status = incident.ContainedAt is null ? IncidentStatus.Open : IncidentStatus.Contained;
            incident.ClosedAt = null;
            if (incident.Steps.FirstOrDefault(s => s.Step == EightDStep.D8) is { } d8)
            {
                d8.DoneOn = null;
            }
        }, ct);
}
