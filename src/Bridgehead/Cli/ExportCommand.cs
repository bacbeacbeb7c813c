using System.CommandLine;
using Bridgehead.Common;
using Bridgehead.Exports;
using Bridgehead.Identity;
using Bridgehead.Imports;
using Bridgehead.Tabular;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Cli;

/// <summary>
/// <c>bridgehead export ENTITY FILE [--as USER]</c>: the records of one kind into a CSV or XLSX
/// file (by its extension), in the columns an import reads. Without --as it exports as the system
/// (every record and column); with --as, what that user may see. The file is written under a
/// temporary name and renamed when complete, so a failed export leaves no half-written file.
/// </summary>
internal static class ExportCommand
{
    private static readonly string[] Entities = ["accounts", "contacts", "opportunities", "products", "orders"];

    public static Command Create(CliConsole console)
    {
        var entity = new Argument<string>("ENTITY") { Description = ExportCliText.EntityArgument };
        entity.AcceptOnlyFromAmong(Entities);
        var file = new Argument<string>("FILE") { Description = ExportCliText.FileArgument };
        file.Validators.Add(r =>
        {
            if (FormatOf(r.GetValueOrDefault<string>() ?? "") is null)
            {
                r.AddError(ExportCliText.FileExtension);
            }
        });
        var asUser = new Option<string?>("--as") { Description = ExportCliText.AsOption };
        var command = new Command("export", ExportCliText.Description) { entity, file, asUser };
        command.SetAction(async (parse, ct) =>
        {
            var path = Path.GetFullPath(parse.GetValue(file)!);
            var format = FormatOf(path)!.Value;
            var kind = Enum.Parse<ImportEntity>(parse.GetValue(entity)!, ignoreCase: true);
            await using var db = CliDatabase.Open(CliDatabase.Settings());
            if (parse.GetValue(asUser) is { } name)
            {
                var normalized = User.Normalize(name);
                var user = await db.Users.AsNoTracking()
                    .FirstOrDefaultAsync(u => u.IsActive && (u.NormalizedUserName == normalized || u.Email == name), ct);
                if (user is null)
                {
                    console.Error.WriteLine("bridgehead: " + CommonText.UnknownUser);
                    return CommandLine.Failed;
                }
                db.Viewer = new Viewer(user.Id, user.Role, user.TeamId, user.UserName);
            }
            var table = await new ExportRecords(db).HandleAsync(new ExportRequest(kind), ct);
            var rows = 0L;
            async IAsyncEnumerable<object?[]> Counted()
            {
                await foreach (var row in table.Rows.WithCancellation(ct))
                {
                    rows++;
                    yield return row;
                }
            }
            var partial = path + ".partial";
            try
            {
                await using (var output = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
                {
                    await TabularWriter.WriteAsync(output, format, table.Headers, Counted(), ct);
                }
                File.Move(partial, path, overwrite: true);
            }
            finally
            {
                File.Delete(partial);
            }
            console.Out.WriteLine(Validator.Format(ExportCliText.Exported, rows, path));
            return CommandLine.Ok;
        });
        return command;
    }

    private static TabularFormat? FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".csv" => TabularFormat.Csv,
        ".xlsx" => TabularFormat.Xlsx,
        _ => null,
    };
}
