package io.advstream.app.report;

import java.util.List;

/**
 * The report as blocks, rendered the same way to Markdown and to HTML so that both show the same
 * tables. Text is plain (renderers escape it).
 */
record ReportDocument(String title, List<Block> blocks) {
  public ReportDocument {
    blocks = List.copyOf(blocks);
  }

  /** A part of the report. */
  public sealed interface Block permits Heading, Paragraph, Bullets, Table, Figure {}

  public record Heading(int level, String text) implements Block {}

  public record Paragraph(String text) implements Block {}

  public record Bullets(List<String> items) implements Block {
    public Bullets {
      items = List.copyOf(items);
    }
  }

  /**
   * A table; {@code footnotes} are printed under it. The first {@code textColumns} columns hold
   * text (left-aligned), the others numbers (right-aligned).
   */
  public record Table(
      List<String> header, List<List<String>> rows, List<String> footnotes, int textColumns)
      implements Block {
    public Table {
      header = List.copyOf(header);
      rows = rows.stream().map(List::copyOf).toList();
      footnotes = List.copyOf(footnotes);
    }
  }

  /** A plot: {@code file} is relative to the report ("plots/side-by-side.png"). */
  public record Figure(String file, String title) implements Block {}
}
