using Bridgehead.Notifications;

namespace Bridgehead.Tests.Webhooks;

/// <summary>The retry schedule and the signature, as pure functions.</summary>
public sealed class WebhookScheduleTests
{
    [Theory]
    [InlineData(1, 0.0, 30)]
    [InlineData(2, 0.0, 60)]
    [InlineData(3, 0.0, 120)]
    [InlineData(7, 0.0, 1920)]
    [InlineData(1, 1.0, 33)]
    [InlineData(7, 1.0, 2112)]
    [InlineData(8, 0.0, 3600)]
    [InlineData(8, 1.0, 3600)]
    [InlineData(30, 0.5, 3600)]
    public void Backoff_Doubles_From30Seconds_WithUpTo10PercentJitter_CappedAtAnHour(int attempts, double jitter, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), WebhookDeliveryJob.Backoff(attempts, jitter));

    [Fact]
    public void Signature_IsHmacSha256OfTimestampDotBody_AndVerifiesOnlyFresh()
    {
        // Known answer: HMAC-SHA256(key "secret", "1700000000.{}").
        var signature = WebhookSignature.Sign("secret", 1700000000, "{}");
        var expected = "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData("secret"u8, "1700000000.{}"u8));
        Assert.Equal(expected, signature);

        var at = DateTimeOffset.FromUnixTimeSeconds(1700000000);
        Assert.True(WebhookSignature.Verify("secret", "1700000000", "{}", signature, at.AddSeconds(60), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("secret", "1700000000", "{ }", signature, at, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("other", "1700000000", "{}", signature, at, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("secret", "1700000000", "{}", signature, at.AddMinutes(10), TimeSpan.FromMinutes(5)));
    }
}
