using Bridgehead.Tests.Infrastructure;
using Xunit.Sdk;
using Xunit.v3;

[assembly: TestPipelineStartup(typeof(TestPipeline))]

namespace Bridgehead.Tests.Infrastructure;

/// <summary>
/// Stops the run's servers and PostgreSQL clusters when the tests are done, before the runner
/// returns. Left to process exit, stopping a dozen of them on a busy machine can outlast the
/// runner's ten-second grace period, and the run is then reported as failed although every test passed.
/// </summary>
public sealed class TestPipeline : ITestPipelineStartup
{
    public ValueTask StartAsync(IMessageSink diagnosticMessageSink) => ValueTask.CompletedTask;

    public ValueTask StopAsync() => new(Task.Run(Cleanup.RunAll));
}
