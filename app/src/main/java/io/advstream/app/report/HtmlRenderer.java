package io.advstream.app.report;

import io.advstream.app.report.ReportDocument.Block;
import io.advstream.app.report.ReportDocument.Bullets;
import io.advstream.app.report.ReportDocument.Figure;
import io.advstream.app.report.ReportDocument.Heading;
import io.advstream.app.report.ReportDocument.Paragraph;
import io.advstream.app.report.ReportDocument.Table;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * report.html: one self-contained file (inline style, plots as base64 data URIs), so it can be
 * mailed or archived without its folder and opened offline.
 */
final class HtmlRenderer {
  private static final String STYLE =
      "body{font-family:sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222}"
          + "table{border-collapse:collapse;margin:1em 0;font-size:14px}"
          + "th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}"
          + ".text{text-align:left}"
          + "th{background:#f2f2f2}.notes{font-size:13px;color:#555}"
          + "img{max-width:100%;border:1px solid #eee}";

  private HtmlRenderer() {}

  /** {@code png} gives the bytes of a figure's file. */
  static String render(ReportDocument doc, Function<String, byte[]> png) {
    StringBuilder html =
        new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .append("<title>")
            .append(escape(doc.title()))
            .append("</title>\n<style>")
            .append(STYLE)
            .append("</style>\n</head>\n<body>\n<h1>")
            .append(escape(doc.title()))
            .append("</h1>\n");
    for (Block block : doc.blocks()) {
      if (block instanceof Heading h) {
        html.append("<h").append(h.level()).append('>').append(escape(h.text()));
        html.append("</h").append(h.level()).append(">\n");
      } else if (block instanceof Paragraph p) {
        html.append("<p>").append(escape(p.text())).append("</p>\n");
      } else if (block instanceof Bullets b) {
        html.append("<ul>\n");
        b.items().forEach(i -> html.append("<li>").append(escape(i)).append("</li>\n"));
        html.append("</ul>\n");
      } else if (block instanceof Table t) {
        table(html, t);
      } else if (block instanceof Figure f) {
        html.append("<figure><img alt=\"").append(escape(f.title()));
        html.append("\" src=\"data:image/png;base64,");
        html.append(Base64.getEncoder().encodeToString(png.apply(f.file())));
        html.append("\"><figcaption>").append(escape(f.title())).append("</figcaption></figure>\n");
      }
    }
    return html.append("</body>\n</html>\n").toString();
  }

  private static void table(StringBuilder html, Table t) {
    html.append("<table>\n<thead>");
    cells(html, "th", t.header(), t.textColumns());
    html.append("</thead>\n<tbody>\n");
    t.rows().forEach(r -> cells(html, "td", r, t.textColumns()));
    html.append("</tbody>\n</table>\n");
    if (!t.footnotes().isEmpty()) {
      html.append("<div class=\"notes\">");
      t.footnotes().forEach(f -> html.append("<p>").append(escape(f)).append("</p>"));
      html.append("</div>\n");
    }
  }

  private static void cells(StringBuilder html, String tag, List<String> cells, int textColumns) {
    html.append("<tr>");
    for (int i = 0; i < cells.size(); i++) {
      html.append('<').append(tag).append(i < textColumns ? " class=\"text\">" : ">");
      html.append(escape(cells.get(i))).append("</").append(tag).append('>');
    }
    html.append("</tr>\n");
  }

  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
