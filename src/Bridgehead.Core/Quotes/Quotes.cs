using Bridgehead.Common;
using Bridgehead.Data;
using Bridgehead.Forecasting;
using Bridgehead.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Quotes;

/// <summary>Filters of the quote list; they combine with AND.</summary>
public sealed record QuoteFilter
{
    public long? OpportunityId { get; init; }

    public long? AccountId { get; init; }

    /// <summary>As the quote reads: <c>expired</c> finds sent quotes past their validity, <c>sent</c> only those still valid.</summary>
    public QuoteStatus? Status { get; init; }

    /// <summary><c>pending</c>: the quotes waiting for a manager's decision.</summary>
    public ApprovalState? Approval { get; init; }
}

/// <summary>Quote versions at the accounts the caller sees, newest first.</summary>
public sealed class ListQuotes(BridgeheadDb db)
{
    public async Task<Page<QuoteDto>> HandleAsync(QuoteFilter filter, PageRequest page, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        var query = db.Quotes.AsNoTracking();
        if (filter.OpportunityId is { } opportunityId)
        {
            query = query.Where(q => q.OpportunityId == opportunityId);
        }
        if (filter.AccountId is { } accountId)
        {
            query = query.Where(q => q.AccountId == accountId);
        }
        if (filter.Status is { } status)
        {
            var today = QuoteReader.Today(db);
            query = status switch
            {
                QuoteStatus.Sent => query.Where(q => q.Status == QuoteStatus.Sent && q.ValidUntil >= today),
                QuoteStatus.Expired => query.Where(q => q.Status == QuoteStatus.Expired || (q.Status == QuoteStatus.Sent && q.ValidUntil < today)),
                QuoteStatus.Draft or QuoteStatus.Accepted or QuoteStatus.Rejected or QuoteStatus.Superseded => query.Where(q => q.Status == status),
                _ => throw new BadRequestException("status", CommonText.UnknownValue),
            };
        }
        if (filter.Approval is { } approval)
        {
            query = query.Where(q => q.Approval == approval);
        }
        var rows = await query.ToPageAsync(q => q.Id, q => q.Id, descending: true, page, QuoteReader.Projection(db), r => (r.Id, r.Id), ct);
        return new Page<QuoteDto>(await QuoteReader.ToDtosAsync(db, rows.Items, ct), rows.NextCursor);
    }
}

/// <summary>One quote version (404 for a quote at an account the caller does not see, and for quality and product).</summary>
public sealed class GetQuote(BridgeheadDb db)
{
    public Task<QuoteDto> HandleAsync(long id, CancellationToken ct)
    {
        Access.Require(db.Viewer);
        return QuoteReader.ReadAsync(db, id, ct);
    }
}

/// <summary>
/// Writes version N+1 of a pursuit as a draft, optionally starting from an earlier version's
/// lines, value propositions, currency, language and notes (<c>copyFrom</c>); fields in the body
/// win over the copied ones.
/// </summary>
public sealed class CreateQuote(BridgeheadDb db, CurrencySettings settings)
{
    public async Task<QuoteDto> HandleAsync(QuoteInput input, CancellationToken ct)
    {
        var viewer = Access.RequireSalesWriter(db.Viewer);
        if (input.OpportunityId is not { } opportunityId)
        {
            throw ValidationException.For("opportunityId", CommonText.Required);
        }
        var opportunity = await db.Opportunities.AsNoTracking().Where(o => o.Id == opportunityId)
            .Select(o => new { o.AccountId, o.Currency, o.Account!.Country })
            .FirstOrDefaultAsync(ct)
            ?? throw ValidationException.For("opportunityId", CommonText.MustBeVisibleOpportunity);

        var filled = input;
        if (input.CopyFrom is { } sourceId)
        {
            var source = await db.Quotes.AsNoTracking().Include(q => q.Lines).Include(q => q.ValuePropositions).AsSplitQuery()
                .FirstOrDefaultAsync(q => q.Id == sourceId, ct);
            if (source is null || source.OpportunityId != opportunityId)
            {
                throw ValidationException.For("copyFrom", QuotesText.CopyFromOtherPursuit);
            }
            var copy = QuoteInput.From(source);
            if (CurrencySettings.Normalize(input.Currency) is { } wanted && wanted != copy.Currency)
            {
                throw ValidationException.For("currency", Validator.Format(QuotesText.CopyKeepsCurrency, copy.Currency!));
            }
            filled = input with
            {
                Currency = input.Currency ?? copy.Currency,
                Language = input.Language ?? copy.Language,
                CustomerNote = input.CustomerNote ?? copy.CustomerNote,
                InternalNote = input.InternalNote ?? copy.InternalNote,
                Lines = input.Lines ?? copy.Lines,
                ValuePropositions = input.ValuePropositions ?? copy.ValuePropositions,
            };
        }
        filled = filled with
        {
            Currency = filled.Currency ?? opportunity.Currency?.Trim() ?? settings.BaseCurrency,
            ValidUntil = filled.ValidUntil ?? QuoteReader.Today(db).AddDays(QuoteInput.DefaultValidDays),
            Language = filled.Language ?? (opportunity.Country == "KR" ? "ko" : "en"),
        };
        var resolved = await ResolvedQuote.ValidateAsync(db, settings, filled, null, ct);

        var quote = new Quote
        {
            AccountId = opportunity.AccountId,
            OpportunityId = opportunityId,
            Currency = "",
            Language = "",
            Status = QuoteStatus.Draft,
            Approval = ApprovalState.NotNeeded,
            CreatedById = viewer.UserId ?? throw new ForbiddenException(CommonText.SystemNeedsOwner),
        };
        resolved.ApplyTo(quote, await QuoteLimits.LoadAsync(db, ct));
        db.Quotes.Add(quote);
        for (var attempt = 1; ; attempt++)
        {
            quote.Number = 1 + (await db.Quotes.IgnoreQueryFilters().Where(q => q.OpportunityId == opportunityId).MaxAsync(q => (int?)q.Number, ct) ?? 0);
            try
            {
                await db.SaveAsync(ct);
                break;
            }
            catch (DbUpdateException) when (attempt < 3 && db.Database.CurrentTransaction is null)
            {
                // Another version of the pursuit took the number between the read and the save.
            }
        }
        return await QuoteReader.ReadAsync(db, quote.Id, ct);
    }
}

/// <summary>Changes a draft; <c>change</c> receives the current values and returns the wanted ones. Anything but a draft is 409.</summary>
public sealed class UpdateQuote(BridgeheadDb db, CurrencySettings settings)
{
    public async Task<QuoteDto> HandleAsync(long id, long? expectedVersion, Func<QuoteInput, QuoteInput> change, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var quote = await QuoteReader.ForChangeAsync(db, id, ct);
        Concurrency.Expect(db, quote, expectedVersion);
        QuoteRules.RequireDraft(quote, QuotesText.Rule_OnlyDraftChanges);
        var wanted = change(QuoteInput.From(quote));
        if (wanted.OpportunityId != quote.OpportunityId)
        {
            throw ValidationException.For("opportunityId", QuotesText.OpportunityFixed);
        }
        if (wanted.CopyFrom is not null)
        {
            throw ValidationException.For("copyFrom", QuotesText.CopyOnlyOnCreate);
        }
        var resolved = await ResolvedQuote.ValidateAsync(db, settings, wanted, quote, ct);
        resolved.ApplyTo(quote, await QuoteLimits.LoadAsync(db, ct));
        await db.SaveAsync(ct);
        return await QuoteReader.ReadAsync(db, id, ct);
    }
}

/// <summary>Deletes a draft; versions that went to the customer are kept (409).</summary>
public sealed class DeleteQuote(BridgeheadDb db)
{
    public async Task HandleAsync(long id, long? expectedVersion, CancellationToken ct)
    {
        Access.RequireSalesWriter(db.Viewer);
        var quote = await QuoteReader.ForChangeAsync(db, id, ct);
        Concurrency.Expect(db, quote, expectedVersion);
        QuoteRules.RequireDraft(quote, QuotesText.Rule_OnlyDraftDeleted);
        db.Quotes.Remove(quote);
        await db.SaveAsync(ct);
    }
}

/// <summary>A product to pick for a quote line.</summary>
public sealed record QuoteProductChoice(long Id, string Sku, string Name, string Unit, Money? ListPrice);

/// <summary>The active catalogue for the line picker (plus products the quote already names), by name.</summary>
public sealed class ListQuoteProducts(BridgeheadDb db)
{
    public async Task<IReadOnlyList<QuoteProductChoice>> HandleAsync(IReadOnlyCollection<long> keep, CancellationToken ct)
    {
        Access.RequireSalesReader(db.Viewer);
        var rows = await db.Products.AsNoTracking().Where(p => p.IsActive || keep.Contains(p.Id))
            .OrderBy(p => p.SearchName).ThenBy(p => p.Id)
            .Select(p => new { p.Id, p.Sku, p.Name, p.Unit, p.ListPrice, p.Currency })
            .ToListAsync(ct);
        return [.. rows.Select(p => new QuoteProductChoice(p.Id, p.Sku, p.Name, p.Unit, Money.From(p.ListPrice, p.Currency.Trim())))];
    }
}

/// <summary>The rules of the quote flow that refuse a change with 409.</summary>
internal static class QuoteRules
{
    public static void RequireDraft(Quote quote, string rule)
    {
        if (quote.Status != QuoteStatus.Draft)
        {
            throw new ConflictException([Validator.Format(rule, Labels.Of(quote.Status))]);
        }
    }
}
