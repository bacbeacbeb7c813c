using System.Globalization;
using Bridgehead.Accounts;
using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Fit;
using Bridgehead.Identity;
using Bridgehead.Industries;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Imports.Targets;

/// <summary>
/// Imports accounts; THE PATTERN the other targets follow:
/// <list type="number">
/// <item>Read every row with <see cref="ImportRowReader"/> (field-named problems; a row with a problem changes nothing).</item>
/// <item>Resolve the batch's references in one query each (records by id and by external id through
/// the importer's visibility, external ids used by records the importer may not see, users by e-mail):
/// no query per row.</item>
/// <item>Apply each good row to a tracked record: found by <c>id</c> (visible to the importer, so
/// editable), else by <c>externalId</c>, else a new record added with Id 0. Rows of the batch that
/// share an external id reach the same record. Only mapped fields are written, so an unmapped
/// column leaves the record's value alone, and writing equal values leaves the record Unchanged
/// (the engine counts Added roots as created, Modified as updated, the rest as unchanged).</item>
/// <item>Never save: the engine writes the batch (binary COPY on PostgreSQL) in one transaction.</item>
/// </list>
/// Messages never name a record the importer may not see (an invisible external id is "taken", not "taken by X").
/// Validation follows <see cref="AccountInput"/>: name, type/status keys or labels, industry (ISIC code
/// or its English or Korean name), country ISO alpha-2, website, employees, owner by e-mail (owner
/// rules of <see cref="Access.ValidateOwnerAsync"/>; a changed owner needs the right to reassign),
/// parent by external id (visible, or an earlier row of the file). New accounts get their search
/// name, the importer as default owner, their fit score, and (customers) their care tier; an existing
/// account turned customer gets its tier from the care-tier job's next run.
/// </summary>
public sealed class AccountsTarget : IBulkImportTarget, IPreparingImportTarget
{
    /// <summary>New accounts kept out of the context (<see cref="ApplyForCopyAsync"/>), null while rows are applied to the context alone.</summary>
    private List<Account>? _kept;

    /// <summary>The kept accounts' "created" audit entries, made as the batch is applied (ahead of its write).</summary>
    private List<Auditing.AuditEntry> _audit = [];

    /// <summary>What the last batch applied may have written, for <see cref="MustCommitBefore"/>: its external ids, its new ids, and whether it met existing accounts.</summary>
    private HashSet<string> _externalIds = new(StringComparer.Ordinal);

    private readonly HashSet<long> _newIds = [];

    private bool _metExisting;

    /// <inheritdoc />
    public int NewCount => _kept?.Count ?? 0;

    /// <inheritdoc />
    public ImportTimings? Timings { get; set; }

    public ImportEntity Entity => ImportEntity.Accounts;

    public bool MayImport(Viewer viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return viewer.CanEditSales;
    }

    public Task<IReadOnlyList<ImportProblem>> ApplyAsync(BridgeheadDb db, IReadOnlyList<ImportRow> rows, CancellationToken ct)
    {
        _kept = null;
        return ApplyRowsAsync(db, rows, ct);
    }

    /// <summary>
    /// As <see cref="ApplyAsync(BridgeheadDb, IReadOnlyList{ImportRow}, CancellationToken)"/>, but new accounts are not added to the context: they get their ids
    /// at once (one query to the sequence, so a new parent's id is known to its children and an
    /// existing account that takes a new parent is Modified as it would be), their creation time and
    /// their "created" audit entries, and wait for <see cref="WriteNewAsync"/>.
    /// </summary>
    public async Task<IReadOnlyList<ImportProblem>> ApplyForCopyAsync(BridgeheadDb db, IReadOnlyList<ImportRow> rows, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        _kept = [];
        _audit = [];
        var links = new Dictionary<Account, Account>(ReferenceEqualityComparer.Instance);
        var problems = await ApplyRowsAsync(db, rows, ct, links);
        if (_kept.Count > 0)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var ids = await BulkWriter.NextIdsAsync(db, typeof(Account), _kept.Count, ct);
            for (var i = 0; i < ids.Length; i++)
            {
                _kept[i].Id = ids[i];
                _newIds.Add(ids[i]);
            }
            foreach (var (child, parent) in links)
            {
                child.ParentId = parent.Id;
            }
            if (Timings is { } idTimings)
            {
                idTimings.Ids += watch.Elapsed;
            }
            watch.Restart();
            var now = db.Clock.GetUtcNow().UtcDateTime;
            var type = db.Model.FindEntityType(typeof(Account))!;
            var viewer = db.Viewer ?? Viewer.System;
            _audit = new List<Auditing.AuditEntry>(_kept.Count);
            foreach (var account in _kept)
            {
                account.CreatedAt = now;
                account.UpdatedAt = now;
                account.Version = 1;
                _audit.Add(Auditing.Auditor.Created(type, account, viewer, now));
            }
            if (Timings is { } auditTimings)
            {
                auditTimings.Audit += watch.Elapsed;
            }
        }
        return problems;
    }

    /// <summary>Copies the kept accounts and their "created" audit entries in (PostgreSQL, in the batch's transaction).</summary>
    public async Task WriteNewAsync(BridgeheadDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var kept = _kept ?? [];
        var audit = _audit;
        _kept = null;
        _audit = [];
        if (kept.Count == 0)
        {
            return;
        }
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await BulkWriter.CopyObjectsAsync(db, kept, ct);
        if (Timings is { } records)
        {
            records.CopyRecords += watch.Elapsed;
        }
        watch.Restart();
        await BulkWriter.CopyObjectsAsync(db, audit, ct, skipGeneratedKey: true);
        if (Timings is { } entries)
        {
            entries.CopyAudit += watch.Elapsed;
        }
    }

    /// <inheritdoc />
    public bool MustCommitBefore(IReadOnlyList<ImportRow> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (_metExisting)
        {
            return true;
        }
        foreach (var row in next)
        {
            if (Common.Text.Clean(row["id"]) is { } idText
                && (!long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || _newIds.Contains(id)))
            {
                return true;
            }
            if ((Common.Text.Clean(row["externalId"]) is { } externalId && _externalIds.Contains(externalId))
                || (Common.Text.Clean(row["parentExternalId"]) is { } parent && _externalIds.Contains(parent)))
            {
                return true;
            }
        }
        return false;
    }

    private async Task<IReadOnlyList<ImportProblem>> ApplyRowsAsync(BridgeheadDb db, IReadOnlyList<ImportRow> rows, CancellationToken ct, Dictionary<Account, Account>? links = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rows);
        var viewer = Access.RequireSalesWriter(db.Viewer);
        var readers = rows.Select(r => new ImportRowReader(r)).ToList();

        // 1. Every row's ids and references, then one query for each kind.
        var ids = new HashSet<long>();
        foreach (var r in readers.Where(r => Common.Text.Clean(r.Row["id"]) is not null))
        {
            if (long.TryParse(r.Row["id"], NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
            {
                ids.Add(id);
            }
            else
            {
                r.Fail("id", ImportsText.NoSuchId);
            }
        }
        var lookups = System.Diagnostics.Stopwatch.StartNew();
        var externalIds = readers.Select(r => Common.Text.Clean(r.Row["externalId"])).OfType<string>().ToHashSet(StringComparer.Ordinal);
        _externalIds = externalIds;
        var parentIds = readers.Select(r => Common.Text.Clean(r.Row["parentExternalId"])).OfType<string>().ToHashSet(StringComparer.Ordinal);

        var byId = ids.Count == 0 ? [] : await db.Accounts.Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        // The batch's external ids in ONE query over every account (a new file's ids are all new, and
        // nothing more is asked); only those in use are then loaded through the importer's visibility.
        var extList = externalIds.ToList();
        var inUse = extList.Count == 0 ? [] : await db.Accounts.IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.ExternalId != null && extList.Contains(a.ExternalId)).Select(a => new { a.Id, ExternalId = a.ExternalId! }).ToListAsync(ct);
        var inUseIds = inUse.Select(a => a.Id).ToList();
        var byExternal = inUseIds.Count == 0 ? new Dictionary<string, Account>(StringComparer.Ordinal)
            : await db.Accounts.Where(a => inUseIds.Contains(a.Id)).ToDictionaryAsync(a => a.ExternalId!, StringComparer.Ordinal, ct);
        var parentList = parentIds.Except(byExternal.Keys).ToList();
        var parents = parentList.Count == 0 ? new Dictionary<string, long>(StringComparer.Ordinal)
            : await db.Accounts.AsNoTracking().Where(a => a.ExternalId != null && parentList.Contains(a.ExternalId))
                .Select(a => new { a.Id, ExternalId = a.ExternalId! }).ToDictionaryAsync(a => a.ExternalId, a => a.Id, StringComparer.Ordinal, ct);
        // External ids in use by records the importer may not see: a problem of the row, named without the record.
        var hidden = inUse.Select(a => a.ExternalId).Where(e => !byExternal.ContainsKey(e)).ToHashSet(StringComparer.Ordinal);
        var owners = await ImportUsers.ByEmailAsync(db, readers.Select(r => r.Row["owner"]), ct);
        var currentOwners = byId.Values.Concat(byExternal.Values).Select(a => a.OwnerId).Distinct().ToList();
        var ownerTeams = currentOwners.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => currentOwners.Contains(u.Id))
            .Select(u => new { u.Id, u.TeamId }).ToDictionaryAsync(u => u.Id, u => u.TeamId, ct);
        var criteria = FitRules.Compile(await db.FitCriteria.AsNoTracking().OrderBy(c => c.Id).ToListAsync(ct));
        var plans = await Care.CareSchedule.PlansAsync(db, ct);
        var applications = await ApplicationsAsync(db, byId.Values.Concat(byExternal.Values), ct);
        // A batch that met accounts that exist may change them: the next batch waits for its commit (see MustCommitBefore).
        _metExisting = byId.Count > 0 || byExternal.Count > 0;
        if (Timings is { } lookupTimings)
        {
            lookupTimings.Lookups += lookups.Elapsed;
        }
        var applying = System.Diagnostics.Stopwatch.StartNew();

        // 2. Each row onto its record.
        var problems = new List<ImportProblem>();
        foreach (var r in readers)
        {
            if (!r.Failed)
            {
                await ApplyAsync(r, viewer, byId, byExternal, hidden, parents, owners, ownerTeams, criteria, plans, applications, db, links, ct);
            }
            problems.AddRange(r.Problems);
        }
        if (Timings is { } rowTimings)
        {
            rowTimings.Rows += applying.Elapsed;
        }
        return problems;
    }

    private async Task ApplyAsync(
        ImportRowReader r,
        Viewer viewer,
        Dictionary<long, Account> byId,
        Dictionary<string, Account> byExternal,
        HashSet<string> hidden,
        Dictionary<string, long> parents,
        IReadOnlyDictionary<string, ImportUser> owners,
        Dictionary<long, long?> ownerTeams,
        IReadOnlyList<CompiledCriterion> criteria,
        IReadOnlyDictionary<AccountTier, Care.CarePlan> plans,
        ILookup<long, long> applications,
        BridgeheadDb db,
        Dictionary<Account, Account>? links,
        CancellationToken ct)
    {
        // The row's own checks (no database) were made on the reader's thread as it read the file, or are made now.
        var c = r.Row.Prepared as Checked ?? Check(r.Row);
        r.Take(c.Head);

        // Which record: by id, else by external id, else new.
        var externalId = c.ExternalId;
        Account? account = null;
        if (Common.Text.Clean(r.Row["id"]) is { } idText)
        {
            var id = long.Parse(idText, NumberStyles.None, CultureInfo.InvariantCulture);
            if (!byId.TryGetValue(id, out account))
            {
                r.Fail("id", ImportsText.NoSuchId);
                return;
            }
            if (externalId is not null && externalId != account.ExternalId
                && (hidden.Contains(externalId) || (byExternal.TryGetValue(externalId, out var other) && other != account)))
            {
                r.Fail("externalId", ImportsText.ExternalIdElsewhere);
                return;
            }
        }
        else if (externalId is not null)
        {
            if (hidden.Contains(externalId))
            {
                r.Fail("externalId", ImportsText.ExternalIdTaken);
                return;
            }
            byExternal.TryGetValue(externalId, out account);
        }
        var isNew = account is null;

        // The fields, checked as AccountInput checks them (see Check), in the same order.
        var name = r.Has("name") ? c.Name : account?.Name;
        if (isNew && name is null && !r.Has("name"))
        {
            r.Fail("name", CommonText.Required);
        }
        r.Take(c.Fields);
        var (type, status, industry, country, city, website, employees, notes) = (c.Type, c.Status, c.Industry, c.Country, c.City, c.Website, c.Employees, c.Notes);

        long? ownerId = null;
        if (Common.Text.Clean(r.Row["owner"]) is { } email)
        {
            if (!owners.TryGetValue(email.ToLowerInvariant(), out var owner) || !owner.IsActive || !Access.IsSalesRole(owner.Role))
            {
                r.Fail("owner", ImportsText.UnknownOwner);
            }
            else if (owner.Id != account?.OwnerId)
            {
                if (account is not null && !MayReassign(viewer, account.OwnerId, ownerTeams))
                {
                    r.Fail("owner", CommonText.OwnerChangeNotAllowed);
                }
                else if (!ImportUsers.MayOwn(viewer, owner))
                {
                    r.Fail("owner", viewer.Role == Role.Rep ? CommonText.OwnerOnlySelf : CommonText.OwnerOnlyTeam);
                }
                else
                {
                    ownerId = owner.Id;
                }
            }
        }

        Account? newParent = null;
        long? parentId = null;
        var parentExternalId = Common.Text.Clean(r.Row["parentExternalId"]);
        if (parentExternalId is not null)
        {
            if (parentExternalId == externalId || parentExternalId == account?.ExternalId)
            {
                r.Fail("parentExternalId", CommonText.ParentIsSelf);
            }
            else if (byExternal.TryGetValue(parentExternalId, out var p))
            {
                // A record of this batch (or loaded for it): new ones get their id when the batch is written.
                if (p.Id == 0)
                {
                    newParent = p;
                }
                else
                {
                    parentId = p.Id;
                }
            }
            else if (parents.TryGetValue(parentExternalId, out var pid))
            {
                parentId = pid;
            }
            else
            {
                r.Fail("parentExternalId", ImportsText.UnknownAccountRef);
            }
            if (account is not null && parentId is { } pp && pp != account.ParentId && await CreatesLoopAsync(db, account.Id, pp, ct))
            {
                r.Fail("parentExternalId", CommonText.ParentCycle);
            }
        }
        if (r.Failed)
        {
            return;
        }

        if (account is null)
        {
            account = new Account
            {
                Name = name!,
                SearchName = r.Has("name") && c.SearchName is { } key ? key : Common.Text.SearchKey(name!),
                OwnerId = viewer.UserId ?? 0,
                Type = AccountType.Customer,
                Status = AccountStatus.Prospect,
            };
            if (_kept is null)
            {
                db.Accounts.Add(account);
            }
            else
            {
                _kept.Add(account);
            }
        }
        if (externalId is not null)
        {
            account.ExternalId = externalId;
            byExternal[externalId] = account;
        }
        if (name is not null && name != account.Name)
        {
            account.Name = name;
            account.SearchName = c.SearchName ?? Common.Text.SearchKey(name);
        }
        if (type is { } t)
        {
            account.Type = t;
        }
        if (status is { } s)
        {
            account.Status = s;
        }
        if (r.Has("industry"))
        {
            account.Industry = industry;
        }
        if (r.Has("country"))
        {
            account.Country = country;
        }
        if (r.Has("city"))
        {
            account.City = city;
        }
        if (r.Has("website"))
        {
            account.Website = website;
        }
        if (r.Has("employees"))
        {
            account.Employees = employees;
        }
        if (r.Has("notes"))
        {
            account.Notes = notes;
        }
        if (ownerId is { } o)
        {
            account.OwnerId = o;
        }
        if (newParent is not null && links is not null)
        {
            // Kept out of the context: the parent's id is set once the batch's new ids are known.
            links[account] = newParent;
        }
        else if (newParent is not null)
        {
            account.Parent = newParent;
        }
        else if (parentId is not null)
        {
            links?.Remove(account);
            account.ParentId = parentId;
        }
        else if (r.Has("parentExternalId"))
        {
            links?.Remove(account);
            account.ParentId = null;
        }

        // Derived values, as the account use cases set them.
        // Without criteria the score is null (no facts to gather: a new account has no applications anyway).
        var score = criteria.Count == 0 ? null
            : FitRules.Score(criteria, new FitFacts(account.Industry, isNew ? [] : [.. applications[account.Id]], account.Employees, account.Country));
        if (score != account.FitScore)
        {
            account.FitScore = score;
        }
        if (isNew && account.Status == AccountStatus.Customer)
        {
            account.Tier = Care.CarePlacement.Place(plans, account.IsStrategic, 0, 0);
        }
    }

    /// <summary>
    /// The checks of a row that need no database (the runner makes them on its reader thread, while
    /// the previous batch is written): the external id's length, then the fields as
    /// <see cref="AccountInput"/> checks them. Their problems are kept apart, so that
    /// applying the row reports them in the order it always did.
    /// </summary>
    public object Prepare(ImportRow row) => Check(row);

    private static Checked Check(ImportRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var head = new ImportRowReader(row);
        var externalId = head.Text("externalId", ImportFields.MaxExternalId);
        var r = new ImportRowReader(row);
        var name = r.Has("name") ? r.Text("name", Account.MaxName, required: true) : null;
        var type = r.Has("type") ? r.Choice<AccountType>("type") : null;
        var status = r.Has("status") ? r.Choice<AccountStatus>("status") : null;
        string? industry = null;
        if (Common.Text.Clean(r.Row["industry"]) is { } given)
        {
            industry = (IsicCatalogue.Find(given) ?? IsicCatalogue.FindByName(given))?.Code;
            if (industry is null)
            {
                r.Fail("industry", CommonText.UnknownIndustry);
            }
        }
        var country = Common.Text.Clean(r.Row["country"])?.ToUpperInvariant();
        if (country is not null && !AccountInput.IsCountry(country))
        {
            r.Fail("country", CommonText.InvalidCountry);
        }
        var city = r.Text("city", Account.MaxCity);
        var website = Common.Text.Clean(r.Row["website"]);
        if (website is not null)
        {
            if (!website.Contains("://", StringComparison.Ordinal))
            {
                website = "https://" + website;
            }
            if (website.Length > Account.MaxWebsite)
            {
                r.Fail("website", Validator.Format(CommonText.TooLong, Account.MaxWebsite));
            }
            else if (!Uri.TryCreate(website, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !uri.Host.Contains('.', StringComparison.Ordinal))
            {
                r.Fail("website", CommonText.InvalidUrl);
            }
        }
        var employees = r.WholeNumber("employees", 0, Account.MaxEmployees);
        var notes = r.Text("notes", Account.MaxNotes);

        return new Checked(head, externalId, r, name, name is null ? null : Common.Text.SearchKey(name), type, status, industry, country, city, website, employees, notes);
    }

    /// <summary>A row's values after the checks that need no database, with their problems (<see cref="Head"/>: the external id's; <see cref="Fields"/>: the fields').</summary>
    private sealed record Checked(
        ImportRowReader Head,
        string? ExternalId,
        ImportRowReader Fields,
        string? Name,
        string? SearchName,
        AccountType? Type,
        AccountStatus? Status,
        string? Industry,
        string? Country,
        string? City,
        string? Website,
        int? Employees,
        string? Notes);

    private static bool MayReassign(Viewer viewer, long currentOwnerId, Dictionary<long, long?> ownerTeams) =>
        viewer.IsAdmin || viewer.IsSystem || viewer.UserId == currentOwnerId
        || (viewer.ManagedTeamId is { } team && ownerTeams.GetValueOrDefault(currentOwnerId) == team);

    /// <summary>Walks up from the new parent (rare: only a changed parent of an existing account); meeting the account closes a loop.</summary>
    private static async Task<bool> CreatesLoopAsync(BridgeheadDb db, long selfId, long parentId, CancellationToken ct)
    {
        long? cursor = parentId;
        for (var depth = 0; cursor is { } current && depth < 50; depth++)
        {
            if (current == selfId)
            {
                return true;
            }
            cursor = await db.Accounts.IgnoreQueryFilters().Where(a => a.Id == current).Select(a => a.ParentId).FirstOrDefaultAsync(ct);
        }
        return false;
    }

    private static async Task<ILookup<long, long>> ApplicationsAsync(BridgeheadDb db, IEnumerable<Account> accounts, CancellationToken ct)
    {
        var ids = accounts.Select(a => a.Id).Distinct().ToList();
        var rows = ids.Count == 0 ? [] : await db.AccountApplications.AsNoTracking().Where(x => ids.Contains(x.AccountId))
            .Select(x => new { x.AccountId, x.ApplicationId }).ToListAsync(ct);
        return rows.ToLookup(x => x.AccountId, x => x.ApplicationId);
    }
}
