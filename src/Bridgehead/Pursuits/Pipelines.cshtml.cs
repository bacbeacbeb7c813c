using Bridgehead.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Pursuits;

/// <summary>Admins see every pipeline, which is the default, and how many open pursuits follow each.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class PipelinesModel(ListPipelines list, CountOpenByPipeline count) : PageModel
{
    public IReadOnlyList<PipelineDto> Pipelines { get; private set; } = [];

    public IReadOnlyDictionary<long, int> OpenCounts { get; private set; } = new Dictionary<long, int>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Pipelines = await list.HandleAsync(ct);
        OpenCounts = await count.HandleAsync(ct);
    }
}
