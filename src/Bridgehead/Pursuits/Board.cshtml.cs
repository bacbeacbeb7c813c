using System.Globalization;
using Bridgehead.Common;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Bridgehead.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Bridgehead.Pursuits;

/// <summary>What every card of a board needs to know about the board it is on.</summary>
/// <param name="MoveUrl">The move handler's address, keeping the board's filters (the response refreshes the column headers with them).</param>
/// <param name="BoardUrl">The board with its filters, where a move without JavaScript returns.</param>
/// <param name="MoveCardId">The card whose own move form the page renders open (asked for without JavaScript); the others share the board's one form.</param>
public sealed record BoardView(bool CanMove, IReadOnlyList<BoardStage> Stages, string MoveUrl, string BoardUrl, string CardUrl, long? MoveCardId = null)
{
    /// <summary>The board with this card's move form open: where "Move…" leads without JavaScript.</summary>
    public string MoveFormUrl(long id)
    {
        var key = id.ToString(CultureInfo.InvariantCulture);
        return BoardUrl + (BoardUrl.Contains('?', StringComparison.Ordinal) ? "&move=" : "?move=") + key + "#card-" + key;
    }
}

/// <summary>A card as a fragment: after a move, a refusal or a stale version, with what to say about it.</summary>
public sealed record BoardCardView(BoardView Board, BoardCard Card)
{
    /// <summary>Criteria that kept the card from moving, with why.</summary>
    public IReadOnlyList<CriterionResult> Unmet { get; init; } = [];

    /// <summary>The stage the refused move aimed at.</summary>
    public BoardStage? Target { get; init; }

    /// <summary>Other reasons the move was refused (a rule, a stale version).</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    public bool Stale { get; init; }

    /// <summary>A move back that waits for its reason: the card asks for it.</summary>
    public BoardStage? BackTo { get; init; }

    public string? ReasonError { get; init; }

    /// <summary>Said after a successful move.</summary>
    public string? Message { get; init; }

    /// <summary>Put the keyboard focus on the card (after a move made from it).</summary>
    public bool Focus { get; init; }
}

/// <summary>A page of a column's cards and the button for the next page.</summary>
public sealed record BoardCardsView(BoardView Board, IReadOnlyList<BoardCard> Cards, string? MoreUrl);

/// <summary>A column header; out of band when it refreshes after a move.</summary>
public sealed record BoardHeadView(BoardColumnHead Head, bool OutOfBand = false);

/// <summary>The answer to a successful move made with htmx: the card, the refreshed headers, a status line.</summary>
public sealed record BoardMovedView(BoardCardView Card, IReadOnlyList<BoardColumnHead> Heads, string Message);

/// <summary>
/// The kanban of a pipeline: a column per active stage, cards with gate readiness, filters, "more"
/// per column (htmx), and moves by drag and drop (board.js) or by the form on each card, which
/// works with the keyboard and without JavaScript.
/// </summary>
[Authorize(Policy = Policies.ReadSales)]
public sealed class BoardModel(
    LoadBoard load, LoadBoardColumn loadColumn, GetBoardCard getCard, CountBoard countBoard, AdvanceOpportunity advance, ListUsers users) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? PipelineId { get; set; }
    [BindProperty(SupportsGet = true)] public long? OwnerId { get; set; }
    [BindProperty(SupportsGet = true)] public long? TeamId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Industry { get; set; }
    [BindProperty(SupportsGet = true)] public long? ApplicationId { get; set; }
    [BindProperty(SupportsGet = true)] public decimal? MinValue { get; set; }
    [BindProperty(SupportsGet = true)] public decimal? MaxValue { get; set; }

    /// <summary>The card whose own move form to show open (the "Move…" link without JavaScript).</summary>
    [BindProperty(SupportsGet = true, Name = "move")] public long? MoveCard { get; set; }

    public BoardDto Board { get; private set; } = null!;

    public BoardView View { get; private set; } = null!;

    public IReadOnlyList<SelectListItem> Owners { get; private set; } = [];

    public IReadOnlyList<SelectListItem> Teams { get; private set; } = [];

    public bool CanMove { get; private set; }

    public bool Filtered => OwnerId is not null || TeamId is not null || Text.Clean(Industry) is not null
        || ApplicationId is not null || MinValue is not null || MaxValue is not null;

    /// <summary>A move refused without JavaScript, shown above the board after the redirect.</summary>
    [TempData] public string? BoardAlert { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Init();
        Board = await load.HandleAsync(Filter(), BoardData.DefaultPageSize, ct);
        View = ViewOf(Board.Stages) with { MoveCardId = MoveCard };
        if (Request.Headers.ContainsKey("HX-Request") && Request.Headers["HX-Target"] == "board")
        {
            return Partial("_BoardColumns", this);
        }
        Owners = Choices.Users(await users.OwnersAsync(ct));
        Teams = [.. (await users.TeamsAsync(ct)).Select(t => new SelectListItem(t.Name, Key(t.Id)))];
        return Page();
    }

    /// <summary>The next cards of one column, appended by htmx in place of its "more" button.</summary>
    public async Task<IActionResult> OnGetColumnAsync(string? stage, string? cursor, CancellationToken ct)
    {
        Init();
        var page = await loadColumn.HandleAsync(Filter(), stage ?? "", cursor, BoardData.DefaultPageSize, ct);
        var view = ViewOf(page.Stages);
        return Partial("_BoardCards", new BoardCardsView(view, page.Cards.Items, MoreUrl(stage ?? "", page.Cards.NextCursor)));
    }

    /// <summary>One card as it stands, e.g. to put it back after a cancelled move back.</summary>
    public async Task<IActionResult> OnGetCardAsync(long id, CancellationToken ct)
    {
        Init();
        var found = await getCard.HandleAsync(id, ct);
        return Partial("_BoardCard", new BoardCardView(ViewOf(found.Stages), found.Card));
    }

    /// <summary>
    /// Moves a card through the gate (forward) or back with a reason. With htmx the answer is the
    /// card: moved (and the column headers, refreshed), or in place with why it did not move.
    /// Without JavaScript the answer is a redirect back to the board with a message.
    /// </summary>
    public async Task<IActionResult> OnPostMoveAsync(long id, string? toStage, long version, string? reason, CancellationToken ct)
    {
        if (!Init())
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        var htmx = Request.Headers.ContainsKey("HX-Request");
        try
        {
            await advance.HandleAsync(id, version, new AdvanceInput(Text.Clean(toStage), null, Text.Clean(reason)), ct);
        }
        catch (ConflictException e)
        {
            var current = await getCard.HandleAsync(id, ct);
            var unmet = e.Extensions.GetValueOrDefault("unmet") as IReadOnlyList<CriterionResult> ?? [];
            var target = current.Stages.FirstOrDefault(s => s.Key == toStage);
            if (!htmx)
            {
                BoardAlert = unmet.Count > 0
                    ? Validator.Format(BoardText.RefusedFlash, current.Card.Title, target?.Name ?? toStage ?? "", string.Join("; ", unmet.Select(u => $"{u.Name} ({u.Why})")))
                    : string.Join(" ", e.Rules);
                return Redirect(BoardUrl());
            }
            return Partial("_BoardCard", new BoardCardView(ViewOf(current.Stages), current.Card)
            {
                Unmet = unmet,
                Target = target,
                Errors = unmet.Count > 0 ? [] : e.Rules,
                Focus = true,
            });
        }
        catch (ValidationException e)
        {
            var current = await getCard.HandleAsync(id, ct);
            var target = current.Stages.FirstOrDefault(s => s.Key == toStage);
            var backWithoutReason = e.Errors.ContainsKey("reason") && target is not null;
            if (!htmx)
            {
                BoardAlert = backWithoutReason && Text.Clean(reason) is null
                    ? Validator.Format(BoardText.BackNeedsReason, target!.Name)
                    : string.Join(" ", e.Errors.SelectMany(x => x.Value));
                return Redirect(BoardUrl());
            }
            return Partial("_BoardCard", new BoardCardView(ViewOf(current.Stages), current.Card)
            {
                BackTo = backWithoutReason ? target : null,
                ReasonError = backWithoutReason && Text.Clean(reason) is not null ? string.Join(" ", e.Errors["reason"]) : null,
                Errors = backWithoutReason ? [] : [.. e.Errors.SelectMany(x => x.Value)],
                Focus = true,
            });
        }
        catch (PreconditionFailedException)
        {
            if (!htmx)
            {
                BoardAlert = BoardText.Stale;
                return Redirect(BoardUrl());
            }
            var current = await getCard.HandleAsync(id, ct);
            return Partial("_BoardCard", new BoardCardView(ViewOf(current.Stages), current.Card) { Stale = true, Focus = true });
        }

        var moved = await getCard.HandleAsync(id, ct);
        var stageName = moved.Stages.FirstOrDefault(s => s.Key == moved.Card.Stage)?.Name ?? moved.Card.Stage;
        var message = Validator.Format(BoardText.Moved, moved.Card.Title, stageName);
        if (!htmx)
        {
            TempData["Flash"] = message;
            return Redirect(BoardUrl());
        }
        var heads = await countBoard.HandleAsync(Filter() with { PipelineId = moved.Card.PipelineId }, ct);
        return Partial("_BoardMoved", new BoardMovedView(
            new BoardCardView(ViewOf(moved.Stages), moved.Card) { Message = message, Focus = true }, heads, message));
    }

    /// <summary>The address of a column's next page, keeping the filters; null on the last page.</summary>
    public string? MoreUrl(string stage, string? cursor) => cursor is null ? null
        : "/board" + Query(("handler", "Column"), ("stage", stage), ("cursor", cursor));

    public string BoardUrl() => "/board" + Query();

    private BoardView ViewOf(IReadOnlyList<BoardStage> stages) =>
        new(CanMove, stages, "/board" + Query(("handler", "Move")), BoardUrl(), "/board" + Query(("handler", "Card")));

    /// <summary>True when the viewer may move cards.</summary>
    private bool Init()
    {
        CanMove = ViewerSource.FromPrincipal(User)?.CanEditSales == true;
        return CanMove;
    }

    private BoardFilter Filter() => new()
    {
        PipelineId = PipelineId,
        OwnerId = OwnerId,
        TeamId = TeamId,
        Industry = Industry,
        ApplicationId = ApplicationId,
        MinValue = MinValue,
        MaxValue = MaxValue,
    };

    /// <summary>The board's filters as a query string, with extra parameters first.</summary>
    private string Query(params (string Name, string? Value)[] extra) => QueryString.Create(
        extra.Select(e => new KeyValuePair<string, string?>(e.Name, e.Value)).Concat(new Dictionary<string, string?>
        {
            ["pipelineId"] = PipelineId is { } p ? Key(p) : null,
            ["ownerId"] = OwnerId is { } o ? Key(o) : null,
            ["teamId"] = TeamId is { } t ? Key(t) : null,
            ["industry"] = Text.Clean(Industry),
            ["applicationId"] = ApplicationId is { } ap ? Key(ap) : null,
            ["minValue"] = MinValue?.ToString(CultureInfo.InvariantCulture),
            ["maxValue"] = MaxValue?.ToString(CultureInfo.InvariantCulture),
        }).Where(p => p.Value is not null)).ToUriComponent();

    public static string Key(long id) => id.ToString(CultureInfo.InvariantCulture);
}
