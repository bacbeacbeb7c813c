namespace Bridgehead.Tests.Infrastructure;

/// <summary>
/// Runs end-of-run cleanups newest first, so servers stop before the database cluster under them:
/// when the test pipeline stops (<see cref="TestPipeline"/>), or at process exit if it never got there.
/// </summary>
public static class Cleanup
{
    private static readonly Stack<Action> Actions = new();

    static Cleanup() => AppDomain.CurrentDomain.ProcessExit += (_, _) => RunAll();

    public static void AtExit(Action action)
    {
        lock (Actions)
        {
            Actions.Push(action);
        }
    }

    public static void RunAll()
    {
        lock (Actions)
        {
            while (Actions.TryPop(out var action))
            {
                try
                {
                    action();
                }
                catch (Exception e)
                {
                    Console.Error.WriteLine("cleanup: " + e.Message);
                }
            }
        }
    }
}
