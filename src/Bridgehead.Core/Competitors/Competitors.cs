using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Competitors;

/// <summary>A competitor as the API returns it.</summary>
public sealed record CompetitorDto(long Id, string Name, long Version);

/// <summary>The body of POST /competitors.</summary>
public sealed record CompetitorInput(string? Name);

/// <summary>Every competitor, by name; sales roles need them to record who won.</summary>
public sealed class ListCompetitors(BridgeheadDb db)
{
    public async Task<IReadOnlyList<CompetitorDto>> HandleAsync(CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        return await db.Competitors.AsNoTracking().OrderBy(c => c.SearchName)
            .Select(c => new CompetitorDto(c.Id, c.Name, c.Version)).ToListAsync(ct);
    }
}

/// <summary>Adds a competitor, or returns the one already known by that name (names compare without case).</summary>
public sealed class CreateCompetitor(BridgeheadDb db)
{
    public async Task<(CompetitorDto Competitor, bool Created)> HandleAsync(CompetitorInput input, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var v = new Validator();
        v.Required("name", input.Name, Competitor.MaxName);
        v.ThrowIfInvalid();
        var name = input.Name!.Trim();
        var key = Text.SearchKey(name);
        if (await db.Competitors.AsNoTracking().FirstOrDefaultAsync(c => c.SearchName == key, ct) is { } known)
        {
            return (new CompetitorDto(known.Id, known.Name, known.Version), false);
        }
        var competitor = new Competitor { Name = name, SearchName = key };
        db.Competitors.Add(competitor);
        try
        {
            await db.SaveAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another request added the same rival between the look-up and the save (the name is
            // unique): that record is the one, as if this request had come second.
            db.ChangeTracker.Clear();
            var raced = await db.Competitors.AsNoTracking().FirstOrDefaultAsync(c => c.SearchName == key, ct);
            if (raced is null)
            {
                throw;
            }
            return (new CompetitorDto(raced.Id, raced.Name, raced.Version), false);
        }
        return (new CompetitorDto(competitor.Id, competitor.Name, competitor.Version), true);
    }
}
