using System.Text.Json.Nodes;
using Bridgehead.Tests.Infrastructure;

namespace Bridgehead.Tests.Feedback;

/// <summary>Records customer feedback through the API.</summary>
public static class FeedbackSetup
{
    public static string FeedbackPath(long opportunityId) => $"/api/v1/opportunities/{opportunityId}/feedback";

    public static string FeedbackPath(long opportunityId, long feedbackId) => $"{FeedbackPath(opportunityId)}/{feedbackId}";

    /// <summary>Leaving feedback (feedbackAnswered): one piece of feedback, answered.</summary>
    public static Task<JsonNode> MeetFeedbackGateAsync(this HttpClient client, long opportunityId) =>
        client.CreateAsync(FeedbackPath(opportunityId), new
        {
            category = "capacity",
            text = "Can you ship 20% more in the peak season?",
            response = "Yes: a second shift from March covers it.",
        });
}
