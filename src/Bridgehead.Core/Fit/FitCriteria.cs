using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Industries;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Fit;

/// <summary>A criterion as the API returns it; <paramref name="Targets"/> reads its values in the caller's language.</summary>
public sealed record FitCriterionDto(long Id, FitDimension Dimension, IReadOnlyList<string> Values, int? MinEmployees, int? MaxEmployees, int Weight, string Targets);

/// <summary>The whole list of criteria; <paramref name="Version"/> (the ETag) changes whenever the list does.</summary>
public sealed record FitCriteriaDto(IReadOnlyList<FitCriterionDto> Items, long Version);

/// <summary>One criterion as sent in PUT.</summary>
public sealed record FitCriterionInput
{
    public FitDimension? Dimension { get; init; }

    /// <summary>Industry codes, application ids or ISO country codes, by dimension; none for size.</summary>
    public List<string>? Values { get; init; }
    public int? MinEmployees { get; init; }
    public int? MaxEmployees { get; init; }
    public int? Weight { get; init; }
}

/// <summary>The body of PUT /fit-criteria: the complete new list.</summary>
public sealed record FitCriteriaInput
{
    public const int MaxCriteria = 50;

    public List<FitCriterionInput>? Items { get; init; }

    /// <summary>Checks every criterion (field names such as <c>items[2].weight</c>) and returns them ready to save.</summary>
    internal async Task<List<FitCriterion>> ValidateAsync(BridgeheadDb db, CancellationToken ct)
    {
        var v = new Validator();
        var items = Items ?? [];
        if (items.Count > MaxCriteria)
        {
            v.Add("items", Validator.Format(FitText.TooManyCriteria, MaxCriteria));
            v.ThrowIfInvalid();
        }

        // Every application id named anywhere, checked in one query.
        var named = items.Where(i => i?.Dimension == FitDimension.Application)
            .SelectMany(i => i.Values ?? [])
            .Select(x => long.TryParse(x?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1)
            .Where(id => id > 0).Distinct().ToList();
        var existing = named.Count == 0 ? [] : (await db.Applications.AsNoTracking().Where(a => named.Contains(a.Id)).Select(a => a.Id).ToListAsync(ct)).ToHashSet();

        var made = new List<FitCriterion>();
        for (var i = 0; i < items.Count; i++)
        {
            var field = $"items[{i}]";
            var item = items[i] ?? new FitCriterionInput();
            if (item.Dimension is not { } dimension || !Enum.IsDefined(dimension))
            {
                v.Add(field + ".dimension", FitText.DimensionRequired);
                continue;
            }
            if (item.Weight is not { } weight)
            {
                v.Add(field + ".weight", CommonText.Required);
            }
            else
            {
                v.Range(field + ".weight", weight, 1, FitCriterion.MaxWeight);
            }
            var values = (item.Values ?? []).Select(x => Text.Clean(x)).OfType<string>().ToList();
            var clean = new List<string>();
            switch (dimension)
            {
                case FitDimension.Size:
                    if (values.Count > 0)
                    {
                        v.Add(field + ".values", FitText.SizeTakesNoValues);
                    }
                    if (item.MinEmployees is null && item.MaxEmployees is null)
                    {
                        v.Add(field + ".minEmployees", FitText.SizeNeedsBound);
                    }
                    v.Range(field + ".minEmployees", item.MinEmployees, 0, Accounts.Account.MaxEmployees);
                    v.Range(field + ".maxEmployees", item.MaxEmployees, 0, Accounts.Account.MaxEmployees);
                    if (item.MinEmployees is { } min && item.MaxEmployees is { } max && min > max)
                    {
                        v.Add(field + ".maxEmployees", FitText.MinAboveMax);
                    }
                    break;
                case FitDimension.Industry:
                case FitDimension.Application:
                case FitDimension.Region:
                    if (item.MinEmployees is not null)
                    {
                        v.Add(field + ".minEmployees", FitText.BoundsOnlyForSize);
                    }
                    if (item.MaxEmployees is not null)
                    {
                        v.Add(field + ".maxEmployees", FitText.BoundsOnlyForSize);
                    }
                    if (values.Count == 0)
                    {
                        v.Add(field + ".values", FitText.ValuesRequired);
                    }
                    else if (values.Count > FitCriterion.MaxValues)
                    {
                        v.Add(field + ".values", Validator.Format(FitText.TooManyValues, FitCriterion.MaxValues));
                    }
                    foreach (var value in values)
                    {
                        if (Normalize(dimension, value, existing) is { } ok)
                        {
                            clean.Add(ok);
                        }
                        else
                        {
                            v.Add(field + ".values", Validator.Format(UnknownValue(dimension), value));
                        }
                    }
                    break;
                default:
                    throw new InvalidOperationException("Unknown dimension " + dimension);
            }
            made.Add(new FitCriterion
            {
                Dimension = dimension,
                Values = [.. clean.Distinct(StringComparer.Ordinal)],
                MinEmployees = dimension == FitDimension.Size ? item.MinEmployees : null,
                MaxEmployees = dimension == FitDimension.Size ? item.MaxEmployees : null,
                Weight = item.Weight ?? 0,
            });
        }
        v.ThrowIfInvalid();
        return made;
    }

    /// <summary>The value as stored (catalogue code, id, upper-case country), or null when it is not a valid one.</summary>
    private static string? Normalize(FitDimension dimension, string value, HashSet<long> applications) => dimension switch
    {
        FitDimension.Industry => IsicCatalogue.Find(value)?.Code,
        FitDimension.Application => long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && applications.Contains(id)
            ? id.ToString(CultureInfo.InvariantCulture) : null,
        FitDimension.Region => IsCountry(value.ToUpperInvariant()) ? value.ToUpperInvariant() : null,
        FitDimension.Size => null,
        _ => throw new ArgumentOutOfRangeException(nameof(dimension)),
    };

    private static string UnknownValue(FitDimension dimension) => dimension switch
    {
        FitDimension.Industry => FitText.UnknownIndustry,
        FitDimension.Application => FitText.UnknownApplication,
        FitDimension.Region => FitText.UnknownCountry,
        FitDimension.Size => FitText.SizeTakesNoValues,
        _ => throw new ArgumentOutOfRangeException(nameof(dimension)),
    };

    internal static bool IsCountry(string code)
    {
        if (code.Length != 2 || !code.All(char.IsAsciiLetterUpper))
        {
            return false;
        }
        try
        {
            return new RegionInfo(code).TwoLetterISORegionName == code;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

/// <summary>The ideal-customer criteria; anyone signed in may read them (fit is not a sales secret).</summary>
public sealed class ListFitCriteria(BridgeheadDb db)
{
    public async Task<FitCriteriaDto> HandleAsync(CancellationToken ct)
    {
        Access.Require(db.Viewer);
        var criteria = await db.FitCriteria.AsNoTracking().OrderBy(c => c.Id).ToListAsync(ct);
        var names = await FitNames.LoadAsync(db, criteria, [], ct);
        return new FitCriteriaDto(
            [.. criteria.Select(c => new FitCriterionDto(c.Id, c.Dimension, c.Values, c.MinEmployees, c.MaxEmployees, c.Weight, names.Targets(c)))],
            FitCriteriaVersion.Of(criteria));
    }
}

/// <summary>
/// Replaces the whole list of criteria (admin) and recomputes every account's fit score in the
/// same transaction. A stale If-Match (the list's version) changes nothing.
/// </summary>
public sealed class ReplaceFitCriteria(BridgeheadDb db, ListFitCriteria list)
{
    public async Task<FitCriteriaDto> HandleAsync(FitCriteriaInput input, long? expectedVersion, CancellationToken ct)
    {
        Access.RequireAdmin(db.Viewer, FitText.AdminsOnly);
        var wanted = await input.ValidateAsync(db, ct);

        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            var current = await db.FitCriteria.OrderBy(c => c.Id).ToListAsync(ct);
            var version = FitCriteriaVersion.Of(current);
            if (expectedVersion is { } expected && expected != version)
            {
                throw new PreconditionFailedException(version);
            }
            // Removed through the change tracker (each checks its own version), so a concurrent
            // replace that got there first makes this one stale instead of doubling the list.
            db.FitCriteria.RemoveRange(current);
            db.FitCriteria.AddRange(wanted);
            await db.SaveAsync(ct);
            await FitScores.RecomputeAllAsync(db, ct);
            if (own is not null)
            {
                await own.CommitAsync(ct);
            }
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
        db.ChangeTracker.Clear();
        return await list.HandleAsync(ct);
    }
}

/// <summary>The list's ETag: a hash of its criteria's ids and versions.</summary>
internal static class FitCriteriaVersion
{
    public static long Of(IEnumerable<FitCriterion> criteria)
    {
        var text = string.Join(";", criteria.OrderBy(c => c.Id).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Id}:{c.Version}")));
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return BitConverter.ToInt64(hash, 0) & long.MaxValue;
    }
}
