package io.advstream.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads CIFAR-10 binary batches ({@code data_batch_1.bin} … {@code data_batch_5.bin}, {@code
 * test_batch.bin}) as one source, in the order given.
 *
 * <p>Each record is a label byte and then 32×32 red, green and blue planes; the planes are
 * interleaved into HWC here. Batches must be uncompressed, because their record count comes from
 * their length, which is what lets the size be known up front.
 */
public final class CifarReader extends StreamingSource {
  static final int SIDE = 32;
  static final int PLANE_BYTES = SIDE * SIDE;
  static final int RECORD_BYTES = 1 + 3 * PLANE_BYTES;
  static final int CLASSES = 10;

  private record Batch(Path path, int records, Map<String, String> metadata) {}

  private final String split;
  private final List<Batch> batches;

  private CifarReader(String source, String split, List<Batch> batches, int size) {
    super(source, size);
    this.split = split;
    this.batches = batches;
  }

  /**
   * Opens batch files, checking that each holds whole records.
   *
   * @param source dataset name used in ids and {@link LabelledImage#source()}
   * @param split split name used in ids, e.g. {@code train}
   * @throws DatasetFormatException if a batch ends in a partial record or is gzipped
   */
  public static CifarReader open(List<Path> batchFiles, String source, String split)
      throws IOException {
    List<Batch> batches = new ArrayList<>();
    long size = 0;
    for (Path path : batchFiles) {
      int records = countRecords(path);
      batches.add(new Batch(path, records, Map.of("split", split, "file", fileName(path))));
      size += records;
    }
    if (size > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("too many CIFAR records: " + size);
    }
    return new CifarReader(source, split, List.copyOf(batches), (int) size);
  }

  private static int countRecords(Path path) throws IOException {
    try (DataFile file = DataFile.open(path)) {
      if (file.gzipped()) {
        throw file.error(0, "gzip-compressed CIFAR batch: decompress it first");
      }
    }
    long length = Files.size(path);
    long records = length / RECORD_BYTES;
    long partial = length % RECORD_BYTES;
    if (partial != 0) {
      throw new DatasetFormatException(
          path,
          records * RECORD_BYTES,
          DataFile.truncated("record " + records, RECORD_BYTES, partial)
              + " (file length "
              + length
              + " is not a multiple of "
              + RECORD_BYTES
              + ")");
    }
    return (int) records;
  }

  private static String fileName(Path path) {
    Path name = path.getFileName();
    return name == null ? path.toString() : name.toString();
  }

  @Override
  RecordReader openReader() {
    return new RecordReader() {
      private final byte[] record = new byte[RECORD_BYTES];
      private int batchIndex = -1;
      private int recordInBatch;
      private DataFile file;

      @Override
      public LabelledImage read(int index) throws IOException {
        while (file == null || recordInBatch == batches.get(batchIndex).records()) {
          nextBatch();
        }
        Batch batch = batches.get(batchIndex);
        long start = file.offset();
        file.readRecord(record, "record", recordInBatch, batch.records());
        String badLabel = badLabel(record, recordInBatch);
        if (badLabel != null) {
          throw file.error(start, badLabel);
        }
        recordInBatch++;
        return image(index, record, batch);
      }

      private void nextBatch() throws IOException {
        close();
        batchIndex++;
        recordInBatch = 0;
        file = DataFile.open(batches.get(batchIndex).path());
      }

      @Override
      public void close() throws IOException {
        if (file != null) {
          file.close();
          file = null;
        }
      }
    };
  }

  @Override
  RecordReader openIndexedReader() {
    return new RecordReader() {
      private final byte[] record = new byte[RECORD_BYTES];
      private final PositionalFile[] files = new PositionalFile[batches.size()];

      @Override
      public LabelledImage read(int index) throws IOException {
        int batchIndex = 0;
        int recordInBatch = index;
        while (recordInBatch >= batches.get(batchIndex).records()) {
          recordInBatch -= batches.get(batchIndex).records();
          batchIndex++;
        }
        Batch batch = batches.get(batchIndex);
        if (files[batchIndex] == null) {
          files[batchIndex] = PositionalFile.open(batch.path());
        }
        long start = (long) recordInBatch * RECORD_BYTES;
        files[batchIndex].read(record, start, "record " + recordInBatch + " of " + batch.records());
        String badLabel = badLabel(record, recordInBatch);
        if (badLabel != null) {
          throw files[batchIndex].error(start, badLabel);
        }
        return image(index, record, batch);
      }

      @Override
      public void close() throws IOException {
        IOException failure = null;
        for (PositionalFile file : files) {
          try {
            if (file != null) {
              file.close();
            }
          } catch (IOException e) {
            failure = e;
          }
        }
        if (failure != null) {
          throw failure;
        }
      }
    };
  }

  /** What is wrong with the record's label, or null if it is a class of CIFAR-10. */
  private static String badLabel(byte[] record, int recordInBatch) {
    int label = record[0] & 0xff;
    return label < CLASSES
        ? null
        : "label " + label + " of record " + recordInBatch + " is out of range 0.." + (CLASSES - 1);
  }

  private LabelledImage image(int index, byte[] record, Batch batch) {
    return new LabelledImage(
        indexedId(name(), split, index),
        name(),
        record[0] & 0xff,
        SIDE,
        SIDE,
        3,
        planarToInterleaved(record),
        batch.metadata());
  }

  /** CHW planes after the label byte to HWC: pixel p's R, G, B come from p in each plane. */
  private static byte[] planarToInterleaved(byte[] record) {
    byte[] pixels = new byte[3 * PLANE_BYTES];
    for (int p = 0; p < PLANE_BYTES; p++) {
      pixels[3 * p] = record[1 + p];
      pixels[3 * p + 1] = record[1 + PLANE_BYTES + p];
      pixels[3 * p + 2] = record[1 + 2 * PLANE_BYTES + p];
    }
    return pixels;
  }
}
