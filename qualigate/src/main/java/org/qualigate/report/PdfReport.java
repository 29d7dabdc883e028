package org.qualigate.report;

import com.lowagie.text.Chunk;
import com.lowagie.text.Document;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.FontFactory;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.ColumnText;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfPageEventHelper;
import com.lowagie.text.pdf.PdfWriter;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * A plain A4 landscape PDF for people who print and sign: a title block, sections with tables that repeat
 * their header on every page, and a footer naming the document and "page N" on each page.
 */
public final class PdfReport {

    private static final Font TITLE = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 16);
    private static final Font HEADING = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 11);
    private static final Font TEXT = FontFactory.getFont(FontFactory.HELVETICA, 9);
    private static final Font SMALL = FontFactory.getFont(FontFactory.HELVETICA, 7.5f);
    private static final Font HEAD_CELL = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 8, Color.WHITE);
    private static final Color HEADER_FILL = new Color(0x2f, 0x4f, 0x6f);
    private static final Color STRIPE = new Color(0xf1, 0xf4, 0xf7);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Document document = new Document(PageSize.A4.rotate(), 36, 36, 36, 42);

    public PdfReport(String title, String footer) {
        PdfWriter writer = PdfWriter.getInstance(document, out);
        writer.setPageEvent(new PdfPageEventHelper() {
            @Override
            public void onEndPage(PdfWriter w, Document d) {
                ColumnText.showTextAligned(
                        w.getDirectContent(),
                        Element.ALIGN_LEFT,
                        new Phrase(footer, SMALL),
                        d.left(),
                        d.bottom() - 20,
                        0);
                ColumnText.showTextAligned(
                        w.getDirectContent(),
                        Element.ALIGN_RIGHT,
                        new Phrase("page " + w.getPageNumber(), SMALL),
                        d.right(),
                        d.bottom() - 20,
                        0);
            }
        });
        document.addTitle(title);
        document.addCreator("Qualigate");
        document.open();
        document.add(new Paragraph(title, TITLE));
    }

    /** Label-value lines under the title (period, generated at, by whom, chain status). */
    public PdfReport facts(List<String[]> facts) {
        PdfPTable t = new PdfPTable(new float[] {1.2f, 6f});
        t.setWidthPercentage(70);
        t.setHorizontalAlignment(Element.ALIGN_LEFT);
        t.setSpacingBefore(8);
        for (String[] f : facts) {
            t.addCell(plain(f[0], HEADING));
            t.addCell(plain(f[1], TEXT));
        }
        document.add(t);
        return this;
    }

    public PdfReport heading(String text) {
        Paragraph p = new Paragraph(text, HEADING);
        p.setSpacingBefore(12);
        p.setSpacingAfter(4);
        document.add(p);
        return this;
    }

    /** A warning in bold before what it qualifies; nothing when there is none. */
    public PdfReport warning(@org.jspecify.annotations.Nullable String text) {
        if (text != null) {
            Paragraph p = new Paragraph(text, HEADING);
            p.setSpacingBefore(8);
            document.add(p);
        }
        return this;
    }

    public PdfReport paragraph(String text) {
        document.add(new Paragraph(text, TEXT));
        return this;
    }

    /** A table whose header repeats on each page; relative column widths. */
    public PdfReport table(String[] header, float[] widths, List<String[]> rows) {
        PdfPTable t = new PdfPTable(widths);
        t.setWidthPercentage(100);
        t.setHeaderRows(1);
        for (String h : header) {
            PdfPCell c = new PdfPCell(new Phrase(h, HEAD_CELL));
            c.setBackgroundColor(HEADER_FILL);
            c.setPadding(4);
            t.addCell(c);
        }
        int i = 0;
        for (String[] row : rows) {
            for (String cell : row) {
                PdfPCell c = new PdfPCell(new Phrase(cell, SMALL));
                c.setPadding(3);
                c.setBorderColor(Color.LIGHT_GRAY);
                if (i % 2 == 1) {
                    c.setBackgroundColor(STRIPE);
                }
                t.addCell(c);
            }
            i++;
        }
        if (rows.isEmpty()) {
            PdfPCell c = new PdfPCell(new Phrase("none", SMALL));
            c.setColspan(header.length);
            c.setPadding(4);
            t.addCell(c);
        }
        document.add(t);
        return this;
    }

    /**
     * The electronic signatures on the records this document shows (21 CFR 11.50: printed name, date and
     * time with zone, meaning), one line each; an empty box says that none of its records is signed, so no
     * reader takes an empty box for a signed one.
     */
    public PdfReport signatures(List<String> lines) {
        PdfPTable t = new PdfPTable(1);
        t.setWidthPercentage(100);
        t.setSpacingBefore(12);
        // the heading and its box stay on one page
        t.setKeepTogether(true);
        PdfPCell title = new PdfPCell(new Phrase("Electronic signatures on these records", HEADING));
        title.setBorder(Rectangle.NO_BORDER);
        title.setPaddingBottom(4);
        t.addCell(title);
        PdfPCell c = new PdfPCell();
        c.setPadding(8);
        c.setBorder(Rectangle.BOX);
        if (lines.isEmpty()) {
            c.addElement(new Paragraph(
                    "None of the records in this document carries an electronic signature. The document's "
                            + "integrity rests on the SHA-256 shown in Qualigate beside the stored file and on the "
                            + "audit trail's hash chain.",
                    TEXT));
        } else {
            lines.forEach(l -> c.addElement(new Paragraph(l, TEXT)));
        }
        t.addCell(c);
        document.add(t);
        return this;
    }

    public byte[] finish() {
        document.close();
        return out.toByteArray();
    }

    private static PdfPCell plain(String text, Font font) {
        PdfPCell c = new PdfPCell(new Phrase(new Chunk(text, font)));
        c.setBorder(Rectangle.NO_BORDER);
        c.setPadding(2);
        return c;
    }
}
