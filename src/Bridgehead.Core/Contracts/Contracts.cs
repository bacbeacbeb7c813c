using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Contracts;

/// <summary>Filters of the contract list; they combine with AND.</summary>
public sealed record ContractFilter
{
    public long? AccountId { get; init; }

    public long? OpportunityId { get; init; }

    /// <summary>true: signed and today within the period; false: every other contract (drafts, upcoming, ended).</summary>
    public bool? Active { get; init; }
}

/// <summary>
/// Contracts at the accounts the caller sees, latest start first. Quality and product see none
/// (the record filter), so their list is empty rather than refused.
/// </summary>
public sealed class ListContracts(BridgeheadDb db)
{
    public async Task<Page<ContractDto>> HandleAsync(ContractFilter filter, PageRequest page, CancellationToken ct)
    {
        Access.Require(db.Viewer);
        var query = db.Contracts.AsNoTracking();
        if (filter.AccountId is { } accountId)
        {
            query = query.Where(c => c.AccountId == accountId);
        }
        if (filter.OpportunityId is { } opportunityId)
        {
            query = query.Where(c => c.OpportunityId == opportunityId);
        }
        if (filter.Active is { } active)
        {
            var today = ContractReader.Today(db);
            query = active
                ? query.Where(c => c.SignedOn != null && c.StartsOn <= today && c.EndsOn >= today)
                : query.Where(c => c.SignedOn == null || c.StartsOn > today || c.EndsOn < today);
        }
        var rows = await query.ToPageAsync(c => c.StartsOn, c => c.Id, descending: true, page, ContractReader.Projection(db), r => (r.StartsOn, r.Id), ct);
        return new Page<ContractDto>(await ContractReader.ToDtosAsync(db, rows.Items, ct), rows.NextCursor);
    }
}

/// <summary>One contract (404 for a contract at an account the caller does not see, and for quality and product).</summary>
public sealed class GetContract(BridgeheadDb db)
{
    public Task<ContractDto> HandleAsync(long id, CancellationToken ct)
    {
        Access.Require(db.Viewer);
        return ContractReader.ReadAsync(db, id, ct);
    }
}

/// <summary>The rules of contracts that refuse a change with 409, and the pursuit a contract is for.</summary>
internal static class ContractRules
{
    /// <summary>What the contract needs to know of its pursuit.</summary>
    public sealed record Pursuit(long Id, long AccountId, OpportunityStatus Status, long PipelineId, string Stage);

    public static Task<Pursuit?> PursuitAsync(BridgeheadDb db, long opportunityId, CancellationToken ct) =>
        db.Opportunities.AsNoTracking().Where(o => o.Id == opportunityId)
            .Select(o => new Pursuit(o.Id, o.AccountId, o.Status, o.PipelineId, o.Stage))
            .FirstOrDefaultAsync(ct);

    /// <summary>A lost or dropped pursuit gets no contract, and a pursuit gets one at most (counting contracts the caller cannot see).</summary>
    public static async Task RequireOpenForContractAsync(BridgeheadDb db, Pursuit pursuit, CancellationToken ct)
    {
        var rules = new List<string>();
        if (pursuit.Status is OpportunityStatus.Lost or OpportunityStatus.Dropped)
        {
            rules.Add(Validator.Format(ContractsText.Rule_PursuitClosed, Labels.Of(pursuit.Status)));
        }
        if (await db.Contracts.IgnoreQueryFilters().AnyAsync(c => c.OpportunityId == pursuit.Id, ct))
        {
            rules.Add(ContractsText.Rule_OnePerPursuit);
        }
        if (rules.Count > 0)
        {
            throw new ConflictException(rules);
        }
    }

    /// <summary>Why the contract cannot win the pursuit now (it must be open and in the last active stage of its pipeline); null when it can.</summary>
    public static async Task<string?> WinRefusalAsync(BridgeheadDb db, Pursuit pursuit, CancellationToken ct)
    {
        if (pursuit.Status != OpportunityStatus.Open)
        {
            return Validator.Format(ContractsText.Rule_WinNotOpen, Labels.Of(pursuit.Status));
        }
        var pipeline = (await GateEngine.LoadPipelinesAsync(db, ct)).First(p => p.Id == pursuit.PipelineId);
        if (PipelineRules.Next(pipeline, pursuit.Stage) is null)
        {
            return null;
        }
        return Validator.Format(ContractsText.Rule_WinOnlyAtLastStage,
            PipelineRules.Stage(pipeline, pursuit.Stage).Name, PipelineRules.ActiveStages(pipeline)[^1].Name);
    }

    /// <summary>Whether the contract's pursuit is won: its signature is then part of the win, kept until the pursuit is reopened.</summary>
    public static async Task<bool> WonItsPursuitAsync(BridgeheadDb db, Contract contract, CancellationToken ct) =>
        contract.OpportunityId is { } id
        && await db.Opportunities.IgnoreQueryFilters().AnyAsync(o => o.Id == id && o.Status == OpportunityStatus.Won, ct);
}

/// <summary>
/// Records a contract for an open or won pursuit (any stage) or for an account without one. With
/// <c>win</c> it also wins the pursuit, which must be in its last stage, through the same move as
/// /advance: the contract and the win are saved together, or neither is (a closed gate answers 409
/// with the unmet criteria, as /advance does).
/// </summary>
public sealed class CreateContract(BridgeheadDb db, AdvanceOpportunity advance)
{
    public async Task<ContractDto> HandleAsync(ContractInput input, CancellationToken ct)
    {
        var viewer = Access.RequireSalesWriter(db.Viewer);
        var v = new Validator();
        ContractRules.Pursuit? pursuit = null;
        long accountId = 0;
        if (input.OpportunityId is { } opportunityId)
        {
            pursuit = await ContractRules.PursuitAsync(db, opportunityId, ct);
            if (pursuit is null)
            {
                v.Add("opportunityId", CommonText.MustBeVisibleOpportunity);
            }
            else if (input.AccountId is { } given && given != pursuit.AccountId)
            {
                v.Add("opportunityId", CommonText.OpportunityOfOtherAccount);
            }
            else
            {
                accountId = pursuit.AccountId;
            }
        }
        else if (input.AccountId is { } given)
        {
            if (await db.Accounts.AnyAsync(a => a.Id == given, ct))
            {
                accountId = given;
            }
            else
            {
                v.Add("accountId", CommonText.MustBeVisibleAccount);
            }
        }
        else
        {
            v.Add("accountId", CommonText.Required);
        }
        var win = input.Win ?? false;
        if (win && input.OpportunityId is null)
        {
            v.Add("win", ContractsText.WinNeedsPursuit);
        }
        var resolved = await ResolvedContract.ValidateAsync(db, input, null, v, ct);
        if (pursuit is not null)
        {
            await ContractRules.RequireOpenForContractAsync(db, pursuit, ct);
            if (win && await ContractRules.WinRefusalAsync(db, pursuit, ct) is { } refusal)
            {
                throw new ConflictException([refusal]);
            }
        }

        var contract = new Contract
        {
            AccountId = accountId,
            OpportunityId = pursuit?.Id,
            Currency = "",
            CreatedById = viewer.UserId ?? throw new ForbiddenException(CommonText.SystemNeedsOwner),
        };
        resolved.ApplyTo(contract);
        if (!win)
        {
            db.Contracts.Add(contract);
            await db.SaveAsync(ct);
            return await ContractReader.ReadAsync(db, contract.Id, ct);
        }
        await SaveAndWinAsync(contract, pursuit!.Id, ct);
        return await ContractReader.ReadAsync(db, contract.Id, ct);
    }

    /// <summary>
    /// Saves the contract, then advances the pursuit past its last stage, in one transaction: the
    /// gate must see the signed contract, so it is saved first and taken back when the move is
    /// refused. Inside a caller's transaction (an idempotent request) a savepoint does the same.
    /// </summary>
    private async Task SaveAndWinAsync(Contract contract, long opportunityId, CancellationToken ct)
    {
        var before = db.ChangeTracker.Entries().Select(e => e.Entity).ToHashSet(ReferenceEqualityComparer.Instance);
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        const string savepoint = "contract_win";
        try
        {
            if (own is null)
            {
                await db.Database.CurrentTransaction!.CreateSavepointAsync(savepoint, ct);
            }
            try
            {
                db.Contracts.Add(contract);
                await db.SaveAsync(ct);
                await advance.HandleAsync(opportunityId, null, new AdvanceInput(null, null, null), ct);
                if (own is not null)
                {
                    await own.CommitAsync(ct);
                }
                else
                {
                    await db.Database.CurrentTransaction!.ReleaseSavepointAsync(savepoint, ct);
                }
            }
            catch
            {
                if (own is not null)
                {
                    await own.RollbackAsync(CancellationToken.None);
                }
                else
                {
                    await db.Database.CurrentTransaction!.RollbackToSavepointAsync(savepoint, CancellationToken.None);
                }
                // Nothing of this attempt stays tracked either: a later save in this request (the
                // idempotency record's) must not write it again.
                foreach (var entry in db.ChangeTracker.Entries().Where(e => !before.Contains(e.Entity)).ToList())
                {
                    entry.State = EntityState.Detached;
                }
                throw;
            }
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }
}

/// <summary>
/// Changes a contract; <c>change</c> receives the current values and returns the wanted ones. The
/// account and pursuit stay. A contract that won its pursuit keeps its signature until the
/// pursuit is reopened (409).
/// </summary>
public sealed class UpdateContract(BridgeheadDb db)
{
    public async Task<ContractDto> HandleAsync(long id, long? expectedVersion, Func<ContractInput, ContractInput> change, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var contract = await ContractReader.ForChangeAsync(db, id, ct);
        Concurrency.Expect(db, contract, expectedVersion);
        var wanted = change(ContractInput.From(contract));
        var v = new Validator();
        if (wanted.AccountId != contract.AccountId)
        {
            v.Add("accountId", ContractsText.AccountFixed);
        }
        if (wanted.OpportunityId != contract.OpportunityId)
        {
            v.Add("opportunityId", ContractsText.OpportunityFixed);
        }
        if (wanted.Win is not null)
        {
            v.Add("win", ContractsText.WinOnlyOnCreate);
        }
        var resolved = await ResolvedContract.ValidateAsync(db, wanted, contract, v, ct);
        if (resolved.SignedOn is null && contract.SignedOn is not null && await ContractRules.WonItsPursuitAsync(db, contract, ct))
        {
            throw new ConflictException([ContractsText.Rule_WonKeepsSignature]);
        }
        resolved.ApplyTo(contract);
        await db.SaveAsync(ct);
        return await ContractReader.ReadAsync(db, id, ct);
    }
}

/// <summary>Deletes a contract no order calls off and that did not win its pursuit (409 otherwise, saying what to do first).</summary>
public sealed class DeleteContract(BridgeheadDb db)
{
    public async Task HandleAsync(long id, long? expectedVersion, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var contract = await ContractReader.ForChangeAsync(db, id, ct);
        Concurrency.Expect(db, contract, expectedVersion);
        var rules = await BlockersAsync(db, contract, ct);
        if (rules.Count > 0)
        {
            throw new ConflictException(rules);
        }
        db.Contracts.Remove(contract);
        await db.SaveAsync(ct);
    }

    /// <summary>What keeps the contract, one sentence each (the delete page shows them up front).</summary>
    public static async Task<IReadOnlyList<string>> BlockersAsync(BridgeheadDb db, Contract contract, CancellationToken ct)
    {
        var rules = new List<string>();
        // Every order counts, cancelled or not: each still names the contract.
        var orders = await db.Orders.IgnoreQueryFilters().CountAsync(o => o.ContractId == contract.Id, ct);
        if (orders > 0)
        {
            rules.Add(Validator.Format(ContractsText.Rule_CalledOff, orders));
        }
        if (await ContractRules.WonItsPursuitAsync(db, contract, ct))
        {
            rules.Add(ContractsText.Rule_WonItsPursuit);
        }
        return rules;
    }
}

/// <summary>What keeps a contract from being deleted, for the delete page.</summary>
public sealed class GetContractBlockers(BridgeheadDb db)
{
    public async Task<IReadOnlyList<string>> HandleAsync(long id, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var contract = await db.Contracts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException("contract");
        return await DeleteContract.BlockersAsync(db, contract, ct);
    }
}

/// <summary>
/// A prefilled body for a pursuit's new contract: the negotiation's agreed summary as the terms,
/// the lines of the latest quote that went out (product, quantity, unit price after discount, its
/// currency), a year from today, and <c>win</c> when the pursuit is open in its last stage.
/// </summary>
public sealed class GetContractDraft(BridgeheadDb db, Negotiation.GetNegotiation negotiation, Quotes.ListQuotes quotes, Forecasting.CurrencySettings settings)
{
    public async Task<ContractInput> HandleAsync(long opportunityId, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        var pursuit = await ContractRules.PursuitAsync(db, opportunityId, ct) ?? throw new NotFoundException("opportunity");
        await ContractRules.RequireOpenForContractAsync(db, pursuit, ct);
        var summary = (await negotiation.HandleAsync(opportunityId, ct)).AgreedSummary;
        var sent = (await quotes.HandleAsync(new Quotes.QuoteFilter { OpportunityId = opportunityId }, new PageRequest(PageRequest.MaxLimit), ct)).Items
            .Where(q => q.SentAt is not null)
            .MaxBy(q => q.Version);
        var currency = sent?.Currency
            ?? (await db.Opportunities.AsNoTracking().Where(o => o.Id == opportunityId).Select(o => o.Currency).FirstOrDefaultAsync(ct))?.Trim()
            ?? settings.BaseCurrency;
        var today = ContractReader.Today(db);
        return new ContractInput
        {
            AccountId = pursuit.AccountId,
            OpportunityId = opportunityId,
            StartsOn = today,
            EndsOn = today.AddYears(1).AddDays(-1),
            Currency = currency,
            Terms = summary.Terms.Count > 0 ? summary.Text : null,
            Lines = sent is null ? [] : [.. sent.Lines.Select(l => new ContractLineInput(l.ProductId, l.Quantity,
                new Money(decimal.Round(l.UnitPrice.Amount * (1m - (l.DiscountPercent / 100m)), 4, MidpointRounding.AwayFromZero), currency)))],
            Win = await ContractRules.WinRefusalAsync(db, pursuit, ct) is null,
        };
    }
}
