using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Bridgehead.Industries;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Bridgehead.References;

/// <summary>The reference form as posted by the browser; converted to the core's <see cref="ReferenceInput"/>.</summary>
public sealed class ReferenceForm
{
    [Display(Name = nameof(ReferencePagesText.Title), ResourceType = typeof(ReferencePagesText))]
    public string? Title { get; set; }

    [Display(Name = nameof(ReferencePagesText.Customer), ResourceType = typeof(ReferencePagesText))]
    public long? AccountId { get; set; }

    [Display(Name = nameof(ReferencePagesText.Industry), ResourceType = typeof(ReferencePagesText))]
    public string? Industry { get; set; }

    [Display(Name = nameof(ReferencePagesText.Application), ResourceType = typeof(ReferencePagesText))]
    public long? ApplicationId { get; set; }

    [Display(Name = nameof(ReferencePagesText.Products), ResourceType = typeof(ReferencePagesText))]
    public List<long> ProductIds { get; set; } = [];

    [Display(Name = nameof(ReferencePagesText.Outcome), ResourceType = typeof(ReferencePagesText))]
    public string? Outcome { get; set; }

    [Display(Name = nameof(ReferencePagesText.MayBeNamedLabel), ResourceType = typeof(ReferencePagesText))]
    public bool MayBeNamed { get; set; }

    /// <summary>The version the form was opened on; a newer one in the database means someone else saved first.</summary>
    public long Version { get; set; }

    public ReferenceInput ToInput() => new(AccountId, Title, Industry, ApplicationId, Outcome, MayBeNamed, ProductIds);

    public static ReferenceForm From(ReferenceCaseDto r) => new()
    {
        Title = r.Title,
        AccountId = r.AccountId,
        Industry = r.Industry,
        ApplicationId = r.ApplicationId,
        ProductIds = [.. r.Products.Select(p => p.Id)],
        Outcome = r.Outcome,
        MayBeNamed = r.MayBeNamed,
        Version = r.Version,
    };
}

/// <summary>The pickers of the reference form.</summary>
public sealed record ReferenceFormChoices(
    IReadOnlyList<SelectListItem> Customers,
    IReadOnlyList<SelectListItem> Industries,
    IReadOnlyList<SelectListItem> Applications,
    IReadOnlyList<SelectListItem> Products)
{
    public static readonly ReferenceFormChoices None = new([], [], [], []);

    public static async Task<ReferenceFormChoices> LoadAsync(ListReferenceChoices choices, ListApplications applications, ReferenceForm form, CancellationToken ct)
    {
        var (customers, products) = await choices.HandleAsync(form.ProductIds, ct);
        static SelectListItem Item(ReferenceChoice c) => new(c.Name, c.Id.ToString(CultureInfo.InvariantCulture));
        return new ReferenceFormChoices([.. customers.Select(Item)], TaxonomyChoices.Industries(), await TaxonomyChoices.ApplicationsAsync(applications, ct),
            [.. products.Select(Item)]);
    }
}

/// <summary>What the reference form partial renders: the values, the pickers and where Cancel goes.</summary>
public sealed record ReferenceFormView(ReferenceForm Form, ReferenceFormChoices Choices, string CancelUrl);

/// <summary>How the pages show a case's industry and naming.</summary>
public static class ReferenceDisplay
{
    public static string Industry(string? code) =>
        IsicCatalogue.Find(code) is { } i ? $"{i.Code} · {i.Name}" : code ?? Shared.UiText.NotSet;

    public static string Naming(bool mayBeNamed) => mayBeNamed ? ReferencePagesText.MayBeNamed : ReferencePagesText.AnonymousOnly;

    public static string NamingClass(bool mayBeNamed) => mayBeNamed ? "badge reference-named" : "badge reference-anonymous";
}
