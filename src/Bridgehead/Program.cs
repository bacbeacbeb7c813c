using Bridgehead.Cli;

return await CommandLine.RunAsync(args);
