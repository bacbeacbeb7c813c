using Bridgehead.Common;
using Bridgehead.Competitors;
using Bridgehead.Identity;
using Bridgehead.Pursuits;

namespace Bridgehead.Demo;

/// <summary>
/// The pursuit side of the demo: a second pipeline for catalogue items, the rivals we meet, and for
/// every deal a believable stage history (opened, advanced through each gate, now and then a
/// manager's override or a step back, then won, lost or dropped), forecast categories and a few
/// owner probability overrides.
/// </summary>
internal sealed class DemoPursuits(IReadOnlyDictionary<string, User> users, Pipeline standard, Pipeline catalogue, IReadOnlyList<Competitor> competitors, DateTime now)
{
    /// <summary>Seeded on purpose: the demo comes out the same every time.</summary>
    private readonly Random _rng = new(2027);

    /// <summary>Catalogue items need no product development, and a quicker rhythm.</summary>
    public static Pipeline CataloguePipeline()
    {
        var stages = PipelineRules.DefaultStages();
        foreach (var stage in stages)
        {
            stage.StalledAfterDays = stage.StalledAfterDays is { } days ? Math.Max(14, days / 2) : null;
        }
        var development = stages.First(s => s.Key == "development");
        development.Skipped = true;
        var testing = stages.First(s => s.Key == "testing");
        testing.NameEn = "Sample approval";
        testing.NameKo = "샘플 승인";
        return new Pipeline { NameEn = "Catalogue products", NameKo = "카탈로그 제품", Stages = stages };
    }

    /// <summary>Invented rivals: two Korean mills, a Japanese and a German maker, a Chinese exporter, a local distributor.</summary>
    public static List<Competitor> MakeCompetitors() => [.. CompetitorNames.Select(n => new Competitor { Name = n, SearchName = Text.SearchKey(n) })];

    private static readonly string[] CompetitorNames =
        ["Namhae Special Steel", "Seorim Alloy", "Kessler Werkstoffe", "Tokai Precision Materials", "Huaxin Metal Export", "Daon Industrial Supply"];

    private static readonly string[] OverrideReasons =
    [
        "Plant manager asked for the sample before the purchasing meeting; we agreed to move on.",
        "구매팀장이 다음 주 입찰 전에 견적을 요청해 먼저 진행하기로 함.",
        "Customer's line trial slot opens this month; activity log catches up next week.",
    ];

    private static readonly string[] BackReasons =
    [
        "New purchasing head re-opened the requirement.",
        "고객 설계 변경으로 요구 사양을 다시 확인해야 함.",
    ];

    /// <summary>Pipeline, forecast category, probability override and closing fields, before the deals are saved.</summary>
    public void Shape(IReadOnlyList<Opportunity> deals)
    {
        var competitorIndex = 0;
        foreach (var deal in deals)
        {
            // About a quarter of deals sell catalogue items; a deal in product development follows the standard process.
            var onCatalogue = deal.Stage != "development" && _rng.NextDouble() < 0.25;
            deal.PipelineId = onCatalogue ? catalogue.Id : standard.Id;
            var number = Stages.Find(deal.Stage)!.Number;
            deal.ForecastCategory = number switch
            {
                >= 7 => ForecastCategory.Commit,
                >= 5 => ForecastCategory.BestCase,
                _ => ForecastCategory.Pipeline,
            };
            if (deal.Status == OpportunityStatus.Open && number >= 5 && _rng.NextDouble() < 0.15)
            {
                deal.Probability = Math.Min(95, standard.Stages.First(s => s.Key == deal.Stage).Probability + 15);
                deal.ProbabilityReason = "Incumbent failed the customer's last audit; we are the only qualified second source.";
            }
            if (deal.Status != OpportunityStatus.Open)
            {
                deal.ClosedAt = Earlier(deal.StageEnteredAt.AddDays(_rng.Next(5, 40)), now.AddDays(-1));
            }
            if (deal.Status == OpportunityStatus.Lost)
            {
                deal.CloseReason = (competitorIndex % 3) switch
                {
                    0 => CloseReason.CompetitorChosen,
                    1 => CloseReason.Price,
                    _ => CloseReason.Capacity,
                };
                deal.WinningCompetitorId = competitors[competitorIndex % competitors.Count].Id;
                competitorIndex++;
            }
            else if (deal.Status == OpportunityStatus.Dropped)
            {
                deal.CloseReason = _rng.NextDouble() < 0.5 ? CloseReason.ProjectCancelled : CloseReason.WeWithdrew;
            }
        }
    }

    /// <summary>The stage history of each saved deal, ending where the deal stands now.</summary>
    public List<StageChange> MakeHistory(IReadOnlyList<Opportunity> deals)
    {
        var changes = new List<StageChange>();
        var byId = users.Values.ToDictionary(u => u.Id);
        var manager = users["manager"];
        foreach (var deal in deals)
        {
            var pipeline = deal.PipelineId == catalogue.Id ? catalogue : standard;
            var path = PipelineRules.ActiveStages(pipeline).Where(s => s.Number <= Stages.Find(deal.Stage)!.Number).Select(s => s.Key).ToList();
            var owner = byId[deal.OwnerId];
            // Walk back from the day the deal entered its current stage: each earlier stage took 1-6 weeks.
            var times = new DateTime[path.Count];
            times[^1] = deal.StageEnteredAt;
            for (var i = path.Count - 2; i >= 0; i--)
            {
                times[i] = times[i + 1].AddDays(-_rng.Next(7, 43)).AddHours(-_rng.Next(0, 8));
            }

            StageChange Step(StageMove move, string? from, string to, DateTime at, User by) => new()
            {
                OpportunityId = deal.Id,
                PipelineId = pipeline.Id,
                Move = move,
                FromStage = from,
                ToStage = to,
                Status = OpportunityStatus.Open,
                ChangedById = by.Id,
                ChangedByName = by.DisplayName,
                At = at,
            };

            changes.Add(Step(StageMove.Opened, null, path[0], times[0], owner));
            for (var i = 1; i < path.Count; i++)
            {
                if (i >= 2 && _rng.NextDouble() < 0.06)
                {
                    // A step back and forward again in between.
                    var back = times[i - 1].AddDays((times[i] - times[i - 1]).TotalDays / 3);
                    var back2 = Step(StageMove.MovedBack, path[i - 1], path[i - 2], back, owner);
                    back2.Reason = BackReasons[_rng.Next(BackReasons.Length)];
                    changes.Add(back2);
                    changes.Add(Step(StageMove.Advanced, path[i - 2], path[i - 1], back.AddDays(2), owner));
                }
                var overridden = _rng.NextDouble() < 0.1;
                var step = Step(overridden ? StageMove.Overridden : StageMove.Advanced, path[i - 1], path[i], times[i], overridden ? manager : owner);
                if (overridden)
                {
                    step.Reason = OverrideReasons[_rng.Next(OverrideReasons.Length)];
                    step.UnmetCriteria = ["recentActivity"];
                }
                changes.Add(step);
            }

            if (deal.Status != OpportunityStatus.Open)
            {
                var close = Step(deal.Status switch
                {
                    OpportunityStatus.Won => StageMove.Won,
                    OpportunityStatus.Lost => StageMove.Lost,
                    OpportunityStatus.Dropped => StageMove.Dropped,
                    OpportunityStatus.Open => throw new InvalidOperationException("An open deal has no closing step."),
                    _ => throw new ArgumentOutOfRangeException(nameof(deals)),
                }, deal.Stage, deal.Stage, deal.ClosedAt!.Value, owner);
                close.Status = deal.Status;
                close.CloseReason = deal.CloseReason;
                close.CompetitorId = deal.WinningCompetitorId;
                changes.Add(close);
            }
        }
        return changes;
    }

    private static DateTime Earlier(DateTime a, DateTime b) => a < b ? a : b;
}
