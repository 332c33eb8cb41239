package dev.ganymede.hub.account;

import java.security.SecureRandom;

/** Generated passwords to read out or copy: no 0/O/o, 1/l/I. Thread-safe. */
final class OneTimePasswords {

  static final int LENGTH = 20;

  /** 56 symbols: 20 of them carry about 116 bits. */
  static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

  private static final SecureRandom RANDOM = new SecureRandom();

  private OneTimePasswords() {}

  static String generate() {
    StringBuilder password = new StringBuilder(LENGTH);
    for (int i = 0; i < LENGTH; i++) {
      password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return password.toString();
  }
}
