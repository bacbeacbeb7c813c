namespace Bridgehead.Tabular;

/// <summary>
/// Keeps spreadsheet programs from running a cell as a formula (CSV/formula injection). A text
/// cell whose first character is a control character (tab, carriage return...), or whose first
/// character after leading spaces and control characters is = + - @ (or their full-width forms),
/// is written with a leading apostrophe, which spreadsheets show as text. A cell that already
/// starts with an apostrophe gets one more, so <see cref="Restore"/> gives back exactly what was
/// neutralised and an exported file imports to the same values.
/// </summary>
public static class CellSafety
{
    private const string Triggers = "=+-@＝＋－＠";

    public static bool IsDangerous(string value)
    {
        if (value.Length == 0)
        {
            return false;
        }
        if (char.IsControl(value[0]))
        {
            return true;
        }
        foreach (var c in value)
        {
            if (c == ' ' || char.IsControl(c) || char.IsWhiteSpace(c))
            {
                continue;
            }
            return Triggers.Contains(c, StringComparison.Ordinal);
        }
        return false;
    }

    /// <summary>The cell as written to a file.</summary>
    public static string Neutralise(string value) =>
        IsDangerous(value) || value.StartsWith('\'') ? "'" + value : value;

    /// <summary>The value a neutralised cell stood for; other cells are returned unchanged.</summary>
    public static string Restore(string value) =>
        value.Length > 1 && value[0] == '\'' && (IsDangerous(value[1..]) || value[1] == '\'') ? value[1..] : value;
}
