package io.advstream.app.report;

import io.advstream.app.report.ReportDocument.Figure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Writes report.md, report.html and plots/*.png for a runs directory. */
public final class ReportFiles {
  public static final String MARKDOWN = "report.md";
  public static final String HTML = "report.html";

  private ReportFiles() {}

  /** What was written. */
  public record Written(Path markdown, Path html, List<Path> plots) {}

  public static Written write(ReportData data, Path outputDir) throws IOException {
    Files.createDirectories(outputDir);
    List<String> curveNotes = new ArrayList<>();
    var curves = TrainingCurves.meanOverSeeds(data.runs(), curveNotes);
    List<Figure> figures = ReportPlots.write(data, curves, outputDir);
    ReportDocument doc =
        ReportBuilder.build(
            data,
            figures,
            curveNotes,
            HardwareInfo.current(),
            Instant.now().truncatedTo(ChronoUnit.SECONDS));
    Path markdown = outputDir.resolve(MARKDOWN);
    Files.writeString(markdown, MarkdownRenderer.render(doc), StandardCharsets.UTF_8);
    Path html = outputDir.resolve(HTML);
    Files.writeString(
        html,
        HtmlRenderer.render(
            doc,
            file -> {
              try {
                return Files.readAllBytes(outputDir.resolve(file));
              } catch (IOException e) {
                throw new UncheckedIOException("cannot read the plot " + file, e);
              }
            }),
        StandardCharsets.UTF_8);
    return new Written(
        markdown, html, figures.stream().map(f -> outputDir.resolve(f.file())).toList());
  }
}
