using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Incidents;

/// <summary>The body of POST /incidents: where the defect was found and how bad it is.</summary>
/// <param name="OwnerId">An active quality or admin user; left out: the opener when quality or admin, else none.</param>
/// <param name="Currency">ISO 4217 code of the cost and the claim; left out: the base currency.</param>
public sealed record OpenIncidentInput(
    long? AccountId,
    string? Title,
    IncidentSeverity? Severity,
    long? OrderId = null,
    long? ProductId = null,
    string? Description = null,
    string? Lot = null,
    decimal? DefectQuantity = null,
    long? OwnerId = null,
    string? Currency = null);

/// <summary>
/// The fields of an incident a PATCH changes (merged with JSON merge patch). Quality and admin
/// change them all; sales writers only <c>title</c>, <c>description</c>, <c>claimStatus</c> and
/// <c>claimAmount</c>. <c>cost</c> and <c>claimAmount</c> are amounts in <c>currency</c>.
/// </summary>
public sealed record IncidentPatch(
    string? Title,
    string? Description = null,
    string? Lot = null,
    decimal? DefectQuantity = null,
    IncidentSeverity? Severity = null,
    long? OwnerId = null,
    string? Containment = null,
    string? RootCause = null,
    string? CorrectiveAction = null,
    string? PreventiveAction = null,
    string? Currency = null,
    decimal? Cost = null,
    ClaimStatus? ClaimStatus = null,
    decimal? ClaimAmount = null)
{
    /// <summary>What a sales writer may change: the words and what the customer claims.</summary>
    internal static readonly IReadOnlySet<string> SalesFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "title", "description", "claimStatus", "claimAmount",
    };

    public static IncidentPatch From(Incident i) => new(i.Title, i.Description, i.Lot, i.DefectQuantity, i.Severity, i.OwnerId, i.Containment,
        i.RootCause, i.CorrectiveAction, i.PreventiveAction, i.Currency, i.Cost, i.ClaimStatus, i.ClaimAmount);

    /// <summary>The JSON names of the fields that differ from <paramref name="other"/>, in field order.</summary>
    internal IReadOnlyList<string> ChangedFrom(IncidentPatch other)
    {
        var changed = new List<string>();
        void Check(string name, bool same)
        {
            if (!same)
            {
                changed.Add(name);
            }
        }
        Check("title", Text.Clean(Title) == Text.Clean(other.Title));
        Check("description", Text.Clean(Description) == Text.Clean(other.Description));
        Check("lot", Text.Clean(Lot) == Text.Clean(other.Lot));
        Check("defectQuantity", DefectQuantity == other.DefectQuantity);
        Check("severity", Severity == other.Severity);
        Check("ownerId", OwnerId == other.OwnerId);
        Check("containment", Text.Clean(Containment) == Text.Clean(other.Containment));
        Check("rootCause", Text.Clean(RootCause) == Text.Clean(other.RootCause));
        Check("correctiveAction", Text.Clean(CorrectiveAction) == Text.Clean(other.CorrectiveAction));
        Check("preventiveAction", Text.Clean(PreventiveAction) == Text.Clean(other.PreventiveAction));
        Check("currency", Forecasting.CurrencySettings.Normalize(Currency) == Forecasting.CurrencySettings.Normalize(other.Currency));
        Check("cost", Cost == other.Cost);
        Check("claimStatus", (ClaimStatus ?? Incidents.ClaimStatus.None) == (other.ClaimStatus ?? Incidents.ClaimStatus.None));
        Check("claimAmount", ClaimAmount == other.ClaimAmount);
        return changed;
    }
}

/// <summary>The body of PATCH /incidents/{id}/steps/{step}.</summary>
public sealed record IncidentStepPatch(long? OwnerId = null, DateOnly? DueOn = null, DateOnly? DoneOn = null, string? Note = null)
{
    public static IncidentStepPatch From(IncidentStep s) => new(s.OwnerId, s.DueOn, s.DoneOn, s.Note);
}

/// <summary>Checks shared by opening and changing an incident.</summary>
internal static class IncidentRules
{
    public const decimal MaxQuantity = 999_999_999_999m;

    public static void Quantity(Validator v, string field, decimal? value, bool required)
    {
        if (value is not { } q)
        {
            if (required)
            {
                v.Add(field, CommonText.Required);
            }
            return;
        }
        if (q < 0 || q > MaxQuantity)
        {
            v.Add(field, Validator.Format(CommonText.OutOfRange, 0, "999,999,999,999"));
        }
        else if (decimal.Round(q, 4) != q)
        {
            v.Add(field, CommonText.TooManyDecimals);
        }
    }

    public static void Amount(Validator v, string field, decimal? value)
    {
        if (value is not { } a)
        {
            return;
        }
        if (a < 0 || a > Money.MaxAmount)
        {
            v.Add(field, Validator.Format(CommonText.OutOfRange, 0, "999,999,999,999,999"));
        }
        else if (decimal.Round(a, 4) != a)
        {
            v.Add(field, CommonText.TooManyDecimals);
        }
    }

    /// <summary>The owner of an incident: an active quality or admin user.</summary>
    public static async Task OwnerAsync(BridgeheadDb db, Validator v, string field, long? ownerId, CancellationToken ct)
    {
        if (ownerId is not { } id)
        {
            return;
        }
        var ok = await db.Users.AsNoTracking().AnyAsync(u => u.Id == id && u.IsActive && (u.Role == Role.Quality || u.Role == Role.Admin), ct);
        if (!ok)
        {
            v.Add(field, IncidentsText.OwnerNotEligible);
        }
    }

    /// <summary>The owner of an 8D step: any active user (the team may span sales, plant and quality).</summary>
    public static async Task StepOwnerAsync(BridgeheadDb db, Validator v, string field, long? ownerId, CancellationToken ct)
    {
        if (ownerId is { } id && !await db.Users.AsNoTracking().AnyAsync(u => u.Id == id && u.IsActive, ct))
        {
            v.Add(field, CommonText.UnknownUser);
        }
    }

    public static string? Currency(Validator v, string? currency, string fallback)
    {
        var code = Forecasting.CurrencySettings.Normalize(currency) ?? fallback;
        if (!Forecasting.CurrencySettings.IsCode(code))
        {
            v.Add("currency", CommonText.InvalidCurrency);
            return null;
        }
        return code;
    }
}
