package dev.ganymede.hub.server;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * The permits of {@code spawner.concurrentSpawns}: at most that many spawner starts run at once;
 * the others wait in first-come, first-served order and learn how many starts are ahead of them.
 *
 * <p>Thread-safe. Built on a {@link ReentrantLock}, so that thousands of waiting virtual threads
 * never pin their carriers (as {@code Object.wait} does before JDK 24).
 *
 * <pre>{@code
 * queue.acquire(ahead -> run.publish(...));   // blocks until a permit is free
 * try { spawner.start(...); } finally { queue.release(); }
 * }</pre>
 */
final class SpawnQueue {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Deque<Waiter> waiting = new ArrayDeque<>(); // guarded by lock
  private int free; // guarded by lock

  private static final class Waiter {
    int ahead; // guarded by the queue's lock
    boolean granted; // guarded by the queue's lock
  }

  SpawnQueue(int permits) {
    if (permits < 1) {
      throw new IllegalArgumentException("permits must be at least 1: " + permits);
    }
    this.free = permits;
  }

  /**
   * Takes a permit, waiting behind the starts that asked before. When it has to wait, {@code
   * onAhead} is called with the number of starts ahead in the queue, first at once and then
   * whenever it changes; it runs on this thread without the queue's lock held.
   *
   * @throws InterruptedException if the thread is interrupted while waiting; the place in the queue
   *     is given up and no permit is held
   */
  void acquire(IntConsumer onAhead) throws InterruptedException {
    Waiter me = new Waiter();
    lock.lock();
    try {
      if (waiting.isEmpty() && free > 0) {
        free--;
        return;
      }
      me.ahead = waiting.size();
      waiting.addLast(me);
    } finally {
      lock.unlock();
    }
    int told = -1;
    while (true) {
      int ahead;
      lock.lock();
      try {
        while (!me.granted && me.ahead == told) {
          changed.await();
        }
        if (me.granted) {
          return;
        }
        ahead = me.ahead;
      } catch (InterruptedException e) {
        leave(me);
        throw e;
      } finally {
        lock.unlock();
      }
      onAhead.accept(ahead);
      told = ahead;
    }
  }

  /** Returns a permit: the longest waiting start gets it, or it becomes free. */
  void release() {
    lock.lock();
    try {
      Waiter next = waiting.pollFirst();
      if (next == null) {
        free++;
        return;
      }
      next.granted = true;
      renumber();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** How many starts wait for a permit. */
  int waiting() {
    lock.lock();
    try {
      return waiting.size();
    } finally {
      lock.unlock();
    }
  }

  /** Called with the lock held by a waiter that was interrupted. */
  private void leave(Waiter me) {
    if (me.granted) {
      // granted just as it was interrupted: pass the permit on
      Waiter next = waiting.pollFirst();
      if (next == null) {
        free++;
      } else {
        next.granted = true;
      }
    } else {
      waiting.remove(me);
    }
    renumber();
    changed.signalAll();
  }

  private void renumber() {
    int ahead = 0;
    for (Waiter waiter : waiting) {
      waiter.ahead = ahead++;
    }
  }
}
