using System.Globalization;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Bridgehead.Quotes;

/// <summary>
/// Writes a <see cref="QuoteDocument"/> as an A4 PDF: our company and "Quotation" at the top, the
/// customer and the dates, the lines as a table whose header repeats on every page and whose
/// descriptions wrap, the totals, the value we add, the named references, the validity note, and
/// "page i of n" at the foot of every page. It prints only what the document holds, and the
/// document holds nothing the customer may not read.
/// </summary>
public sealed class QuoteDocumentPdf : IDisposable
{
    private const double PageHeight = 841.89;
    private const double Left = 50;
    private const double Right = 545.28;
    private const double Top = 50;
    private const double Bottom = 785;
    private const double Width = Right - Left;
    private const double CellPadding = 3;

    // #, SKU, description, quantity, unit price, discount, amount: 495 points in all.
    private static readonly double[] Columns = [20, 80, 133, 56, 74, 46, 86];
    private static readonly bool[] Numeric = [true, false, false, true, true, true, true];

    private static readonly XBrush Ink = XBrushes.Black;
    private static readonly XBrush Muted = new XSolidBrush(XColor.FromArgb(85, 85, 85));
    private static readonly XBrush Alert = new XSolidBrush(XColor.FromArgb(170, 30, 30));
    private static readonly XBrush HeaderFill = new XSolidBrush(XColor.FromArgb(232, 236, 241));
    private static readonly XPen Rule = new(XColor.FromArgb(190, 190, 190), 0.5);
    private static readonly XPen Strong = new(XColor.FromArgb(60, 60, 60), 1);

    private readonly QuoteDocument _d;
    private readonly PdfDocument _pdf = new();
    private readonly XFont _body;
    private readonly XFont _bold;
    private readonly XFont _small;
    private readonly XFont _heading;
    private readonly XFont _title;
    private readonly XFont _company;
    private XGraphics _g = null!;
    private double _y;

    private QuoteDocumentPdf(QuoteDocument document, PdfFontChoice font)
    {
        _d = document;
        var options = new XPdfFontOptions(PdfFontEncoding.Unicode);
        _body = new XFont(font.Family, 8.5, XFontStyleEx.Regular, options);
        _bold = new XFont(font.Family, 8.5, XFontStyleEx.Bold, options);
        _small = new XFont(font.Family, 7.5, XFontStyleEx.Regular, options);
        _heading = new XFont(font.Family, 11, XFontStyleEx.Bold, options);
        _title = new XFont(font.Family, 20, XFontStyleEx.Bold, options);
        _company = new XFont(font.Family, 13, XFontStyleEx.Bold, options);
    }

    /// <summary>The document as PDF bytes.</summary>
    public static byte[] Render(QuoteDocument document, PdfFontChoice font)
    {
        using var writer = new QuoteDocumentPdf(document, font);
        return writer.Write();
    }

    private byte[] Write()
    {
        _pdf.Info.Title = _d.Title;
        _pdf.Info.Author = _d.SupplierName;
        _pdf.Info.Subject = _d.Words.Quotation;
        NewPage();
        Header();
        Parties();
        if (_d.CustomerNote is { } note)
        {
            Paragraph(note, _body, Ink, Width);
            _y += 8;
        }
        LinesTable();
        Totals();
        ValuePropositions();
        References();
        _y += 10;
        Paragraph(_d.ValidityNote, _small, Muted, Width);
        Footers();
        using var stream = new MemoryStream();
        _pdf.Save(stream, false);
        return stream.ToArray();
    }

    private void NewPage()
    {
        _g?.Dispose();
        var page = _pdf.AddPage();
        page.Size = PageSize.A4;
        _g = XGraphics.FromPdfPage(page);
        _y = Top;
    }

    /// <summary>Starts a new page when <paramref name="height"/> more points do not fit on this one.</summary>
    private bool Room(double height)
    {
        if (_y + height <= Bottom)
        {
            return false;
        }
        NewPage();
        return true;
    }

    private void Header()
    {
        _g.DrawString(_d.Words.Quotation, _title, Ink, new XRect(Left, _y - 2, Width, 26), XStringFormats.TopRight);
        Text(_d.SupplierName, _company, Ink, Left, _y, Width - 170);
        _y += Height(_company) + 2;
        foreach (var line in _d.SupplierAddress)
        {
            Text(line, _small, Muted, Left, _y, Width - 170);
            _y += Height(_small);
        }
        if (_d.IsDraft)
        {
            _g.DrawString(_d.Words.Draft, _bold, Alert, new XRect(Left, Top + 26, Width, 12), XStringFormats.TopRight);
        }
        _y = Math.Max(_y, Top + 42) + 6;
        _g.DrawLine(Strong, Left, _y, Right, _y);
        _y += 12;
    }

    private void Parties()
    {
        var start = _y;
        var leftWidth = 260;
        Text(_d.Words.To, _small, Muted, Left, _y, leftWidth);
        _y += Height(_small) + 1;
        _y = Paragraph(_d.CustomerName, _bold, Ink, leftWidth, Left);
        if (_d.CustomerAddress is { } address)
        {
            _y = Paragraph(address, _body, Ink, leftWidth, Left);
        }
        var leftEnd = _y;

        _y = start;
        var x = Left + 300;
        var labels = new[] { _d.Words.QuoteVersion, _d.Words.Date, _d.Words.ValidUntil, _d.Words.Currency };
        var values = new[] { string.Format(_d.Words.Culture, _d.Words.VersionValue, _d.Version), _d.Date, _d.ValidUntil, _d.Currency };
        for (var i = 0; i < labels.Length; i++)
        {
            Text(labels[i], _body, Muted, x, _y, 90);
            _g.DrawString(values[i], _bold, Ink, new XRect(x + 90, _y, Right - x - 90, Height(_bold)), XStringFormats.TopRight);
            _y += Height(_body) + 2;
        }
        _y = Math.Max(leftEnd, _y) + 14;
    }

    private void LinesTable()
    {
        TableHeader();
        foreach (var line in _d.Lines)
        {
            var cells = new[]
            {
                line.Position.ToString(_d.Words.Culture), line.Sku, line.Description, $"{line.Quantity} {line.Unit}",
                line.UnitPrice, line.Discount, line.LineTotal,
            };
            var wrapped = cells.Select((c, i) => Wrap(c, _body, Columns[i] - 2 * CellPadding)).ToList();
            var height = wrapped.Max(w => w.Count) * Height(_body) + 2 * CellPadding;
            if (Room(height))
            {
                TableHeader();
            }
            Row(wrapped, _body, Ink);
            _y += height;
            _g.DrawLine(Rule, Left, _y, Right, _y);
        }
        _y += 8;
    }

    private void TableHeader()
    {
        var w = _d.Words;
        var labels = new[] { w.Position, w.Sku, w.Description, w.Quantity, w.UnitPrice, w.Discount, w.LineTotal };
        var wrapped = labels.Select((c, i) => Wrap(c, _bold, Columns[i] - 2 * CellPadding)).ToList();
        var height = wrapped.Max(x => x.Count) * Height(_bold) + 2 * CellPadding;
        Room(height + Height(_body) + 2 * CellPadding);
        _g.DrawRectangle(HeaderFill, Left, _y, Width, height);
        Row(wrapped, _bold, Ink);
        _y += height;
        _g.DrawLine(Strong, Left, _y, Right, _y);
    }

    private void Row(List<List<string>> cells, XFont font, XBrush brush)
    {
        var x = Left;
        for (var i = 0; i < cells.Count; i++)
        {
            var y = _y + CellPadding;
            foreach (var text in cells[i])
            {
                var rect = new XRect(x + CellPadding, y, Columns[i] - 2 * CellPadding, Height(font));
                _g.DrawString(text, font, brush, rect, Numeric[i] ? XStringFormats.TopRight : XStringFormats.TopLeft);
                y += Height(font);
            }
            x += Columns[i];
        }
    }

    private void Totals()
    {
        var rows = new List<(string Label, string Value, bool Strong)>();
        if (_d.HasDiscount)
        {
            rows.Add((_d.Words.Subtotal, _d.Subtotal, false));
            rows.Add((_d.Words.DiscountTotal, "-" + _d.DiscountTotal, false));
        }
        rows.Add((_d.Words.Total, _d.Total, true));
        Room(rows.Count * (Height(_bold) + 3) + 6);
        foreach (var (label, value, strong) in rows)
        {
            var font = strong ? _heading : _body;
            _g.DrawString(label, font, strong ? Ink : Muted, new XRect(Right - 300, _y, 170, Height(font)), XStringFormats.TopRight);
            _g.DrawString(value, font, Ink, new XRect(Right - 126, _y, 126 - CellPadding, Height(font)), XStringFormats.TopRight);
            _y += Height(font) + 3;
        }
        _y += 12;
    }

    private void ValuePropositions()
    {
        if (_d.ValuePropositions.Count == 0)
        {
            return;
        }
        Heading(_d.Words.ValueHeading);
        foreach (var v in _d.ValuePropositions)
        {
            Room(Height(_bold) + 2 * Height(_body));
            Text(v.Kind, _bold, Ink, Left, _y, Width);
            _y += Height(_bold);
            Paragraph(v.Description, _body, Ink, Width);
            if (v.Value is { } value)
            {
                Paragraph(value, _bold, Ink, Width);
            }
            if (v.Basis is { } basis)
            {
                Paragraph(basis, _small, Muted, Width);
            }
            _y += 6;
        }
        _y += 6;
    }

    private void References()
    {
        if (_d.References.Count == 0)
        {
            return;
        }
        Heading(_d.Words.ReferencesHeading);
        foreach (var r in _d.References)
        {
            Room(Height(_bold) + 2 * Height(_body));
            Paragraph($"{r.Title} — {r.Customer}", _bold, Ink, Width);
            if (r.Outcome is { } outcome)
            {
                Paragraph(outcome, _body, Ink, Width);
            }
            _y += 6;
        }
    }

    private void Heading(string text)
    {
        // A heading never ends a page: it keeps at least two lines of what follows with it.
        Room(Height(_heading) + 3 * Height(_body) + 6);
        Text(text, _heading, Ink, Left, _y, Width);
        _y += Height(_heading) + 2;
        _g.DrawLine(Rule, Left, _y, Right, _y);
        _y += 5;
    }

    private void Footers()
    {
        _g.Dispose();
        var count = _pdf.PageCount;
        var left = $"{_d.SupplierName} · {_d.Words.Quotation} · {_d.Words.QuoteVersion} {string.Format(_d.Words.Culture, _d.Words.VersionValue, _d.Version)}";
        for (var i = 0; i < count; i++)
        {
            using var g = XGraphics.FromPdfPage(_pdf.Pages[i]);
            var y = PageHeight - 38;
            g.DrawLine(Rule, Left, y - 4, Right, y - 4);
            g.DrawString(left, _small, Muted, new XRect(Left, y, Width - 120, Height(_small)), XStringFormats.TopLeft);
            g.DrawString(_d.Words.Page(i + 1, count), _small, Muted, new XRect(Right - 120, y, 120, Height(_small)), XStringFormats.TopRight);
        }
        _g = null!;
    }

    /// <summary>One line of text, cut to the width if it must be.</summary>
    private void Text(string text, XFont font, XBrush brush, double x, double y, double width)
    {
        var line = Wrap(text, font, width).FirstOrDefault() ?? "";
        _g.DrawString(line, font, brush, new XRect(x, y, width, Height(font)), XStringFormats.TopLeft);
    }

    /// <summary>Wrapped text from the left margin (or <paramref name="x"/>), breaking pages between lines; returns the new y.</summary>
    private double Paragraph(string text, XFont font, XBrush brush, double width, double x = Left)
    {
        foreach (var line in Wrap(text, font, width))
        {
            Room(Height(font));
            _g.DrawString(line, font, brush, new XRect(x, _y, width, Height(font)), XStringFormats.TopLeft);
            _y += Height(font);
        }
        return _y;
    }

    private static double Height(XFont font) => font.GetHeight() * 1.05;

    /// <summary>Lines that fit the width: broken between words, and inside a word only when it is wider than the line.</summary>
    private List<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (Measure(candidate, font) <= width)
                {
                    line = candidate;
                    continue;
                }
                if (line.Length > 0)
                {
                    lines.Add(line);
                    line = "";
                }
                var elements = StringInfo.GetTextElementEnumerator(word);
                while (elements.MoveNext())
                {
                    var piece = elements.GetTextElement();
                    if (line.Length > 0 && Measure(line + piece, font) > width)
                    {
                        lines.Add(line);
                        line = "";
                    }
                    line += piece;
                }
            }
            lines.Add(line);
        }
        return lines;
    }

    private double Measure(string text, XFont font) => _g.MeasureString(text, font).Width;

    public void Dispose()
    {
        _g?.Dispose();
        _pdf.Dispose();
    }
}
