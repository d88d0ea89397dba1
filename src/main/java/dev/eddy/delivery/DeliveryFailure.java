package dev.eddy.delivery;

/**
 * A failed delivery attempt, with the reason to log (an HTTP status, a function error, no answer).
 * A permanent failure is not retried: the entry goes straight to its handler's last step.
 */
public final class DeliveryFailure extends RuntimeException {
    private final boolean retryable;

    public DeliveryFailure(String reason) {
        this(reason, true);
    }

    public DeliveryFailure(String reason, boolean retryable) {
        super(reason, null, false, false);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
