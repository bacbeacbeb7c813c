using System.Globalization;
using Bridgehead.Accounts;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Identity;
using Bridgehead.Pursuits;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Imports.Targets;

/// <summary>
/// Imports pursuits with the rules of <see cref="OpportunityInput"/>, plus what history brings:
/// - A new opportunity goes into the named pipeline (by its English or Korean name; the default
///   pipeline when none) and the named stage (a key or that pipeline's stage name; a stage it
///   keeps among 1-8), else its first active stage (a won one: its last). It enters the stage now
///   and gets its "opened" step in the stage history, and a "won", "lost" or "dropped" step when
///   imported closed (closed now; lost and dropped need a close reason). Winning makes a
///   prospect account a customer, as the last gate does.
/// - An existing opportunity keeps its stage, status and account: stages move only through the
///   gates, so a different stage or status in the file is a problem of the row. Another pipeline
///   is a manager's or admin's step, recorded in the history.
/// - The owner by e-mail, with the owner rules of <see cref="Access.ValidateOwnerAsync"/>; none
///   given: the importer (the account's owner for the command line).
/// - A probability carried over needs no reason (it reads "carried over by import"); on an
///   existing pursuit only its owner may change it.
/// </summary>
public sealed class OpportunitiesTarget : IImportTarget
{
    public ImportEntity Entity => ImportEntity.Opportunities;

    public bool MayImport(Viewer viewer) => viewer.CanEditSales;

    public async Task<IReadOnlyList<ImportProblem>> ApplyAsync(BridgeheadDb db, IReadOnlyList<ImportRow> rows, CancellationToken ct)
    {
        var viewer = Access.RequireSalesWriter(db.Viewer);
        var values = rows.Select(r => new ImportValues(r)).ToList();
        var index = await RecordIndex.LoadAsync(db.Opportunities, db.Opportunities, values, o => o.ExternalId, ct);
        var accounts = await ImportLookups.AccountsAsync(db, values, ct);
        var users = await ImportLookups.UsersAsync(db, values.Select(v => v.Raw("owner")), ct);
        var ownerIds = index.Loaded.Select(o => o.OwnerId).Distinct().ToList();
        var ownerTeams = ownerIds.Count == 0 || !values.Any(v => v.Has("owner"))
            ? new Dictionary<long, long?>()
            : await db.Users.AsNoTracking().Where(u => ownerIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.TeamId, ct);
        var pipelines = await GateEngine.LoadPipelinesAsync(db, ct);
        var batch = new Batch(db, viewer, index, accounts, users, ownerTeams, pipelines, db.Clock.GetUtcNow().UtcDateTime);
        var problems = new List<ImportProblem>();
        foreach (var row in values)
        {
            batch.Apply(row);
            problems.AddRange(row.Problems);
        }
        return problems;
    }

    private sealed record Batch(
        BridgeheadDb Db,
        Viewer Viewer,
        RecordIndex<Opportunity> Index,
        AccountRefs Accounts,
        IReadOnlyDictionary<string, IReadOnlyList<ImportUserMatch>> Users,
        IReadOnlyDictionary<long, long?> OwnerTeams,
        IReadOnlyList<Pipeline> Pipelines,
        DateTime Now)
    {
        public void Apply(ImportValues row)
        {
            var externalId = row.ExternalId();
            if (!row.Ok || !Index.TryFind(row, externalId, out var existing))
            {
                return;
            }
            var creating = existing is null;
            var account = Accounts.Resolve(row, required: creating);
            if (existing is not null && account is not null && account.Id != existing.AccountId)
            {
                row.Add(row.Raw("accountId") is not null ? "accountId" : "accountExternalId", ImportsText.Opportunities_AccountFixed);
            }
            var title = row.Required("title", Opportunity.MaxTitle, creating) ?? existing?.Title;
            var category = row.Has("productCategory") ? row.Cell("productCategory", Opportunity.MaxCategory) : existing?.ProductCategory;
            var notes = row.Has("notes") ? row.Cell("notes", Opportunity.MaxNotes) : existing?.Notes;
            var expected = row.Has("expectedCloseDate") ? row.Date("expectedCloseDate") : existing?.ExpectedCloseDate;
            var forecast = row.Has("forecastCategory") ? row.Choice<ForecastCategory>("forecastCategory") : existing?.ForecastCategory;
            var value = row.Has("estimatedAnnualValue") ? row.Amount("estimatedAnnualValue") : existing?.EstimatedAnnualValue;
            var currency = row.Has("currency") ? row.Currency("currency") : existing?.Currency;
            if (value is not null && currency is null && !row.HasProblem("currency"))
            {
                row.Add("currency", CommonText.Required);
            }
            var probability = row.Has("probability") ? row.WholeNumber("probability", 0, OpportunityInput.MaxProbability) : existing?.Probability;
            var status = row.Choice<OpportunityStatus>("status");
            var closeReason = row.Choice<CloseReason>("closeReason");

            var pipeline = FindPipeline(row, existing);
            var stage = pipeline is null ? null : FindStage(row, pipeline, existing, status);

            if (existing is null)
            {
                status ??= OpportunityStatus.Open;
                if (status is OpportunityStatus.Lost or OpportunityStatus.Dropped && closeReason is null && !row.HasProblem("closeReason"))
                {
                    row.Add("closeReason", ImportsText.Opportunities_CloseReasonRequired);
                }
                else if (status is OpportunityStatus.Open or OpportunityStatus.Won && closeReason is not null)
                {
                    row.Add("closeReason", ImportsText.Opportunities_CloseReasonOnlyClosed);
                }
            }
            else
            {
                if (status is not null && status != existing.Status)
                {
                    row.Add("status", PursuitsText.StatusThroughGates);
                }
                if (closeReason is not null && closeReason != existing.CloseReason)
                {
                    row.Add("closeReason", PursuitsText.StatusThroughGates);
                }
                if (probability != existing.Probability && Viewer.UserId != existing.OwnerId)
                {
                    row.Add("probability", PursuitsText.ProbabilityOwnerOnly);
                }
            }

            long? ownerId = existing?.OwnerId;
            if (ImportLookups.User(row, "owner", Users) is { } owner)
            {
                ImportLookups.CheckOwner(row, "owner", Viewer, owner, existing?.OwnerId,
                    existing is null ? null : OwnerTeams.GetValueOrDefault(existing.OwnerId));
                ownerId = owner.Id;
            }
            else if (row.Has("owner") && row.Raw("owner") is null && !creating)
            {
                row.Add("owner", CommonText.Required);
            }
            ownerId ??= Viewer.UserId ?? account?.OwnerId;
            if (!row.Ok)
            {
                return;
            }

            var opportunity = existing ?? new Opportunity { Title = title!, SearchName = "", Stage = stage!.Key, StageEnteredAt = Now };
            var previousExternal = opportunity.ExternalId;
            var pipelineBefore = opportunity.PipelineId;
            opportunity.AccountId = account?.Id ?? opportunity.AccountId;
            opportunity.Title = title!;
            opportunity.SearchName = Text.SearchKey(title!);
            opportunity.PipelineId = pipeline!.Id;
            opportunity.ProductCategory = category;
            opportunity.EstimatedAnnualValue = value;
            opportunity.Currency = value is null ? null : currency;
            opportunity.ExpectedCloseDate = expected;
            if (probability != opportunity.Probability)
            {
                opportunity.Probability = probability;
                opportunity.ProbabilityReason = probability is null ? null : ImportsText.Opportunities_ProbabilityCarriedOver;
            }
            opportunity.ForecastCategory = forecast ?? ForecastCategory.Pipeline;
            opportunity.OwnerId = ownerId!.Value;
            opportunity.Notes = notes;
            if (externalId is not null)
            {
                opportunity.ExternalId = externalId;
            }

            if (existing is null)
            {
                opportunity.Status = OpportunityStatus.Open;
                Db.Opportunities.Add(opportunity);
                Moves.Record(Db, opportunity, StageMove.Opened, null, Now);
                Close(opportunity, status!.Value, closeReason, account!);
            }
            else if (opportunity.PipelineId != pipelineBefore)
            {
                Moves.Record(Db, opportunity, StageMove.PipelineChanged, opportunity.Stage, Now);
            }
            Index.Remember(opportunity, previousExternal);
        }

        /// <summary>An opportunity imported closed: closed now, with its step in the history.</summary>
        private void Close(Opportunity o, OpportunityStatus status, CloseReason? reason, Account account)
        {
            switch (status)
            {
                case OpportunityStatus.Open:
                    return;
                case OpportunityStatus.Won:
                    o.Status = status;
                    o.ClosedAt = Now;
                    if (account.Status == AccountStatus.Prospect)
                    {
                        account.Status = AccountStatus.Customer;
                    }
                    Moves.Record(Db, o, StageMove.Won, o.Stage, Now);
                    return;
                case OpportunityStatus.Lost:
                case OpportunityStatus.Dropped:
                    o.Status = status;
                    o.ClosedAt = Now;
                    o.CloseReason = reason;
                    Moves.Record(Db, o, status == OpportunityStatus.Lost ? StageMove.Lost : StageMove.Dropped, o.Stage, Now, c => c.CloseReason = reason);
                    return;
                default:
                    throw new ArgumentOutOfRangeException(nameof(status), status, null);
            }
        }

        /// <summary>The pipeline a row names by its English or Korean name (any case); none named, the opportunity's or the default one.</summary>
        private Pipeline? FindPipeline(ImportValues row, Opportunity? existing)
        {
            if (row.Raw("pipeline") is not { } name)
            {
                return existing is null ? Pipelines.FirstOrDefault(p => p.IsDefault) ?? (Pipelines.Count > 0 ? Pipelines[0] : null)
                    : Pipelines.First(p => p.Id == existing.PipelineId);
            }
            var key = Text.SearchKey(name);
            var pipeline = Pipelines.FirstOrDefault(p => Text.SearchKey(p.NameEn) == key || Text.SearchKey(p.NameKo) == key);
            if (pipeline is null)
            {
                row.Add("pipeline", ImportsText.Opportunities_UnknownPipeline);
                return null;
            }
            if (existing is not null && pipeline.Id != existing.PipelineId)
            {
                if (!Viewer.CanOverrideGates)
                {
                    row.Add("pipeline", PursuitsText.PipelineChangeManagersOnly);
                    return null;
                }
                if (pipeline.Stages.FirstOrDefault(s => s.Key == existing.Stage) is { Skipped: true } skipped)
                {
                    row.Add("pipeline", Validator.Format(PursuitsText.PipelineSkipsStage, skipped.Name));
                    return null;
                }
            }
            return pipeline;
        }

        /// <summary>The stage a row names, by key or by one of the pipeline's stage names (English or Korean, its own or the standard one).</summary>
        private static PipelineStage? FindStage(ImportValues row, Pipeline pipeline, Opportunity? existing, OpportunityStatus? status)
        {
            var active = PipelineRules.ActiveStages(pipeline);
            if (row.Raw("stage") is not { } name)
            {
                return existing is not null ? PipelineRules.Stage(pipeline, existing.Stage)
                    : status == OpportunityStatus.Won ? active[^1] : active[0];
            }
            var key = Text.SearchKey(name);
            var stage = active.FirstOrDefault(s => Names(s).Contains(key));
            if (stage is null)
            {
                row.Add("stage", Validator.Format(ImportsText.Opportunities_UnknownStage, string.Join(", ", active.Select(s => s.Key))));
                return null;
            }
            if (existing is not null && stage.Key != existing.Stage)
            {
                row.Add("stage", PursuitsText.StageThroughGates);
                return null;
            }
            return stage;
        }

        private static IEnumerable<string> Names(PipelineStage stage)
        {
            yield return Text.SearchKey(stage.Key);
            foreach (var name in new[] { stage.NameEn, stage.NameKo,
                StagesText.ResourceManager.GetString("Name_" + stage.Key, CultureInfo.InvariantCulture),
                StagesText.ResourceManager.GetString("Name_" + stage.Key, CultureInfo.GetCultureInfo("ko")) })
            {
                if (Text.Clean(name) is { } clean)
                {
                    yield return Text.SearchKey(clean);
                }
            }
        }
    }
}
