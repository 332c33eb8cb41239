package dev.ganymede.hub.config;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A block of IP addresses such as {@code 10.0.0.0/8} or {@code ::1/128}; a bare address is a block
 * of one. Immutable.
 */
public final class Cidr {
  private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f.:]+");

  private final byte[] network;
  private final int prefix;
  private final String text;

  private Cidr(byte[] network, int prefix, String text) {
    this.network = network;
    this.prefix = prefix;
    this.text = text;
  }

  /** The block {@code text} names, or empty if it is not an IP literal with an optional prefix. */
  public static Optional<Cidr> parse(String text) {
    Objects.requireNonNull(text, "text");
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    if (!LITERAL.matcher(address).matches()) {
      return Optional.empty(); // never resolve host names
    }
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
    int bits = bytes.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(text.substring(slash + 1));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
      if (prefix < 0 || prefix > bits) {
        return Optional.empty();
      }
    }
    return Optional.of(new Cidr(bytes, prefix, text));
  }

  /** Whether {@code address} (an IP literal) is in this block; other texts never are. */
  public boolean contains(String address) {
    Optional<Cidr> other = parse(address);
    if (other.isEmpty() || other.get().network.length != network.length) {
      return false;
    }
    int bits = network.length * 8;
    BigInteger mask =
        BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftRight(prefix).not();
    BigInteger mine = new BigInteger(1, network).and(mask);
    BigInteger theirs = new BigInteger(1, other.get().network).and(mask);
    return mine.equals(theirs);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c && c.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
