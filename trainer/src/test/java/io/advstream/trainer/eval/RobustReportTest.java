package io.advstream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.advstream.augment.corrupt.Corruption;
import io.advstream.trainer.eval.RobustReport.AdversarialSummary;
import io.advstream.trainer.eval.RobustReport.AttackResult;
import io.advstream.trainer.eval.RobustReport.Clean;
import io.advstream.trainer.eval.RobustReport.Convergence;
import io.advstream.trainer.eval.RobustReport.CorruptionSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RobustReportTest {
  @TempDir Path tmp;

  static RobustReport sample(Double mce) {
    Map<String, List<Double>> perCorruption = new LinkedHashMap<>();
    for (Corruption c : Corruption.values()) {
      perCorruption.put(c.id(), List.of(0.9, 0.8, 0.7, 0.6, 0.5 - c.ordinal() / 100.0));
    }
    double eps = 8 / 255.0;
    return new RobustReport(
        "runs/x/export",
        "resnet8",
        "main",
        "test",
        0,
        new Clean(10000, 0.9123),
        new CorruptionSummary(2000, perCorruption, 0.83, mce),
        new AdversarialSummary(
            1000,
            List.of(
                new AttackResult(
                    "fgsm:eps=8/255,step=8/255,iters=1,random-start=0,target=none,bn=eval",
                    "fgsm",
                    eps,
                    1,
                    1,
                    0.41),
                new AttackResult(
                    "pgd-linf:eps=8/255,step=2/255,iters=10,random-start=1,target=none,bn=eval",
                    "pgd-linf",
                    eps,
                    10,
                    1,
                    0.30)),
            Convergence.of(eps, 10, 0.30, 0.29)),
        42.1);
  }

  @Test
  void roundTripsThroughAFile() {
    RobustReport report = sample(0.97);
    Path file = report.write(tmp.resolve("out/robust.json"));

    assertThat(RobustReport.read(file)).isEqualTo(report);
    assertThat(RobustReport.read(sample(null).write(tmp.resolve("b.json"))))
        .isEqualTo(sample(null));
  }

  @Test
  void hasExactlyTheAgreedFieldsInOrder() throws Exception {
    JsonNode root = new ObjectMapper().readTree(sample(null).toJson());

    assertThat(names(root))
        .containsExactly(
            "model",
            "architecture",
            "bnSet",
            "split",
            "seed",
            "clean",
            "corruptions",
            "adversarial",
            "seconds");
    assertThat(names(root.get("clean"))).containsExactly("images", "accuracy");
    assertThat(names(root.get("corruptions")))
        .containsExactly("images", "perCorruption", "meanAccuracy", "mce");
    assertThat(root.get("corruptions").get("mce").isNull()).isTrue();
    assertThat(names(root.get("corruptions").get("perCorruption")))
        .containsExactlyElementsOf(
            java.util.Arrays.stream(Corruption.values()).map(Corruption::id).toList());
    assertThat(root.get("corruptions").get("perCorruption").get("gaussian-noise").size())
        .isEqualTo(5);
    assertThat(names(root.get("adversarial"))).containsExactly("images", "results", "convergence");
    assertThat(names(root.get("adversarial").get("results").get(0)))
        .containsExactly("attack", "kind", "eps", "iterations", "restarts", "accuracy");
    assertThat(names(root.get("adversarial").get("convergence")))
        .containsExactly("eps", "pgdK", "pgd50", "converged", "headline");
    assertThat(root.get("adversarial").get("convergence").get("headline").asText())
        .isEqualTo("pgd-10");
    assertThat(root.get("seed").isIntegralNumber()).isTrue();
  }

  @Test
  void convergenceJudgesBothWays() {
    Convergence close = Convergence.of(0.03, 10, 0.30, 0.295);
    assertThat(close.converged()).isTrue();
    assertThat(close.headline()).isEqualTo("pgd-10");
    assertThat(close.headlineAccuracy()).isEqualTo(0.30);

    Convergence onePoint = Convergence.of(0.03, 10, 0.30, 0.29);
    assertThat(onePoint.converged()).as("exactly one point apart").isTrue();

    Convergence far = Convergence.of(0.03, 10, 0.30, 0.25);
    assertThat(far.converged()).isFalse();
    assertThat(far.headline()).isEqualTo("pgd-50");
    assertThat(far.headlineAccuracy()).isEqualTo(0.25);

    Convergence weakerLongAttack = Convergence.of(0.03, 5, 0.25, 0.30);
    assertThat(weakerLongAttack.converged()).isFalse();
    assertThat(weakerLongAttack.headline()).as("the stronger one").isEqualTo("pgd-5");
    assertThat(weakerLongAttack.headlineAccuracy()).isEqualTo(0.25);
  }

  @Test
  void namesTheFileThatIsNoReport() throws Exception {
    Path file = Files.writeString(tmp.resolve("other.json"), "{\"model\": [1]}");

    assertThatThrownBy(() -> RobustReport.read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("other.json is not a robust report");
  }

  @Test
  void namesTheSectionAReportLacks() {
    assertThatThrownBy(() -> RobustReport.fromJson("{\"model\": \"x\", \"clean\": {}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a robust report")
        .hasMessageContaining("lacks corruptions");
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
