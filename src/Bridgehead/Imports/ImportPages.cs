using System.Globalization;
using Bridgehead.Common;
using Bridgehead.Hosting;
using Bridgehead.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bridgehead.Imports;

/// <summary>Labels and rights the import pages share.</summary>
public static class ImportUi
{
    public static string Label(ImportEntity entity) =>
        ImportPagesText.ResourceManager.GetString("Entity_" + entity, ImportPagesText.Culture) ?? entity.ToString();

    public static string Label(ImportStatus status) =>
        ImportPagesText.ResourceManager.GetString("ImportStatus_" + status, ImportPagesText.Culture) ?? status.ToString();

    /// <summary>The kind as the address and API write it: "accounts".</summary>
    public static string Key(ImportEntity entity) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(entity.ToString());

    public static ImportEntity? Parse(string? value) =>
        Enum.GetValues<ImportEntity>().Select(e => (ImportEntity?)e).FirstOrDefault(e => string.Equals(e.ToString(), value?.Trim(), StringComparison.OrdinalIgnoreCase));

    public static bool IsActive(ImportStatus status) => status switch
    {
        ImportStatus.Pending or ImportStatus.Running => true,
        ImportStatus.Completed or ImportStatus.Failed or ImportStatus.Cancelled => false,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>
    /// Whether the viewer may import this kind: the import target's own answer when the engine
    /// registers targets; otherwise the rules the records' own forms follow (products: those who
    /// keep the catalogue; the rest: sales writers).
    /// </summary>
    public static bool MayImport(Viewer viewer, ImportEntity entity, IEnumerable<IImportTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (targets?.FirstOrDefault(t => t.Entity == entity) is { } target)
        {
            return target.MayImport(viewer);
        }
        return entity switch
        {
            ImportEntity.Products => Products.ProductAccess.KeepsCatalogue(viewer),
            ImportEntity.Accounts or ImportEntity.Contacts or ImportEntity.Opportunities or ImportEntity.Orders => viewer.CanEditSales,
            _ => throw new ArgumentOutOfRangeException(nameof(entity), entity, null),
        };
    }

    public static string Rows(ImportJobDto job) => job.TotalRows is { } total
        ? Validator.Format(ImportPagesText.RowsOf, job.ProcessedRows.ToString("N0", CultureInfo.CurrentCulture), total.ToString("N0", CultureInfo.CurrentCulture))
        : job.Status == ImportStatus.Pending || job.Status == ImportStatus.Running
            ? ImportPagesText.NotCounted
            : Validator.Format(ImportPagesText.RowsDone, job.ProcessedRows.ToString("N0", CultureInfo.CurrentCulture));

    public static string MapUrl(string file, string name, ImportEntity entity, string? extra = null) =>
        $"/imports/map?file={Uri.EscapeDataString(file)}&name={Uri.EscapeDataString(name)}&entity={Key(entity)}{extra}";
}

/// <summary>/imports: the caller's imports (an admin's: everyone's), newest first.</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class ImportsIndexModel(ListImportJobs list) : PageModel
{
    public IReadOnlyList<ImportJobDto> Jobs { get; private set; } = [];

    public bool IsAdmin { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        IsAdmin = User.IsInRole(nameof(Role.Admin));
        Jobs = await list.HandleAsync(100, ct);
    }
}

/// <summary>The upload form of /imports/new.</summary>
public sealed class UploadForm
{
    [System.ComponentModel.DataAnnotations.Display(Name = nameof(ImportPagesText.WhatToImport), ResourceType = typeof(ImportPagesText))]
    public ImportEntity? Entity { get; set; }

    public IFormFile? File { get; set; }
}

/// <summary>
/// /imports/new: what to import (only the kinds the caller may import) and the file. The file is
/// kept under a random name and the browser goes on to the mapping step.
/// </summary>
[Authorize(Policy = Policies.EditSales)]
[RequestSizeLimit(UploadImportFile.MaxBytes + (1 << 20))]
[RequestFormLimits(MultipartBodyLengthLimit = UploadImportFile.MaxBytes + (1 << 20))]
public sealed class NewImportModel(UploadImportFile upload, ImportFolder folder, IEnumerable<IImportTarget> targets) : PageModel
{
    [BindProperty]
    public UploadForm Form { get; set; } = new();

    public IReadOnlyList<ImportEntity> Allowed { get; private set; } = [];

    public void OnGet(string? entity)
    {
        Load();
        Form.Entity = ImportUi.Parse(entity) is { } e && Allowed.Contains(e) ? e : Allowed.Count > 0 ? Allowed[0] : null;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Load();
        ModelState.Clear();
        if (Form.Entity is not { } entity)
        {
            ModelState.AddModelError("Form.Entity", ImportPagesText.EntityRequired);
        }
        else if (!Allowed.Contains(entity))
        {
            ModelState.AddModelError("Form.Entity", ImportPagesText.EntityNotAllowed);
        }
        if (Form.File is null)
        {
            ModelState.AddModelError("Form.File", ImportPagesText.FileRequired);
        }
        else if (Form.File.Length == 0)
        {
            ModelState.AddModelError("Form.File", ImportPagesText.FileEmpty);
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        ImportUpload kept;
        try
        {
            await using var content = Form.File!.OpenReadStream();
            kept = await upload.HandleAsync(Form.File.FileName, content, ct);
        }
        catch (ValidationException e)
        {
            foreach (var message in e.Errors.SelectMany(x => x.Value))
            {
                ModelState.AddModelError("Form.File", message);
            }
            return Page();
        }
        if (kept.Headers.All(string.IsNullOrWhiteSpace))
        {
            if (UploadImportFile.PathOf(folder, kept.StoredFile) is { } path)
            {
                System.IO.File.Delete(path);
            }
            ModelState.AddModelError("Form.File", ImportPagesText.NoHeaders);
            return Page();
        }
        return Redirect(ImportUi.MapUrl(kept.StoredFile, kept.FileName, Form.Entity!.Value));
    }

    private void Load()
    {
        var viewer = ViewerSource.FromPrincipal(User) ?? throw new ForbiddenException(CommonText.ReadOnlyRole);
        Allowed = [.. Enum.GetValues<ImportEntity>().Where(e => ImportUi.MayImport(viewer, e, targets))];
    }
}

/// <summary>The mapping form of /imports/map: one field key per column (in the file's column order) and the "save as" fields.</summary>
public sealed class MapForm
{
    public string? File { get; set; }

    public string? Name { get; set; }

    public string? Entity { get; set; }

    public List<string?> Fields { get; set; } = [];

    [System.ComponentModel.DataAnnotations.Display(Name = nameof(ImportPagesText.SaveName), ResourceType = typeof(ImportPagesText))]
    public string? SaveName { get; set; }

    [System.ComponentModel.DataAnnotations.Display(Name = nameof(ImportPagesText.SaveShared), ResourceType = typeof(ImportPagesText))]
    public bool SaveShared { get; set; }
}

/// <summary>
/// /imports/map?file=&amp;name=&amp;entity=: the preview of the uploaded file and a field for each
/// column, filled by the automatic mapping (with a preset: detected, or chosen), or by a saved
/// mapping; "save this mapping as…" and "Start import".
/// </summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class MapImportModel(
    UploadImportFile upload,
    StartImport start,
    ListImportMappings mappings,
    GetImportMapping getMapping,
    CreateImportMapping create,
    IEnumerable<IImportTarget> targets) : PageModel
{
    [BindProperty]
    public MapForm Form { get; set; } = new();

    public ImportUpload Upload { get; private set; } = null!;

    public ImportEntity Entity { get; private set; }

    public IReadOnlyList<ImportField> Fields { get; private set; } = [];

    public IReadOnlyList<ImportPreset> Presets { get; private set; } = [];

    /// <summary>The preset select's value: auto, none, or a system.</summary>
    public string PresetChoice { get; private set; } = "auto";

    /// <summary>What filled the selects, said above them.</summary>
    public string? FilledFrom { get; private set; }

    public IReadOnlyList<ImportMappingDto> Saved { get; private set; } = [];

    public long? SavedChoice { get; private set; }

    public bool MayShare { get; private set; }

    public IReadOnlyList<IReadOnlyList<string>> Missing { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? file, string? name, string? entity, string? preset, long? mapping, CancellationToken ct)
    {
        if (!await LoadAsync(file, name, entity, ct))
        {
            return NotFound();
        }
        var headers = Upload.Headers;
        ImportMappingDto? saved = null;
        if (mapping is { } id)
        {
            try
            {
                saved = await getMapping.HandleAsync(id, ct);
            }
            catch (NotFoundException)
            {
                saved = null;
            }
        }
        if (saved is not null && saved.Entity == Entity)
        {
            SavedChoice = saved.Id;
            var keys = Fields.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
            Form.Fields = [.. headers.Select(h => saved.Columns.TryGetValue(h, out var k) && keys.Contains(k) ? k : null)];
            FilledFrom = Validator.Format(ImportPagesText.SavedMappingUsed, saved.Name);
        }
        else
        {
            PresetChoice = preset?.Trim().ToLowerInvariant() switch
            {
                "none" => "none",
                var p when p is not null && Presets.Any(x => x.Key == p) => p,
                _ => "auto",
            };
            var auto = ImportPresets.AutoMap(Entity, headers, PresetChoice);
            Form.Fields = [.. headers.Select(h => auto.Mapping.TryGetValue(h, out var k) ? k : null)];
            FilledFrom = auto.Preset is { } used
                ? Validator.Format(ImportPagesText.PresetUsed, ImportPresets.NameOf(used))
                : ImportPagesText.PresetNoneUsed;
            if (auto.Preset is { } detected && PresetChoice == "auto")
            {
                PresetChoice = detected;
            }
        }
        Missing = ImportPresets.MissingRequired(Entity, Form.Fields.OfType<string>());
        return Page();
    }

    /// <summary>Starts the import with the chosen fields and goes to its page.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(Form.File, Form.Name, Form.Entity, ct))
        {
            return NotFound();
        }
        ModelState.Clear();
        var columns = Columns();
        var v = new Validator();
        ImportMappingRules.Columns(v, "mapping", Entity, columns);
        try
        {
            v.ThrowIfInvalid();
            var job = await start.HandleAsync(new StartImportInput(Entity, Upload.StoredFile, Upload.FileName, Mapped(columns)), ct);
            return Redirect($"/imports/{job.Id}");
        }
        catch (ValidationException e)
        {
            foreach (var (field, messages) in e.Errors)
            {
                foreach (var message in messages)
                {
                    ModelState.AddModelError(field is "mapping" or "columns" ? "Form.Fields" : "", message);
                }
            }
        }
        Missing = ImportPresets.MissingRequired(Entity, Form.Fields.OfType<string>());
        return Page();
    }

    /// <summary>Saves the chosen fields as a named mapping and shows the page filled from it.</summary>
    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        if (!await LoadAsync(Form.File, Form.Name, Form.Entity, ct))
        {
            return NotFound();
        }
        ModelState.Clear();
        try
        {
            var saved = await create.HandleAsync(new ImportMappingInput
            {
                Entity = Entity,
                Name = Form.SaveName,
                Columns = Columns(),
                IsShared = Form.SaveShared,
            }, ct);
            TempData["Flash"] = Validator.Format(ImportPagesText.MappingSaved, saved.Name);
            return Redirect(ImportUi.MapUrl(Upload.StoredFile, Upload.FileName, Entity, "&mapping=" + saved.Id.ToString(CultureInfo.InvariantCulture)));
        }
        catch (ValidationException e)
        {
            foreach (var (field, messages) in e.Errors)
            {
                foreach (var message in messages)
                {
                    ModelState.AddModelError(field switch { "name" => "Form.SaveName", "columns" => "Form.Fields", _ => "" }, message);
                }
            }
        }
        catch (ConflictException e)
        {
            foreach (var rule in e.Rules)
            {
                ModelState.AddModelError("Form.SaveName", rule);
            }
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        Missing = ImportPresets.MissingRequired(Entity, Form.Fields.OfType<string>());
        return Page();
    }

    /// <summary>The select of column <paramref name="index"/>'s current field key.</summary>
    public string? FieldAt(int index) => index < Form.Fields.Count ? Form.Fields[index] : null;

    public string Label(string key) => Fields.FirstOrDefault(f => f.Key == key)?.Label ?? key;

    public string MissingText(IReadOnlyList<string> group) => group.Count == 2
        ? Validator.Format(ImportPagesText.OneOf, Label(group[0]), Label(group[1]))
        : string.Join(", ", group.Select(Label));

    public string SavedLabel(ImportMappingDto m) => m.Mine ? m.Name : Validator.Format(ImportPagesText.SharedBy, m.Name, m.CreatedByName);

    /// <summary>The column header to field key the form chose (blank fields left out, each header once).</summary>
    private Dictionary<string, string?> Columns()
    {
        var columns = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < Upload.Headers.Count; i++)
        {
            var header = Upload.Headers[i];
            if (!string.IsNullOrWhiteSpace(header) && Text.Clean(FieldAt(i)) is { } key && !columns.ContainsKey(header))
            {
                columns[header] = key;
            }
        }
        return columns;
    }

    private static Dictionary<string, string> Mapped(Dictionary<string, string?> columns) =>
        columns.Where(c => c.Value is not null).ToDictionary(c => c.Key, c => c.Value!, StringComparer.Ordinal);

    private async Task<bool> LoadAsync(string? file, string? name, string? entity, CancellationToken ct)
    {
        var viewer = ViewerSource.FromPrincipal(User) ?? throw new ForbiddenException(CommonText.ReadOnlyRole);
        if (ImportUi.Parse(entity) is not { } kind || string.IsNullOrWhiteSpace(file))
        {
            return false;
        }
        if (!ImportUi.MayImport(viewer, kind, targets))
        {
            throw new ForbiddenException(ImportPagesText.EntityNotAllowed);
        }
        Entity = kind;
        try
        {
            Upload = await upload.PreviewAsync(file.Trim(), Text.Clean(name) ?? file.Trim());
        }
        catch (NotFoundException)
        {
            return false;
        }
        catch (ValidationException)
        {
            return false;
        }
        Fields = ImportFields.For(kind);
        Presets = ImportPresets.For(kind);
        MayShare = ImportMappingRules.MayShare(viewer);
        Saved = [.. (await mappings.HandleAsync(kind, ct)).Where(m => m.Mine || m.IsShared)];
        Form.File = Upload.StoredFile;
        Form.Name = Upload.FileName;
        Form.Entity = ImportUi.Key(kind);
        return true;
    }
}

/// <summary>/imports/{id}: one import's progress, counts, error report and cancel; 404 for imports the caller may not see.</summary>
[Authorize(Policy = Policies.EditSales)]
public sealed class ImportJobModel(GetImportJob get) : PageModel
{
    public ImportJobDto Job { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Job = await get.HandleAsync(id, ct);
        return Page();
    }
}
