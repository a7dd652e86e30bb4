package dev.flywheel.policy.filter.receipt;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Waiting for the receipt's threads: an interrupt neither cuts the wait short nor is lost. */
class UninterruptiblyTest {

  @Test
  void await_interruptedWhileWaiting_waitsOnUntilDoneAndRestoresTheInterrupt() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean interruptedAfter = new AtomicBoolean();
    Thread waiter = new Thread(() -> {
      Uninterruptibly.await(release::await);
      interruptedAfter.set(Thread.currentThread().isInterrupted());
    });
    waiter.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (waiter.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    waiter.interrupt();
    waiter.join(300);
    assertTrue(waiter.isAlive(), "still waiting after the interrupt");
    release.countDown();
    waiter.join(30_000);
    assertFalse(waiter.isAlive(), "done once released");
    assertTrue(interruptedAfter.get(), "the interrupt is restored");
  }

  @Test
  void await_notInterrupted_leavesTheFlagClear() {
    Uninterruptibly.await(() -> { });
    assertFalse(Thread.currentThread().isInterrupted());
  }

  @Test
  void await_waitFails_passesTheFailureOn() {
    ExecutionException failure = new ExecutionException("leaf", new IllegalStateException());
    ExecutionException thrown = assertThrows(ExecutionException.class, () -> Uninterruptibly.await(() -> {
      throw failure;
    }));
    assertSame(failure, thrown);
  }
}
