package io.advstream.app;

import io.advstream.pipeline.job.AugmentJobOptions;

/**
 * AugmentJob settings shared by {@code augment} and {@code demo}. The options themselves live in
 * the pipeline module, so the job jar's entry point parses exactly the options these commands take.
 */
final class JobOptions extends AugmentJobOptions {}
