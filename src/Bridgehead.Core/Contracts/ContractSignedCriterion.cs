using System.Globalization;
using Bridgehead.Common;
using Bridgehead.Pursuits;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Contracts;

/// <summary>
/// Leaving testing (winning): the pursuit has its purchase contract, signed. A draft contract
/// is not enough: the reason says so, as it says when there is none yet.
/// </summary>
public sealed class ContractSignedCriterion : IGateCriterion
{
    public string Key => "contractSigned";

    public IReadOnlyCollection<string> Stages => ["testing"];

    public string Name => ContractsText.Criterion_contractSigned;

    public async Task<IReadOnlyDictionary<long, Verdict>> JudgeAsync(GateQuery query, CancellationToken ct)
    {
        // One query for the whole batch: the contract of every pursuit asked about (one at most each).
        var contracts = await query.Db.Contracts.AsNoTracking()
            .Where(c => c.OpportunityId != null && query.OpportunityIds.Contains(c.OpportunityId.Value))
            .Select(c => new { OpportunityId = c.OpportunityId!.Value, c.Number, c.SignedOn })
            .ToListAsync(ct);
        var byPursuit = contracts.ToDictionary(c => c.OpportunityId);
        return query.OpportunityIds.ToDictionary(id => id, id => byPursuit.GetValueOrDefault(id) switch
        {
            null => new Verdict(false, ContractsText.Why_NoContract),
            { SignedOn: null } => new Verdict(false, ContractsText.Why_NotSigned),
            { SignedOn: { } signed, Number: { } number } => new Verdict(true, Validator.Format(ContractsText.Why_SignedNumbered, number, signed.ToString("d", CultureInfo.CurrentCulture))),
            { SignedOn: { } signed } => new Verdict(true, Validator.Format(ContractsText.Why_Signed, signed.ToString("d", CultureInfo.CurrentCulture))),
        });
    }
}
