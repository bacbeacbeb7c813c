using Bridgehead.Tests.Infrastructure;
using Xunit.Sdk;
using Xunit.v3;

[assembly: TestPipelineStartup(typeof(TestPipeline))]

namespace Bridgehead.Tests.Infrastructure;

/// <summary>
/// Sets the run up and takes it down. Up: new password hashes use 1,000 PBKDF2 iterations, not
/// 210,000 (the suite signs in through the form hundreds of times, each check 0.2 s of CPU; the
/// real count is checked on the real program in CliTests). Down: stops the run's servers and
/// PostgreSQL clusters when the tests are done, before the runner returns. Left to process exit,
/// stopping a dozen of them on a busy machine can outlast the runner's ten-second grace period,
/// and the run is then reported as failed although every test passed.
/// </summary>
public sealed class TestPipeline : ITestPipelineStartup
{
    public const int PasswordIterations = 1_000;

    public ValueTask StartAsync(IMessageSink diagnosticMessageSink)
    {
        Bridgehead.Identity.Passwords.Iterations = PasswordIterations;
        return ValueTask.CompletedTask;
    }

    public ValueTask StopAsync() => new(Task.Run(Cleanup.RunAll));
}
