using Bridgehead.Accounts;
using Bridgehead.Activities;
using Bridgehead.Common;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Home;

/// <summary>The signed-in user's home: what is due this week, their pipeline, the latest activity and their accounts.</summary>
public sealed class IndexModel(ListAccounts accounts, ListTasks tasks, CountPipeline pipeline, ListActivities activities) : PageModel
{
    public Viewer Viewer { get; private set; } = null!;

    public Page<AccountDto> MyAccounts { get; private set; } = new([], null);

    public IReadOnlyList<TaskDto> DueSoon { get; private set; } = [];

    public IReadOnlyList<(Stage Stage, int Count)> Pipeline { get; private set; } = [];

    public IReadOnlyList<ActivityDto> Recent { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Viewer = ViewerSource.FromPrincipal(User)!;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        MyAccounts = await accounts.HandleAsync(new AccountFilter { OwnerId = Viewer.UserId }, new PageRequest(10), ct);
        DueSoon = (await tasks.HandleAsync(new TaskFilter { AssigneeId = Viewer.UserId, Done = false, DueBefore = today.AddDays(7) }, new PageRequest(20), ct)).Items;
        if (Viewer.CanReadSales)
        {
            Pipeline = await pipeline.HandleAsync(Viewer.UserId!.Value, ct);
            Recent = (await activities.HandleAsync(new ActivityFilter(), new PageRequest(8), ct)).Items;
        }
    }
}
