package dev.ganymede.proxy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Splits request paths and route prefixes into the segments the route trie is keyed by.
 *
 * <p>Both sides are compared after percent-decoding (configurable-http-proxy decodes the request
 * path and the route key too), except that {@code %2F} stays encoded so that an escaped slash never
 * creates a segment boundary. Invalid escapes or invalid UTF-8 leave the segment as it was written.
 */
final class PathSegments {
  private PathSegments() {}

  /** Where the path part of a request target ends: at {@code ?}, {@code #} or the end. */
  static int pathEnd(String path) {
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '?' || c == '#') {
        return i;
      }
    }
    return path.length();
  }

  /** The segment {@code path[from, to)}, decoded; allocates only the segment string. */
  static String segment(String path, int from, int to) {
    for (int i = from; i < to; i++) {
      if (path.charAt(i) == '%') {
        return decode(path, from, to);
      }
    }
    return path.substring(from, to);
  }

  /**
   * The canonical form of a normalised prefix: every segment decoded as {@link #segment} does,
   * joined again with {@code /}. Two prefixes that reach the same trie node have the same canonical
   * form.
   */
  static String canonical(String normalizedPrefix) {
    if (normalizedPrefix.indexOf('%') < 0) {
      return normalizedPrefix;
    }
    StringBuilder out = new StringBuilder(normalizedPrefix.length());
    int start = 1;
    while (start <= normalizedPrefix.length()) {
      int end = normalizedPrefix.indexOf('/', start);
      if (end < 0) {
        end = normalizedPrefix.length();
      }
      out.append('/').append(segment(normalizedPrefix, start, end));
      start = end + 1;
    }
    return out.toString();
  }

  private static String decode(String path, int from, int to) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
    int i = from;
    while (i < to) {
      char c = path.charAt(i);
      if (c == '%') {
        if (i + 2 >= to) {
          return path.substring(from, to);
        }
        int hi = Character.digit(path.charAt(i + 1), 16);
        int lo = Character.digit(path.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return path.substring(from, to);
        }
        int b = (hi << 4) | lo;
        if (b == '/') {
          bytes.writeBytes(new byte[] {'%', '2', 'F'});
        } else {
          bytes.write(b);
        }
        i += 3;
      } else if (c < 0x80) {
        bytes.write(c);
        i++;
      } else {
        int cp = path.codePointAt(i);
        bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(cp);
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      return path.substring(from, to);
    }
  }
}
