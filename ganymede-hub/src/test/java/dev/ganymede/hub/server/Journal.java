package dev.ganymede.hub.server;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The order in which the fakes saw things happen, shared by store, route table and spawner. */
final class Journal {
  private final List<String> entries = new CopyOnWriteArrayList<>();

  void add(String entry) {
    entries.add(entry);
  }

  List<String> entries() {
    return List.copyOf(entries);
  }

  /** Index of the first entry equal to {@code entry}, or -1. */
  int indexOf(String entry) {
    return entries.indexOf(entry);
  }
}
