using System.Globalization;
using Bridgehead.Common;

namespace Bridgehead.Trials;

/// <summary>
/// The rules of a trial plan in one place: how phases are named and ordered, when a phase counts
/// as passed, and what the gate still misses.
/// </summary>
public static class TrialRules
{
    /// <summary>Round 3 and later test "all items": every product on the pursuit's sent quotes.</summary>
    public const int AllItemsFromRound = 3;

    public const int MaxRound = 100;

    public const int MaxProducts = 200;

    public const int MaxLines = 50;

    /// <summary>Outputs and hours: at most this (and not negative): what a decimal(19,4) column holds.</summary>
    public const decimal MaxValue = 999_999_999_999_999.9999m;

    /// <summary>Lines are compared without case: "Line 2" and "line 2" are one line.</summary>
    public static readonly StringComparer LineComparer = StringComparer.OrdinalIgnoreCase;

    /// <summary>"Pilot round 2", "Mass-production run", "Customer audit" in the current language.</summary>
    public static string NameOf(TrialKind kind, int round) => kind switch
    {
        TrialKind.Pilot => Validator.Format(TrialsText.Name_Pilot, round),
        TrialKind.MassProduction => TrialsText.Name_MassProduction,
        TrialKind.Audit => TrialsText.Name_Audit,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The short name a reason uses mid-sentence: "round 2", "run", "audit".</summary>
    public static string ShortNameOf(TrialKind kind, int round) => kind switch
    {
        TrialKind.Pilot => Validator.Format(TrialsText.Short_Pilot, round),
        TrialKind.MassProduction => TrialsText.Short_MassProduction,
        TrialKind.Audit => TrialsText.Short_Audit,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The plan's order: pilot rounds, then the run, then the audit.</summary>
    public static int OrderOf(TrialKind kind) => kind switch
    {
        TrialKind.Pilot => 0,
        TrialKind.MassProduction => 1,
        TrialKind.Audit => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Passed counts; conditional counts once every finding of the phase is closed.</summary>
    public static bool CountsAsPassed(TrialResult result, int openFindings) => result switch
    {
        TrialResult.Passed => true,
        TrialResult.Conditional => openFindings == 0,
        TrialResult.Pending or TrialResult.Failed => false,
        _ => throw new ArgumentOutOfRangeException(nameof(result)),
    };

    /// <summary>A finding that keeps a phase from being recorded as passed while open.</summary>
    public static bool IsSevere(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Major or FindingSeverity.Critical => true,
        FindingSeverity.Minor => false,
        _ => throw new ArgumentOutOfRangeException(nameof(severity)),
    };

    /// <summary>A phase as the gate sees it.</summary>
    public sealed record PhaseState(TrialKind Kind, int Round, TrialResult Result, int OpenFindings);

    /// <summary>
    /// What the gate judges: at least one pilot round, every planned round passed, the run passed
    /// and the audit passed (conditional counting once its findings are closed). The reasons
    /// name what is missing, in plan order.
    /// </summary>
    public static TrialSummaryDto Judge(IEnumerable<PhaseState> phases)
    {
        var ordered = phases.OrderBy(p => OrderOf(p.Kind)).ThenBy(p => p.Round).ToList();
        var missing = new List<string>();
        if (!ordered.Any(p => p.Kind == TrialKind.Pilot))
        {
            missing.Add(TrialsText.Missing_NoPilot);
        }
        foreach (var p in ordered.Where(p => p.Kind == TrialKind.Pilot))
        {
            AddUnpassed(missing, p);
        }
        AddKind(missing, ordered, TrialKind.MassProduction, TrialsText.Missing_NoRun);
        AddKind(missing, ordered, TrialKind.Audit, TrialsText.Missing_NoAudit);
        return new TrialSummaryDto(missing.Count == 0, missing);
    }

    private static void AddKind(List<string> missing, List<PhaseState> phases, TrialKind kind, string none)
    {
        var found = phases.Where(p => p.Kind == kind).ToList();
        if (found.Count == 0)
        {
            missing.Add(none);
        }
        foreach (var p in found)
        {
            AddUnpassed(missing, p);
        }
    }

    private static void AddUnpassed(List<string> missing, PhaseState p)
    {
        if (CountsAsPassed(p.Result, p.OpenFindings))
        {
            return;
        }
        var name = ShortNameOf(p.Kind, p.Round);
        missing.Add(p.Result switch
        {
            TrialResult.Pending => Validator.Format(TrialsText.Missing_Pending, name),
            TrialResult.Failed => Validator.Format(TrialsText.Missing_Failed, name),
            TrialResult.Conditional => Validator.Format(p.OpenFindings == 1 ? TrialsText.Missing_ConditionalOne : TrialsText.Missing_ConditionalMany, name, p.OpenFindings),
            TrialResult.Passed => throw new InvalidOperationException("A passed phase counts."),
            _ => throw new ArgumentOutOfRangeException(nameof(p)),
        });
    }

    /// <summary>The gate's reason: all passed (with the number of rounds), or what is missing.</summary>
    public static string Why(TrialSummaryDto summary, int rounds) => summary.Passed
        ? Validator.Format(rounds == 1 ? TrialsText.Why_PassedOne : TrialsText.Why_PassedMany, rounds)
        : Validator.Format(TrialsText.Why_Missing, string.Join(TrialsText.ListSeparator, summary.Missing));

    /// <summary>Lines as typed: trimmed, blanks dropped, repeats (in any case) kept once, in the order given.</summary>
    public static List<string> CleanLines(IEnumerable<string?>? lines)
    {
        var seen = new HashSet<string>(LineComparer);
        var result = new List<string>();
        foreach (var line in lines ?? [])
        {
            if (Text.Clean(line) is { } clean && seen.Add(clean))
            {
                result.Add(clean);
            }
        }
        return result;
    }

    /// <summary>Product ids without repeats, in the order given.</summary>
    public static List<long> CleanProducts(IEnumerable<long>? ids) => [.. (ids ?? []).Distinct()];

    /// <summary>A value as people read it: thousands separated, no trailing zeros.</summary>
    public static string Format(decimal value) => value.ToString("#,0.####", CultureInfo.CurrentCulture);

    /// <summary>A quantity of the run: not negative, not absurd, at most four decimals.</summary>
    internal static void CheckQuantity(Validator v, string field, decimal? value, decimal max = MaxValue)
    {
        if (value is not { } x)
        {
            return;
        }
        if (x < 0 || x > max)
        {
            v.Add(field, Validator.Format(CommonText.OutOfRange, 0, Format(max)));
        }
        else if (decimal.Round(x, 4) != x)
        {
            v.Add(field, CommonText.TooManyDecimals);
        }
    }

    /// <summary>An end before its start is refused on the end's field.</summary>
    internal static void CheckDates(Validator v, string endField, DateOnly? start, DateOnly? end)
    {
        if (start is { } s && end is { } e && e < s)
        {
            v.Add(endField, Validator.Format(TrialsText.EndBeforeStart, s.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }
    }
}
