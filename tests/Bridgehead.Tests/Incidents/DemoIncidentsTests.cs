using Bridgehead.Incidents;
using Bridgehead.Tests.Demo;
using Bridgehead.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Tests.Incidents;

public sealed class DemoIncidentsTests_Sqlite() : DemoIncidentsTests(Provider.Sqlite);

public sealed class DemoIncidentsTests_Postgres() : DemoIncidentsTests(Provider.Postgres);

/// <summary>The demo data's incidents: one closed with the full 8D, one contained, one critical just opened; PPM with figures.</summary>
public abstract class DemoIncidentsTests(Provider provider)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Load_AddsAClosedAContainedAndACriticalIncident_OnDeliveredProducts()
    {
        var app = await DemoApp.OfAsync(provider);
        await using var db = app.OpenDb();
        var incidents = await db.Incidents.AsNoTracking().Include(i => i.Steps).ToListAsync(Ct);
        Assert.Equal(3, incidents.Count);
        Assert.All(incidents, i => Assert.Equal(9, i.Steps.Count));

        var closed = Assert.Single(incidents, i => i.Status == IncidentStatus.Closed);
        Assert.NotNull(closed.Verification);
        Assert.NotNull(closed.RootCause);
        Assert.NotNull(closed.Cost);
        Assert.Equal(ClaimStatus.Settled, closed.ClaimStatus);
        Assert.All(closed.Steps, s => Assert.NotNull(s.DoneOn));

        var contained = Assert.Single(incidents, i => i.Status == IncidentStatus.Contained);
        Assert.Null(contained.RootCause);
        Assert.NotNull(contained.Containment);

        var critical = Assert.Single(incidents, i => i.Status == IncidentStatus.Open);
        Assert.Equal(IncidentSeverity.Critical, critical.Severity);
        Assert.True(critical.ContainmentDueAt > DateTime.UtcNow, "containment still due");

        var korean = await db.Accounts.Where(a => a.Country == "KR").Select(a => a.Id).ToListAsync(Ct);
        Assert.All(incidents.Where(i => korean.Contains(i.AccountId)), i => Assert.Matches("[가-힣]", i.Title));

        var ppm = await new GetIncidentPpm(db).HandleAsync(new PpmQuery(), Ct);
        Assert.True(ppm.Overall.DeliveredQuantity > 0);
        Assert.True(ppm.Overall.DefectQuantity > 0);
        Assert.NotNull(ppm.Overall.Ppm);
        Assert.All(incidents, i => Assert.Contains(ppm.Rows, r => r.Key == i.AccountId));
    }
}
