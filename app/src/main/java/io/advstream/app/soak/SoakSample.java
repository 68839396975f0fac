package io.advstream.app.soak;

import io.advstream.broker.HeapReport;

/**
 * One look at a running soak: how far each stage has got, how far behind its consumers are, and the
 * memory of each process.
 *
 * @param seconds since the soak's feed started
 * @param imagesSent images the feed has sent
 * @param jobRecordsIn records the job has read (valid and dead-lettered)
 * @param samplesTagged samples the job has emitted, all domains
 * @param samplesTrained samples the trainer has trained, all BN sets
 * @param jobLag records of the input topic the job's consumer group has not committed; -1 unknown
 * @param trainerLag committed samples the trainer's group has not committed; -1 unknown
 * @param advstreamRss resident memory of this process (job, trainer, feed), bytes
 * @param advstreamHeap this process's heap
 * @param brokerRss resident memory of the broker's process, bytes; 0 without an embedded broker
 * @param brokerHeap the broker's heap, or null when it has not reported one
 */
public record SoakSample(
    double seconds,
    long imagesSent,
    long jobRecordsIn,
    long samplesTagged,
    long samplesTrained,
    long jobLag,
    long trainerLag,
    long advstreamRss,
    HeapReport advstreamHeap,
    long brokerRss,
    HeapReport brokerHeap) {}
