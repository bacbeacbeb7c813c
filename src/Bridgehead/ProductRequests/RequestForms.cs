using System.ComponentModel.DataAnnotations;

namespace Bridgehead.ProductRequests;

/// <summary>The raise form: what is needed, and whether the pursuit waits on it.</summary>
public sealed class RaiseForm
{
    [Display(Name = nameof(RequestPagesText.Title), ResourceType = typeof(RequestPagesText))]
    public string? Title { get; set; }

    [Display(Name = nameof(RequestPagesText.Detail), ResourceType = typeof(RequestPagesText))]
    public string? Detail { get; set; }

    [Display(Name = nameof(RequestPagesText.Category), ResourceType = typeof(RequestPagesText))]
    public string? Category { get; set; }

    [Display(Name = nameof(RequestPagesText.BlockingLabel), ResourceType = typeof(RequestPagesText))]
    public bool Blocking { get; set; } = true;

    public long? OpportunityId { get; set; }

    public long? AccountId { get; set; }

    public ProductRequestInput ToInput() => new(Title, Detail, Category,
        AccountId is { } a ? [a] : [], OpportunityId is { } o ? [o] : [], Blocking);
}

/// <summary>The wording form of the edit page.</summary>
public sealed class WordingForm
{
    [Display(Name = nameof(RequestPagesText.Title), ResourceType = typeof(RequestPagesText))]
    public string? Title { get; set; }

    [Display(Name = nameof(RequestPagesText.Detail), ResourceType = typeof(RequestPagesText))]
    public string? Detail { get; set; }

    [Display(Name = nameof(RequestPagesText.Category), ResourceType = typeof(RequestPagesText))]
    public string? Category { get; set; }

    public long Version { get; set; }

    public ProductRequestEdit ToEdit() => new(Title, Detail, Category);

    public static WordingForm From(ProductRequestDto r) => new() { Title = r.Title, Detail = r.Detail, Category = r.Category, Version = r.Version };
}

/// <summary>The product role's status form.</summary>
public sealed class StatusForm
{
    [Display(Name = nameof(RequestPagesText.NewStatus), ResourceType = typeof(RequestPagesText))]
    public ProductRequestStatus? Status { get; set; }

    [Display(Name = nameof(RequestPagesText.StatusNote), ResourceType = typeof(RequestPagesText))]
    public string? StatusNote { get; set; }

    [Display(Name = nameof(RequestPagesText.ReleasedProduct), ResourceType = typeof(RequestPagesText))]
    public long? ProductId { get; set; }

    public long Version { get; set; }
}

/// <summary>The product role's merge form: the duplicates to fold into this request.</summary>
public sealed class MergeForm
{
    [Display(Name = nameof(RequestPagesText.Duplicates), ResourceType = typeof(RequestPagesText))]
    public List<long> DuplicateIds { get; set; } = [];

    public long Version { get; set; }
}
