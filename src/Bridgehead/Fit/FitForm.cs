using System.Globalization;

namespace Bridgehead.Fit;

/// <summary>The criteria form of /admin/fit: every criterion as a row, saved together as the new list.</summary>
public sealed class FitForm
{
    public List<FitRowForm> Rows { get; set; } = [];

    /// <summary>The list's version (ETag) when the form was opened.</summary>
    public long Version { get; set; }

    /// <summary>What the row added by "Add criterion" looks at.</summary>
    public FitDimension? NewDimension { get; set; }

    public static FitForm From(FitCriteriaDto criteria) => new()
    {
        Version = criteria.Version,
        Rows = [.. criteria.Items.Select(c => new FitRowForm
        {
            Dimension = c.Dimension,
            Industries = c.Dimension == FitDimension.Industry ? [.. c.Values] : [],
            ApplicationIds = c.Dimension == FitDimension.Application
                ? [.. c.Values.Select(v => long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0).Where(id => id > 0)]
                : [],
            Countries = c.Dimension == FitDimension.Region ? string.Join(", ", c.Values) : null,
            MinEmployees = c.MinEmployees,
            MaxEmployees = c.MaxEmployees,
            Weight = c.Weight,
        })],
    };

    /// <summary>The rows kept (not marked for removal), with their index in <see cref="Rows"/>.</summary>
    public IReadOnlyList<(int Index, FitRowForm Row)> Kept() => [.. Rows.Select((r, i) => (i, r)).Where(x => !x.r.Remove)];

    public FitCriteriaInput ToInput() => new() { Items = [.. Kept().Select(x => x.Row.ToInput())] };

    /// <summary>The core's field names ("items[2].weight", counting kept rows) as this form's ("Rows[3].Weight").</summary>
    public IReadOnlyDictionary<string, string> ErrorFields()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal) { ["items"] = "Rows" };
        var kept = Kept();
        for (var k = 0; k < kept.Count; k++)
        {
            foreach (var field in new[] { "dimension", "values", "weight", "minEmployees", "maxEmployees" })
            {
                map[$"items[{k}].{field}"] = $"Rows[{kept[k].Index}].{char.ToUpperInvariant(field[0])}{field[1..]}";
            }
        }
        return map;
    }
}

/// <summary>One criterion of the form; only the inputs of its dimension are shown.</summary>
public sealed class FitRowForm
{
    public FitDimension Dimension { get; set; }

    public List<string> Industries { get; set; } = [];

    public List<long> ApplicationIds { get; set; } = [];

    /// <summary>ISO codes separated by commas or spaces.</summary>
    public string? Countries { get; set; }

    public int? MinEmployees { get; set; }

    public int? MaxEmployees { get; set; }

    public int? Weight { get; set; }

    public bool Remove { get; set; }

    public FitCriterionInput ToInput() => new()
    {
        Dimension = Dimension,
        Values = Dimension switch
        {
            FitDimension.Industry => Industries,
            FitDimension.Application => [.. ApplicationIds.Select(id => id.ToString(CultureInfo.InvariantCulture))],
            FitDimension.Region => [.. (Countries ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
            FitDimension.Size => [],
            _ => throw new InvalidOperationException("Unknown dimension " + Dimension),
        },
        MinEmployees = Dimension == FitDimension.Size ? MinEmployees : null,
        MaxEmployees = Dimension == FitDimension.Size ? MaxEmployees : null,
        Weight = Weight,
    };
}
