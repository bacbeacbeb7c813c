using System.Text.RegularExpressions;

namespace Bridgehead.Tests.Security;

/// <summary>
/// The raw SQL rule: SQL text handed to the database is a constant, or an interpolated string that
/// EF Core turns into parameters (FromSql, SqlQuery, ExecuteSql). Never a string built by
/// interpolation or concatenation for FromSqlRaw, SqlQueryRaw, ExecuteSqlRaw, a command's
/// CommandText or a migration's Sql. The build also refuses it (EF1002 and CA2100 are errors in
/// .editorconfig); this scan covers what the analyzers cannot see, such as a variable built elsewhere.
/// </summary>
public sealed partial class RawSqlRuleTests
{
    /// <summary>Uses reviewed by hand: the file, a part of the SQL argument as written, and why it is safe.</summary>
    private static readonly (string File, string Part, string Why)[] Reviewed =
    [
        ("src/Bridgehead.Core/Scale/ScaleWriter.cs", "sql",
            "the benchmark loader's own statements (ANALYZE, sequence moves, PRAGMA) from table and column names of the EF model, never from input"),
        ("src/Bridgehead.Core/Scale/ScaleWriter.cs", "INSERT INTO {table}",
            "the benchmark loader's insert: table and column names of the EF model, quoted; every value is a parameter"),
        ("src/Bridgehead.Migrations.Postgres/Migrations/20261127053430_MarketMap.cs", "MarketMapData.",
            "the built-in industry catalogue (IsicCatalogue), quotes doubled; no input"),
        ("src/Bridgehead.Migrations.Sqlite/Migrations/20261127053426_MarketMap.cs", "MarketMapData.",
            "the built-in industry catalogue (IsicCatalogue), quotes doubled; no input"),
    ];

    [Fact]
    public void NoSqlInSrc_IsBuiltFromStrings()
    {
        var root = Root();
        var found = new List<string>();
        var reviewedSeen = new HashSet<(string, string)>();
        foreach (var path in Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
            if (relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal))
            {
                continue;
            }
            foreach (var (line, argument) in Unsafe(File.ReadAllText(path)))
            {
                if (Reviewed.FirstOrDefault(r => r.File == relative && argument.Contains(r.Part, StringComparison.Ordinal)) is { File: not null } reviewed)
                {
                    reviewedSeen.Add((reviewed.File, reviewed.Part));
                    continue;
                }
                found.Add($"{relative}:{line}: {argument}");
            }
        }

        Assert.True(found.Count == 0, "Raw SQL built from strings (use FromSql/SqlQuery/ExecuteSql with an interpolated string, or a const):\n" + string.Join("\n", found));
        Assert.Equal(Reviewed.Length, reviewedSeen.Count); // a reviewed use that is gone leaves the list
    }

    [Theory]
    [InlineData("db.Accounts.FromSqlRaw($\"SELECT * FROM accounts WHERE name = '{name}'\")")]
    [InlineData("db.Accounts.FromSqlRaw(\"SELECT * FROM accounts WHERE name = '\" + name + \"'\")")]
    [InlineData("await db.Database.ExecuteSqlRawAsync(sql, ct);")]
    [InlineData("db.Database.SqlQueryRaw<int>(string.Format(\"SELECT {0}\", x))")]
    [InlineData("command.CommandText = \"DELETE FROM t WHERE id = \" + id;")]
    [InlineData("migrationBuilder.Sql($\"UPDATE t SET x = {value}\");")]
    public void TheScan_FindsSqlBuiltFromStrings(string code) => Assert.Single(Unsafe(code));

    [Theory]
    [InlineData("db.Database.SqlQueryRaw<string>(VersionSql)", "private const string VersionSql = \"SELECT version()\";")]
    [InlineData("db.Database.ExecuteSqlRawAsync(\"PRAGMA journal_mode=WAL;\", ct)", "")]
    [InlineData("command.CommandText = \"SELECT 1\";", "")]
    [InlineData("db.Database.SqlQuery<int>($\"SELECT id FROM accounts WHERE id = {id}\")", "")]
    [InlineData("db.Database.ExecuteSqlAsync($\"SELECT pg_advisory_lock({Key})\", ct)", "")]
    [InlineData("migrationBuilder.Sql(@\"UPDATE t SET \"\"x\"\" = 1\");", "")]
    [InlineData("migrationBuilder.Sql(\"\"\"\n  UPDATE t SET x = 1\n  \"\"\");", "")]
    [InlineData("migrationBuilder.Sql(\n  \"UPDATE t SET x = 1 \"\n  + \"WHERE y = 2\");", "")]
    public void TheScan_PassesConstantsAndParameterizedSql(string code, string declarations) => Assert.Empty(Unsafe(declarations + "\n" + code));

    /// <summary>Each raw-SQL call or CommandText assignment whose SQL is not a literal or a const of the same file: its line and argument.</summary>
    private static IEnumerable<(int Line, string Argument)> Unsafe(string source)
    {
        foreach (Match call in RawCall().Matches(source))
        {
            var start = call.Index + call.Length;
            var argument = call.Groups["assign"].Success ? Until(source, start, ';') : FirstArgument(source, start);
            if (!IsConstant(argument.Trim(), source))
            {
                yield return (source[..call.Index].Count(c => c == '\n') + 1, argument.Trim());
            }
        }
    }

    /// <summary>Literals and consts of the same file, joined by + or not.</summary>
    private static bool IsConstant(string argument, string source) =>
        Parts(argument).All(part => Literal().IsMatch(part)
            || (Identifier().IsMatch(part) && Regex.IsMatch(source, $@"\bconst\s+string\s+{Regex.Escape(part.Split('.')[^1])}\b")));

    /// <summary>The operands of + at the top level (outside strings and brackets), trimmed.</summary>
    private static IEnumerable<string> Parts(string expression)
    {
        var depth = 0;
        var from = 0;
        for (var i = 0; i < expression.Length; i++)
        {
            var c = expression[i];
            if (c == '"')
            {
                i = EndOfString(expression, i);
            }
            else if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']' or '}')
            {
                depth--;
            }
            else if (c == '+' && depth == 0)
            {
                yield return expression[from..i].Trim();
                from = i + 1;
            }
        }
        yield return expression[from..].Trim();
    }

    /// <summary>The text up to the first comma or closing parenthesis outside brackets and strings.</summary>
    private static string FirstArgument(string source, int start)
    {
        var depth = 0;
        for (var i = start; i < source.Length; i++)
        {
            var c = source[i];
            if (c == '"')
            {
                i = EndOfString(source, i);
                continue;
            }
            if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']' or '}')
            {
                if (depth-- == 0)
                {
                    return source[start..i];
                }
            }
            else if (c == ',' && depth == 0)
            {
                return source[start..i];
            }
        }
        return source[start..];
    }

    private static string Until(string source, int start, char end)
    {
        for (var i = start; i < source.Length; i++)
        {
            if (source[i] == '"')
            {
                i = EndOfString(source, i);
            }
            else if (source[i] == end)
            {
                return source[start..i];
            }
        }
        return source[start..];
    }

    /// <summary>The index of the closing quote of the string starting at <paramref name="open"/>: regular, verbatim (@) or raw (""").</summary>
    private static int EndOfString(string source, int open)
    {
        if (string.CompareOrdinal(source, open, "\"\"\"", 0, 3) == 0)
        {
            var close = source.IndexOf("\"\"\"", open + 3, StringComparison.Ordinal);
            return close < 0 ? source.Length : close + 2;
        }
        var verbatim = open > 0 && (source[open - 1] == '@' || (open > 1 && source[open - 2] == '@'));
        for (var i = open + 1; i < source.Length; i++)
        {
            if (source[i] == '\\' && !verbatim)
            {
                i++;
            }
            else if (source[i] == '"')
            {
                if (verbatim && i + 1 < source.Length && source[i + 1] == '"')
                {
                    i++;
                    continue;
                }
                return i;
            }
        }
        return source.Length;
    }

    private static string Root() => Infrastructure.RepoRoot.Path;

    [GeneratedRegex(@"\b(?:FromSqlRaw|ExecuteSqlRaw|ExecuteSqlRawAsync|SqlQueryRaw|migrationBuilder\.Sql)\s*(?:<[^>()]*>)?\s*\(|\.CommandText\s*(?<assign>=)(?!=)")]
    private static partial Regex RawCall();

    /// <summary>One string literal, not interpolated: "...", @"..." or """...""".</summary>
    [GeneratedRegex(@"^(?:""""""[\s\S]*""""""|@""(?:[^""]|"""")*""|""(?:[^""\\]|\\.)*"")$")]
    private static partial Regex Literal();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_.]*$")]
    private static partial Regex Identifier();
}
