package io.advstream.pipeline.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The group an option is listed under in {@code --help} and written under in a configuration file
 * (Kafka, Job, Augmentation, Adversarial, Trainer, ...). On an options class it names the group of
 * all its options; on a field it moves that one option to another group.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.FIELD})
public @interface HelpGroup {
  String value();
}
