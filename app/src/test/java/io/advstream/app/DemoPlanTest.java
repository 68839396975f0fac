package io.advstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.advstream.pipeline.ingest.PassOrder;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What the demo runs for its options, and what it refuses before starting anything. */
class DemoPlanTest {
  private static DemoCommand parsed(String... args) {
    DemoCommand demo = new DemoCommand();
    new CommandLine(demo).parseArgs(args);
    return demo;
  }

  private static DemoPlan plan(DemoCommand demo) {
    return DemoPlan.resolve(demo);
  }

  @Test
  void byDefaultThreeDomainsEachOnItsOwnBnSet() {
    DemoCommand demo = parsed();
    DemoPlan plan = plan(demo);

    assertThat(plan.produced())
        .containsExactly("clean", "autoaugment:" + DemoPlan.DEFAULT_POLICY, "adversarial");
    assertThat(demo.train.mode).isEqualTo("advprop");
    assertThat(demo.train.routing).isEqualTo("clean=main,adversarial=aux1,autoaugment=aux2");
    assertThat(demo.job.policies).containsExactly(DemoPlan.DEFAULT_POLICY);
    assertThat(demo.job.adversarial).isEqualTo(DemoPlan.DEFAULT_ATTACK);
    assertThat(demo.job.adversarialModel).isEqualTo(demo.train.model);
    assertThat(demo.train.snapshotEvery).isEqualTo(10);
    assertThat(demo.train.threads).as("the job's attack takes the other core").isEqualTo(1);
    assertThat(plan.images()).isEqualTo(DemoPlan.MISSION_IMAGES);
    assertThat(plan.feedAhead()).as("half a snapshot interval of batches").isEqualTo(5 * 128);
  }

  @Test
  void vanillaRunsCleanOnly() {
    DemoCommand demo = parsed("--mode", "vanilla");
    DemoPlan plan = plan(demo);

    assertThat(plan.produced()).containsExactly("clean");
    assertThat(demo.job.policies).isEmpty();
    assertThat(demo.job.adversarial).isNull();
    assertThat(plan.images()).isEqualTo(DemoPlan.VANILLA_IMAGES);
    assertThat(demo.train.threads).as("all cores: no attack in the job").isZero();
    assertThat(plan.feedAhead()).as("nothing to keep fresh: not paced").isEqualTo(-1);
  }

  @Test
  void theRoutingFollowsTheBranchesThatRun() {
    DemoCommand adversarialOnly = parsed("--policy", "none");
    plan(adversarialOnly);
    assertThat(adversarialOnly.train.routing).isEqualTo("clean=main,adversarial=aux1");

    DemoCommand inTrainer = parsed("--adv-source", "trainer", "--policy", "trivialwide");
    assertThat(plan(inTrainer).produced())
        .containsExactly("clean", "autoaugment:trivialwide", "adversarial");
    assertThat(inTrainer.job.adversarial).as("no attack in the job").isNull();
    assertThat(inTrainer.train.routing).isEqualTo("clean=main,adversarial=aux1,autoaugment=aux2");
  }

  @Test
  void refusesAnAttackInTheJobAndInTheTrainerAtOnce() {
    assertThatThrownBy(
            () -> plan(parsed("--adversarial", "fgsm:eps=4/255", "--adv-source", "trainer")))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--adversarial")
        .hasMessageContaining("--adv-source trainer")
        .hasMessageContaining("choose one");
  }

  @Test
  void refusesDomainsThatVanillaWouldIgnore() {
    assertThatThrownBy(() -> plan(parsed("--mode", "vanilla", "--policy", "trivialwide")))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--mode vanilla trains CLEAN samples only")
        .hasMessageContaining("--policy");
  }

  @Test
  void refusesARoutedDomainThatNothingProduces() {
    assertThatThrownBy(
            () -> plan(parsed("--policy", "none", "--routing", "clean=main,autoaugment=aux1")))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("routed domain 'autoaugment' has no samples")
        .hasMessageContaining("--policy POLICY");
  }

  @Test
  void refusesAProducedDomainThatTheRoutingLeavesOut() {
    assertThatThrownBy(() -> plan(parsed("--routing", "clean=main,adversarial=aux1")))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("does not route autoaugment:" + DemoPlan.DEFAULT_POLICY);
  }

  @Test
  void refusesOptionsTheDemoSetsItself() {
    assertThatThrownBy(() -> plan(parsed("--adversarial-model", "resnet20")))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--adversarial-model is not a demo option")
        .hasMessageContaining("--model");
    assertThatThrownBy(() -> plan(parsed("--samples-topic", "x")))
        .hasMessageContaining("--samples-topic is not a demo option");
  }

  @Test
  void refusesAFeedAheadSmallerThanABatch() {
    assertThatThrownBy(() -> plan(parsed("--feed-ahead", "10")))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--feed-ahead")
        .hasMessageContaining("'10'");
    assertThat(plan(parsed("--feed-ahead", "off")).feedAhead()).isEqualTo(-1);
  }

  @Test
  void theTrainerTakesOnePassOverTheImagesLessWhatTheShuffleBufferHoldsBack() {
    DemoCommand plain = parsed("--images", "3000", "--batch-size", "64");
    plan(plain);
    assertThat(plain.train.totalSteps).isEqualTo(46);
    assertThat(plain.train.warmupSteps).isEqualTo(9);

    DemoCommand shuffled =
        parsed("--images", "3000", "--batch-size", "64", "--shuffle-buffer", "256");
    plan(shuffled);
    assertThat(shuffled.train.totalSteps).as("(3000 - 256) / 64").isEqualTo(42);

    DemoCommand given = parsed("--images", "3000", "--shuffle-buffer", "256", "--total-steps", "7");
    plan(given);
    assertThat(given.train.totalSteps).isEqualTo(7);

    assertThatThrownBy(() -> plan(parsed("--images", "300", "--shuffle-buffer", "256")))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--images 300")
        .hasMessageContaining("--batch-size 128")
        .hasMessageContaining("--shuffle-buffer 256");
  }

  @Test
  void theFeedRunsAheadByTheShuffleBufferToo() {
    assertThat(plan(parsed("--shuffle-buffer", "300")).feedAhead())
        .as("the trainer holds 300 clean samples back")
        .isEqualTo(5 * 128 + 300);
    assertThatThrownBy(() -> plan(parsed("--shuffle-buffer", "300", "--feed-ahead", "400")))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("at least --batch-size (128) plus --shuffle-buffer (300)")
        .hasMessageContaining("'400'");
    assertThat(plan(parsed("--shuffle-buffer", "300", "--feed-ahead", "428")).feedAhead())
        .isEqualTo(428);
  }

  @Test
  void oneNameForTheSnapshotTopicAndModelMeansAnArchitecture() {
    CommandLine cli = new CommandLine(new Main());
    for (String command : new String[] {"demo", "augment", "train"}) {
      CommandLine sub = cli.getSubcommands().get(command);
      assertThat(sub.getCommandSpec().findOption("--snapshots-topic")).as(command).isNotNull();
      assertThat(sub.getCommandSpec().findOption("--snapshot-topic")).as(command).isNull();
    }
    for (String command : new String[] {"eval", "attack-preview"}) {
      CommandLine sub = cli.getSubcommands().get(command);
      assertThat(sub.getCommandSpec().findOption("--model")).as(command).isNull();
      assertThat(sub.getCommandSpec().findOption("--model-dir")).as(command).isNotNull();
    }
  }

  @Test
  void aSinglePassKeepsTheDatasetOrderAndALoopReshufflesEveryPass() {
    DemoCommand single = parsed();
    assertThat(plan(single).passOrder()).isEqualTo(PassOrder.datasetOrder());
    assertThat(single.shuffle.value).as("settled for the printed configuration").isEqualTo("none");

    DemoCommand looped = parsed("--loop");
    assertThat(plan(looped).passOrder()).isEqualTo(PassOrder.shuffled(ShuffleSeedOption.LOOP_SEED));
    assertThat(looped.shuffle.value).isEqualTo("0");

    assertThat(plan(parsed("--shuffle-seed", "42")).passOrder()).isEqualTo(PassOrder.shuffled(42));
    assertThat(plan(parsed("--loop", "--shuffle-seed", "None")).passOrder())
        .isEqualTo(PassOrder.datasetOrder());
    assertThat(plan(parsed("--loop", "--shuffle-seed", "-7")).passOrder())
        .isEqualTo(PassOrder.shuffled(-7));
  }

  @Test
  void refusesAShuffleSeedThatIsNoNumberNamingOptionAndValue() {
    assertThatThrownBy(() -> plan(parsed("--shuffle-seed", "1.5")))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessage("--shuffle-seed must be a whole number, none or auto, got '1.5'.");
  }
}
