package dev.eddy.common;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one clock of Eddy. Visibility, delays, retention and deduplication windows all read it, so
 * tests can move time forward instead of sleeping.
 */
@ApplicationScoped
public class EddyClock {
    private final AtomicLong offsetMillis = new AtomicLong();

    /** Epoch milliseconds. */
    public long now() {
        return System.currentTimeMillis() + offsetMillis.get();
    }

    /** Moves time forward (tests only; production never calls it). */
    public void advance(long millis) {
        offsetMillis.addAndGet(millis);
    }

    public void reset() {
        offsetMillis.set(0);
    }
}
