using System.CommandLine;
using System.Data.Common;
using Bridgehead.Common;

namespace Bridgehead.Cli;

/// <summary>
/// The <c>bridgehead</c> program: the web server and the command line in one. Every verb has
/// --help; a bad argument prints one line and exits with 2; a refused action exits with 1.
/// </summary>
public static class CommandLine
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null, TextReader? input = null)
    {
        var console = new CliConsole(output ?? Console.Out, error ?? Console.Error, input ?? Console.In);
        var root = new RootCommand(CliText.RootDescription);
        root.Subcommands.Add(ServeCommand.Create(console));
        root.Subcommands.Add(MigrateCommand.Create(console));
        root.Subcommands.Add(SeedCommand.Create(console));
        root.Subcommands.Add(UserCommand.Create(console));
        root.Subcommands.Add(TokenCommand.Create(console));
        root.Subcommands.Add(ImportCommand.Create(console));
        root.Subcommands.Add(ExportCommand.Create(console));
        root.Subcommands.Add(BackupCommand.Create(console));
        root.Subcommands.Add(RestoreCommand.Create(console));

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            var verb = parsed.CommandResult.Command == root ? "" : " " + parsed.CommandResult.Command.Name;
            var reason = string.Join(' ', parsed.Errors[0].Message.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            console.Error.WriteLine($"bridgehead: {reason} {Validator.Format(CliText.SeeHelp, "bridgehead" + verb)}");
            return Usage;
        }
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false });
        }
        catch (ValidationException e)
        {
            console.Error.WriteLine("bridgehead: " + string.Join(" ", e.Errors.Select(x => $"{x.Key}: {string.Join(" ", x.Value)}")));
            return Failed;
        }
        catch (ProblemException e)
        {
            console.Error.WriteLine("bridgehead: " + e.Message);
            return Failed;
        }
        catch (Exception e) when (e is DbException or InvalidOperationException { InnerException: DbException } or TimeoutException)
        {
            console.Error.WriteLine("bridgehead: " + Validator.Format(CliText.DatabaseUnreachable, e.GetBaseException().Message.ReplaceLineEndings(" ")));
            return Failed;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            console.Error.WriteLine("bridgehead: " + e.GetBaseException().Message.ReplaceLineEndings(" "));
            if (Environment.GetEnvironmentVariable("BRIDGEHEAD_VERBOSE") == "1")
            {
                console.Error.WriteLine(e);
            }
            return Failed;
        }
    }
}

/// <summary>Where a verb writes and reads; tests pass their own.</summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error, TextReader In);
