package io.advstream.app.report;

import io.advstream.app.report.ReportDocument.Block;
import io.advstream.app.report.ReportDocument.Bullets;
import io.advstream.app.report.ReportDocument.Figure;
import io.advstream.app.report.ReportDocument.Heading;
import io.advstream.app.report.ReportDocument.Paragraph;
import io.advstream.app.report.ReportDocument.Table;
import java.util.List;
import java.util.stream.Collectors;

/** report.md: GitHub-flavoured Markdown, plots referenced as files beside it. */
final class MarkdownRenderer {
  private MarkdownRenderer() {}

  static String render(ReportDocument doc) {
    StringBuilder md = new StringBuilder("# ").append(doc.title()).append("\n\n");
    for (Block block : doc.blocks()) {
      int start = md.length();
      if (block instanceof Heading h) {
        md.append("#".repeat(h.level())).append(' ').append(h.text());
      } else if (block instanceof Paragraph p) {
        md.append(p.text());
      } else if (block instanceof Bullets b) {
        md.append(b.items().stream().map(i -> "- " + i).collect(Collectors.joining("\n")));
      } else if (block instanceof Table t) {
        table(md, t);
      } else if (block instanceof Figure f) {
        md.append("![").append(f.title()).append("](").append(f.file()).append(')');
      }
      // every block ends in exactly one blank line, whatever it ended with
      while (md.length() > start && md.charAt(md.length() - 1) == '\n') {
        md.setLength(md.length() - 1);
      }
      md.append("\n\n");
    }
    return md.toString().stripTrailing() + "\n";
  }

  private static void table(StringBuilder md, Table t) {
    row(md, t.header());
    md.append('|');
    for (int i = 0; i < t.header().size(); i++) {
      md.append(i < t.textColumns() ? " --- |" : " ---: |");
    }
    md.append('\n');
    t.rows().forEach(r -> row(md, r));
    if (!t.footnotes().isEmpty()) {
      md.append('\n').append(String.join("  \n", t.footnotes()));
    }
  }

  private static void row(StringBuilder md, List<String> cells) {
    md.append('|');
    cells.forEach(c -> md.append(' ').append(c.replace("|", "\\|")).append(" |"));
    md.append('\n');
  }
}
