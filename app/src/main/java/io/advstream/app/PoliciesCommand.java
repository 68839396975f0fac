package io.advstream.app;

import io.advstream.augment.ops.Ops;
import io.advstream.augment.policy.Policies;
import picocli.CommandLine.Command;

/** Lists the augmentation policy forms and the image ops. */
@Command(
    name = "policies",
    mixinStandardHelpOptions = true,
    description =
        "List the augmentation policy strings the system understands and the image ops they use.")
final class PoliciesCommand implements Runnable {
  @Override
  public void run() {
    System.out.println("Policies:");
    System.out.println(
        "  autoaugment:<table>       AutoAugment with the published imagenet, cifar10 or svhn sub-policies");
    System.out.println(
        "  rand-m<M>-n<N>[-mstd<S>]  RandAugment (timm): N ops of 15, each with p=0.5, magnitude M in 0..10 (default 10), N default 2, magnitude noise S");
    System.out.println(
        "  trivialwide               TrivialAugmentWide (torchvision): one of 14 ops at one of 31 magnitude bins");
    System.out.println("  examples: " + String.join(", ", Policies.EXAMPLES));
    System.out.println("Image ops (PIL semantics): " + String.join(", ", Ops.names()));
  }
}
