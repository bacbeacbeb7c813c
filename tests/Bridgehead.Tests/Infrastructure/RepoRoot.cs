namespace Bridgehead.Tests.Infrastructure;

/// <summary>The repository's folder (the one holding Bridgehead.slnx), for tests that read its sources and docs.</summary>
public static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Bridgehead.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("The repository root (Bridgehead.slnx) was not found.");
    }
}
