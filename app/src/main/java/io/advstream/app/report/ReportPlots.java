package io.advstream.app.report;

import io.advstream.app.report.ReportDocument.Figure;
import io.advstream.app.report.TrainingCurves.Curve;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's plots, drawn with XChart into PNG files under plots/. */
final class ReportPlots {
  static final int WIDTH = 1000;
  static final int HEIGHT = 560;
  static final String DIR = "plots";

  /** Most points a learning curve is drawn with; longer curves are thinned evenly. */
  private static final int MAX_POINTS = 1500;

  /** Tableau 10: distinguishable, and readable in print. */
  private static final Color[] PALETTE = {
    new Color(0x4E79A7),
    new Color(0xF28E2B),
    new Color(0xE15759),
    new Color(0x76B7B2),
    new Color(0x59A14F),
    new Color(0xEDC948),
    new Color(0xB07AA1),
    new Color(0xFF9DA7),
    new Color(0x9C755F),
    new Color(0xBAB0AC)
  };

  private ReportPlots() {}

  /** Draws every plot the data allows into {@code outputDir/plots} and returns them in order. */
  static List<Figure> write(ReportData data, Map<String, Map<String, Curve>> curves, Path outputDir)
      throws IOException {
    Path dir = outputDir.resolve(DIR);
    Files.createDirectories(dir);
    Map<String, Chart<?, ?>> charts = new LinkedHashMap<>();
    curves.forEach(
        (set, byVariant) ->
            charts.put("loss-" + fileName(set) + ".png", lossChart(data, set, byVariant)));
    sideBySide(data).ifPresent(c -> charts.put("side-by-side.png", c));
    attackerStrength(data).ifPresent(c -> charts.put("attacker-strength.png", c));
    accuracyVsWallClock(data).ifPresent(c -> charts.put("accuracy-vs-wallclock.png", c));
    List<Figure> figures = new ArrayList<>();
    for (Map.Entry<String, Chart<?, ?>> e : charts.entrySet()) {
      Files.write(
          dir.resolve(e.getKey()),
          BitmapEncoder.getBitmapBytes(e.getValue(), BitmapEncoder.BitmapFormat.PNG));
      figures.add(new Figure(DIR + "/" + e.getKey(), e.getValue().getTitle()));
    }
    return figures;
  }

  private static XYChart lossChart(ReportData data, String set, Map<String, Curve> byVariant) {
    XYChart chart =
        xy(
            "Training loss of BN set " + set + " (mean over seeds, smoothed)",
            "training step",
            "loss (cross-entropy, nats)");
    chart.getStyler().setMarkerSize(0);
    chart.getStyler().setXAxisDecimalPattern("#,##0");
    Map<String, double[][]> points = new LinkedHashMap<>();
    byVariant.forEach(
        (variant, curve) -> {
          double[] smoothed = TrainingCurves.smooth(curve.loss());
          int every = Math.max(1, (curve.steps().length + MAX_POINTS - 1) / MAX_POINTS);
          int n = (curve.steps().length + every - 1) / every;
          double[][] xy = new double[2][n];
          for (int i = 0; i < n; i++) {
            xy[0][i] = curve.steps()[i * every];
            xy[1][i] = smoothed[i * every];
          }
          points.put(variant, xy);
        });
    double[][] first = points.values().iterator().next();
    spanFirst(chart, first[0][0], first[0][first[0].length - 1], first[1][0]);
    points.forEach(
        (variant, xy) ->
            chart.addSeries(variant, xy[0], xy[1]).setLineColor(colour(data, variant)));
    return chart;
  }

  /**
   * XChart puts the ticks of an axis whose x values are evenly spaced on data points (step 1, 75,
   * 149, ...) rather than on round numbers. An invisible two-point series from the first to the
   * last step, added before the curves, makes the spacing uneven so the ticks come out round.
   */
  private static void spanFirst(XYChart chart, double from, double to, double y) {
    XYSeries span = chart.addSeries(" ", new double[] {from, to}, new double[] {y, y});
    span.setShowInLegend(false);
    span.setLineColor(new Color(0, 0, 0, 0));
    span.setMarker(SeriesMarkers.NONE);
  }

  /** The same colour for a variant in every plot, by its place in the grid. */
  private static Color colour(ReportData data, String variant) {
    int index = data.grid().variantNames().indexOf(variant);
    return PALETTE[Math.floorMod(index, PALETTE.length)];
  }

  /** Clean, mean corruption and headline PGD accuracy of the sideBySide variants, grouped bars. */
  private static Optional<CategoryChart> sideBySide(ReportData data) {
    List<Metric> metrics = new ArrayList<>(List.of(Metric.CLEAN, Metric.CORRUPTION_MEAN));
    data.headlinePgd().ifPresent(metrics::add);
    List<String> variants =
        data.grid().sideBySide().stream()
            .filter(v -> data.summary(v, Metric.CLEAN).n() > 0)
            .toList();
    // a category is drawn only when every variant shown has it, so bars stay comparable
    metrics.removeIf(m -> variants.stream().anyMatch(v -> data.summary(v, m).n() == 0));
    if (variants.isEmpty() || metrics.isEmpty()) {
      return Optional.empty();
    }
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title("Clean vs corrupted vs adversarial accuracy (mean ± std over seeds)")
            .xAxisTitle("evaluation")
            .yAxisTitle("top-1 accuracy (%)")
            .build();
    style(chart.getStyler());
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setErrorBarsColor(Color.DARK_GRAY);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(100.0);
    List<String> categories = metrics.stream().map(data::name).toList();
    for (String v : variants) {
      List<Double> means = new ArrayList<>();
      List<Double> stds = new ArrayList<>();
      for (Metric m : metrics) {
        Summary s = data.summary(v, m);
        means.add(100 * s.mean());
        stds.add(Double.isNaN(s.std()) ? 0 : 100 * s.std());
      }
      chart.addSeries(v, categories, means, stds).setFillColor(colour(data, v));
    }
    return Optional.of(chart);
  }

  /**
   * Clean accuracy against the training attack's ε, one line per (model, mode, iterations); only
   * when the grid's attacked variants differ in ε or iterations.
   */
  private static Optional<XYChart> attackerStrength(ReportData data) {
    Map<String, TreeMap<Double, String>> lines = new TreeMap<>();
    Set<String> settings = new HashSet<>();
    for (String variant : data.grid().variantNames()) {
      Optional<RunInfo> info =
          data.finishedRuns().stream()
              .filter(r -> r.variant().equals(variant))
              .map(FinishedRun::info)
              .findFirst();
      if (info.isEmpty() || info.get().attack() == null) {
        continue;
      }
      RunInfo.TrainingAttack attack = info.get().attack();
      settings.add(attack.eps().label() + "/" + attack.iterations());
      String line =
          info.get().model()
              + " "
              + info.get().mode()
              + " "
              + attack.kind()
              + "-"
              + attack.iterations();
      lines.computeIfAbsent(line, l -> new TreeMap<>()).put(attack.eps().value() * 255, variant);
    }
    if (settings.size() < 2) {
      return Optional.empty();
    }
    XYChart chart =
        xy(
            "Attacker strength: clean accuracy vs training ε (mean ± std over seeds)",
            "training attack ε (in 1/255)",
            "clean top-1 accuracy (%)");
    chart.getStyler().setErrorBarsColorSeriesColor(true);
    lines.forEach(
        (line, byEps) -> {
          int n = byEps.size();
          double[] x = new double[n];
          double[] y = new double[n];
          double[] err = new double[n];
          int i = 0;
          for (Map.Entry<Double, String> e : byEps.entrySet()) {
            Summary s = data.summary(e.getValue(), Metric.CLEAN);
            x[i] = e.getKey();
            y[i] = 100 * s.mean();
            err[i++] = Double.isNaN(s.std()) ? 0 : 100 * s.std();
          }
          chart.addSeries(line, x, y, err);
        });
    return Optional.of(chart);
  }

  /** One point per variant: what its accuracy cost in time. */
  private static Optional<XYChart> accuracyVsWallClock(ReportData data) {
    XYChart chart =
        xy(
            "Clean accuracy vs training wall-clock (mean over seeds)",
            "wall-clock per run (s)",
            "clean top-1 accuracy (%)");
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setMarkerSize(12);
    boolean any = false;
    for (String variant : data.grid().variantNames()) {
      Summary seconds = data.summary(variant, Metric.WALL_CLOCK);
      Summary clean = data.summary(variant, Metric.CLEAN);
      if (seconds.n() > 0 && clean.n() > 0) {
        chart
            .addSeries(variant, new double[] {seconds.mean()}, new double[] {100 * clean.mean()})
            .setMarkerColor(colour(data, variant));
        any = true;
      }
    }
    return any ? Optional.of(chart) : Optional.empty();
  }

  private static XYChart xy(String title, String xTitle, String yTitle) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle(yTitle)
            .build();
    style(chart.getStyler());
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    return chart;
  }

  private static void style(Styler styler) {
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setLegendBorderColor(Color.LIGHT_GRAY);
  }

  /** A BN set's name made safe for a file name. */
  private static String fileName(String set) {
    return set.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
