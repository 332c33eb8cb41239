package dev.ganymede.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

/**
 * Chunked framing (RFC 9112, 7.1) of the bodies the Netty path relays: each piece of data becomes
 * one chunk (its size line, the data, CRLF) and the body ends with the last chunk and no trailers.
 * The framing bytes come from the channel's pooled allocator, so a chunk costs no garbage.
 */
final class Chunks {
  private static final ByteBuf LAST_CHUNK =
      Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(new byte[] {'0', '\r', '\n', '\r', '\n'}))
          .asReadOnly();

  private Chunks() {}

  /** The size line of a chunk of {@code length} (> 0) bytes: hex digits and CRLF. */
  static ByteBuf sizeLine(ByteBufAllocator alloc, int length) {
    ByteBuf line = alloc.buffer(10);
    int shift = (31 - Integer.numberOfLeadingZeros(length)) & ~3;
    for (; shift >= 0; shift -= 4) {
      line.writeByte(Character.forDigit((length >>> shift) & 0xf, 16));
    }
    return line.writeShort(0x0d0a);
  }

  /** The CRLF after a chunk's data. */
  static ByteBuf crlf(ByteBufAllocator alloc) {
    return alloc.buffer(2).writeShort(0x0d0a);
  }

  /** The last chunk, ending the body. */
  static ByteBuf last() {
    return LAST_CHUNK.duplicate();
  }
}
