using Bridgehead.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Reports;

/// <summary>/reports: the reports the caller's role may run, each with what it counts.</summary>
[Authorize(Policy = Policies.ReadAccounts)]
public sealed class ReportsIndexModel(RunReport run) : PageModel
{
    public IReadOnlyList<IReport> Reports { get; private set; } = [];

    public void OnGet() => Reports = run.Available();
}
