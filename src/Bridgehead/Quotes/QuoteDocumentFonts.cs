using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using PdfSharp.Fonts;

namespace Bridgehead.Quotes;

/// <summary>The font files a PDF is written in: a regular face and, where there is one, a bold face.</summary>
/// <param name="Family">The name PDFsharp knows the pair by (unique per pair of files).</param>
public sealed record PdfFontChoice(string Family, string RegularPath, string? BoldPath, bool CoversKorean);

/// <summary>No usable font: the PDF cannot be written (503, with what to install or set).</summary>
public sealed class PdfFontMissingException(string message) : Exception(message);

/// <summary>
/// Finds the TrueType files for quote PDFs and hands them to PDFsharp. Korean needs a CJK font:
/// <c>Bridgehead:PdfFont</c> (and optionally <c>Bridgehead:PdfFontBold</c>) when set, else the
/// well-known places of Nanum Gothic (Debian's fonts-nanum), Noto Sans KR, Malgun Gothic (Windows)
/// and Apple Gothic (macOS). English documents prefer the same font (customer names may be
/// Korean) and fall back to a Latin one (DejaVu, Liberation, Arial). PDFsharp takes one resolver
/// for the whole process, so this one maps a family name per pair of files to those files.
/// </summary>
public sealed class QuoteDocumentFonts : IFontResolver
{
    public const string FontSetting = "Bridgehead:PdfFont";
    public const string BoldFontSetting = "Bridgehead:PdfFontBold";

    private static readonly QuoteDocumentFonts Instance = new();
    private static readonly ConcurrentDictionary<string, PdfFontChoice> Families = new();
    private static readonly ConcurrentDictionary<string, byte[]> Files = new();
    private static readonly Lazy<bool> Installed = new(() =>
    {
        GlobalFontSettings.FontResolver = Instance;
        return true;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Korean-capable fonts, regular then bold, in the order they are tried.</summary>
    public static IReadOnlyList<(string Regular, string? Bold)> KoreanCandidates { get; } = BuildKorean();

    /// <summary>Latin-only fonts for English documents on a machine without a Korean font.</summary>
    public static IReadOnlyList<(string Regular, string? Bold)> LatinCandidates { get; } = BuildLatin();

    private static List<(string, string?)> BuildKorean()
    {
        var list = new List<(string, string?)>
        {
            ("/usr/share/fonts/truetype/nanum/NanumGothic.ttf", "/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf"),
            ("/usr/share/fonts/truetype/noto/NotoSansKR-Regular.ttf", "/usr/share/fonts/truetype/noto/NotoSansKR-Bold.ttf"),
            ("/usr/share/fonts/truetype/noto-cjk/NotoSansKR-Regular.ttf", "/usr/share/fonts/truetype/noto-cjk/NotoSansKR-Bold.ttf"),
            ("/usr/local/share/fonts/NanumGothic.ttf", "/usr/local/share/fonts/NanumGothicBold.ttf"),
            ("/Library/Fonts/NanumGothic.ttf", "/Library/Fonts/NanumGothicBold.ttf"),
            ("/System/Library/Fonts/Supplemental/AppleGothic.ttf", null),
            ("/Library/Fonts/AppleGothic.ttf", null),
        };
        if (Environment.GetFolderPath(Environment.SpecialFolder.Fonts) is { Length: > 0 } windows)
        {
            list.Insert(0, (Path.Combine(windows, "malgun.ttf"), Path.Combine(windows, "malgunbd.ttf")));
        }
        return list;
    }

    private static List<(string, string?)> BuildLatin()
    {
        var list = new List<(string, string?)>
        {
            ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
            ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf", "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
            ("/System/Library/Fonts/Supplemental/Arial.ttf", "/System/Library/Fonts/Supplemental/Arial Bold.ttf"),
        };
        if (Environment.GetFolderPath(Environment.SpecialFolder.Fonts) is { Length: > 0 } windows)
        {
            list.Insert(0, (Path.Combine(windows, "arial.ttf"), Path.Combine(windows, "arialbd.ttf")));
        }
        return list;
    }

    /// <summary>
    /// The font for a document. A configured file must exist (a wrong setting is an error, not a
    /// silent fallback); without one, the first candidate that exists. Throws
    /// <see cref="PdfFontMissingException"/> when nothing fits.
    /// </summary>
    public static PdfFontChoice Choose(string? configured, string? configuredBold, bool korean, Func<string, bool>? exists = null,
        IReadOnlyList<(string Regular, string? Bold)>? koreanCandidates = null, IReadOnlyList<(string Regular, string? Bold)>? latinCandidates = null)
    {
        exists ??= File.Exists;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (!exists(configured))
            {
                throw new PdfFontMissingException(string.Format(System.Globalization.CultureInfo.CurrentCulture, QuoteDocumentText.FontFileMissing, configured));
            }
            var bold = !string.IsNullOrWhiteSpace(configuredBold) && exists(configuredBold) ? configuredBold : null;
            return Register(configured, bold, coversKorean: true);
        }
        foreach (var (regular, bold) in koreanCandidates ?? KoreanCandidates)
        {
            if (exists(regular))
            {
                return Register(regular, bold is not null && exists(bold) ? bold : null, coversKorean: true);
            }
        }
        if (!korean)
        {
            foreach (var (regular, bold) in latinCandidates ?? LatinCandidates)
            {
                if (exists(regular))
                {
                    return Register(regular, bold is not null && exists(bold) ? bold : null, coversKorean: false);
                }
            }
        }
        throw new PdfFontMissingException(QuoteDocumentText.NoFont);
    }

    private static PdfFontChoice Register(string regular, string? bold, bool coversKorean)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(regular + "\n" + bold)))[..16];
        var choice = Families.GetOrAdd("bh-" + key, family => new PdfFontChoice(family, regular, bold, coversKorean));
        _ = Installed.Value;
        return choice;
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
    {
        if (!Families.TryGetValue(familyName, out var choice))
        {
            // Anything else PDFsharp asks for (it should not) is drawn in the first registered font.
            choice = Families.Values.FirstOrDefault();
            if (choice is null)
            {
                return null;
            }
        }
        return bold && choice.BoldPath is not null
            ? new FontResolverInfo(choice.Family + "|b")
            : new FontResolverInfo(choice.Family + "|r", mustSimulateBold: bold, mustSimulateItalic: italic);
    }

    public byte[]? GetFont(string faceName)
    {
        var bar = faceName.LastIndexOf('|');
        if (bar < 0 || !Families.TryGetValue(faceName[..bar], out var choice))
        {
            return null;
        }
        var path = faceName[(bar + 1)..] == "b" && choice.BoldPath is not null ? choice.BoldPath : choice.RegularPath;
        return Files.GetOrAdd(path, File.ReadAllBytes);
    }
}
