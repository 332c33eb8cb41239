package dev.ganymede.proxy;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.zip.CRC32;

/** Test data streams: deterministic chunks written with back-pressure, counted and checksummed. */
final class Streams {
  private static final byte[] TEMPLATE = new byte[1024 * 1024];

  static {
    new SplittableRandom(42).nextBytes(TEMPLATE);
  }

  private Streams() {}

  /** Chunk number {@code index}: random-looking bytes that differ from chunk to chunk. */
  static Buffer chunk(long index, int size) {
    byte[] bytes = new byte[size];
    int offset = (int) ((index * 7919) % (TEMPLATE.length - size));
    System.arraycopy(TEMPLATE, offset, bytes, 0, size);
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) (index >>> (8 * i));
    }
    return Buffer.buffer(bytes);
  }

  /**
   * Writes {@code total} bytes in chunks of {@code chunkSize} to {@code stream} on {@code context},
   * pausing whenever the stream's write queue is full; counts the bytes handed over in {@code sent}
   * and checksums them in {@code crc}. Completes once every chunk was handed over (it does not end
   * the stream).
   */
  static <S extends WriteStream<Buffer>> Future<Void> pump(
      Context context,
      S stream,
      long total,
      int chunkSize,
      AtomicLong sent,
      CRC32 crc,
      BiFunction<S, Buffer, Future<Void>> write) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> new Pump<>(stream, total, chunkSize, sent, crc, write, done).run());
    return done.future();
  }

  private static final class Pump<S extends WriteStream<Buffer>> {
    private final S stream;
    private final long total;
    private final int chunkSize;
    private final AtomicLong sent;
    private final CRC32 crc;
    private final BiFunction<S, Buffer, Future<Void>> write;
    private final Promise<Void> done;
    private long index;

    Pump(
        S stream,
        long total,
        int chunkSize,
        AtomicLong sent,
        CRC32 crc,
        BiFunction<S, Buffer, Future<Void>> write,
        Promise<Void> done) {
      this.stream = stream;
      this.total = total;
      this.chunkSize = chunkSize;
      this.sent = sent;
      this.crc = crc;
      this.write = write;
      this.done = done;
    }

    void run() {
      while (sent.get() < total) {
        if (stream.writeQueueFull()) {
          stream.drainHandler(v -> run());
          return;
        }
        int size = (int) Math.min(chunkSize, total - sent.get());
        Buffer data = chunk(index++, size);
        crc.update(data.getBytes());
        sent.addAndGet(size);
        write.apply(stream, data).onFailure(done::tryFail);
      }
      done.tryComplete();
    }
  }
}
