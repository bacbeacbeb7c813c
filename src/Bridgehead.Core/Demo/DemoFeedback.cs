using Bridgehead.Data;
using Bridgehead.Feedback;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Demo;

/// <summary>
/// Customer feedback on the demo pursuits from stage 6 (feedback) on: most of it answered or
/// closed, some still open, and one open item past its due date for a demo rep, so the overdue
/// flag shows on the opportunity and on that rep's home. Korean accounts get Korean text.
/// </summary>
internal static class DemoFeedback
{
    private static readonly (FeedbackCategory Category, string En, string Ko, string AnswerEn, string AnswerKo)[] Items =
    [
        (FeedbackCategory.Price, "Your price is still above the incumbent's.", "기존 공급사보다 아직 가격이 높습니다.",
            "We matched it for volumes above 10,000 a year.", "연간 1만 개 이상 물량에는 같은 가격을 제시했습니다."),
        (FeedbackCategory.Capacity, "Can you cover a 30% peak in the fourth quarter?", "4분기 30% 물량 증가에 대응할 수 있습니까?",
            "Yes: a second shift from October covers it.", "10월부터 2교대로 대응 가능합니다."),
        (FeedbackCategory.Roadmap, "When will the low-noise model be available?", "저소음 모델은 언제 출시됩니까?",
            "Samples in Q2, series production in Q3.", "2분기 샘플, 3분기 양산 예정입니다."),
        (FeedbackCategory.Service, "We need a local engineer during commissioning.", "시운전 기간에 현지 엔지니어가 필요합니다.",
            "An engineer will be on site for the first two weeks.", "첫 2주간 엔지니어가 상주합니다."),
        (FeedbackCategory.Quality, "Please send the PPM history of the last year.", "지난 1년간 PPM 이력을 보내 주세요.",
            "Sent with the 8D summaries.", "8D 요약과 함께 보냈습니다."),
    ];

    public static async Task AddAsync(BridgeheadDb db, CancellationToken ct)
    {
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var feedbackStage = Stages.Find("feedback")!.Number;
        var deals = (await db.Opportunities.AsNoTracking()
                .Select(o => new { o.Id, o.AccountId, o.Stage, o.Status, o.OwnerId, OwnerRole = o.Owner!.Role, Korean = o.Account!.Country == "KR" })
                .ToListAsync(ct))
            .Where(d => Stages.Find(d.Stage) is { IsPursuit: true } s && s.Number >= feedbackStage)
            .OrderBy(d => d.Id)
            .ToList();
        var contacts = (await db.Contacts.AsNoTracking().Select(c => new { c.Id, c.AccountId }).ToListAsync(ct))
            .GroupBy(c => c.AccountId).ToDictionary(g => g.Key, g => g.OrderBy(c => c.Id).First().Id);
        // The overdue one: the first open pursuit owned by a rep.
        var overdueDeal = deals.FirstOrDefault(d => d.Status == OpportunityStatus.Open && d.OwnerRole == Role.Rep)?.Id;

        for (var i = 0; i < deals.Count; i++)
        {
            var d = deals[i];
            var count = 1 + (i % 3);
            for (var k = 0; k < count; k++)
            {
                var x = Items[(i + k) % Items.Length];
                var received = today.AddDays(-(5 + (i * 3 % 20) + (k * 4)));
                var item = new FeedbackItem
                {
                    AccountId = d.AccountId,
                    OpportunityId = d.Id,
                    Category = x.Category,
                    ContactId = contacts.TryGetValue(d.AccountId, out var contact) ? contact : null,
                    Text = d.Korean ? x.Ko : x.En,
                    ReceivedOn = received,
                    OwnerId = d.OwnerId,
                    DueOn = received.AddDays(7),
                    Status = FeedbackStatus.Answered,
                };
                var stillOpen = d.Id == overdueDeal && k == 0;
                var waiting = !stillOpen && d.Status == OpportunityStatus.Open && d.Stage == "feedback" && k == count - 1 && i % 2 == 0;
                if (stillOpen)
                {
                    item.Status = FeedbackStatus.Open;
                    item.DueOn = today.AddDays(-4);
                }
                else if (waiting)
                {
                    item.Status = FeedbackStatus.Open;
                    item.ReceivedOn = today.AddDays(-1);
                    item.DueOn = today.AddDays(5);
                }
                else
                {
                    item.Response = d.Korean ? x.AnswerKo : x.AnswerEn;
                    item.RespondedAt = now.AddDays(-(i % 4) - 1);
                    item.Status = k % 3 == 2 ? FeedbackStatus.Closed : FeedbackStatus.Answered;
                }
                db.Feedback.Add(item);
            }
        }
        await db.SaveChangesAsync(ct);
    }
}
