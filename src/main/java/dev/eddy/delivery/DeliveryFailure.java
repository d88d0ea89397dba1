package dev.eddy.delivery;

/**
 * A failed delivery attempt, with the reason to log (an HTTP status, a function error, no answer).
 * A permanent failure is not retried: the entry goes straight to its handler's last step.
 */
public final class DeliveryFailure extends RuntimeException {
    private final boolean retryable;
    private final boolean attempted;

    public DeliveryFailure(String reason) {
        this(reason, true);
    }

    public DeliveryFailure(String reason, boolean retryable) {
        this(reason, retryable, true);
    }

    private DeliveryFailure(String reason, boolean retryable, boolean attempted) {
        super(reason, null, false, false);
        this.retryable = retryable;
        this.attempted = attempted;
    }

    /** The destination was never tried (no connection to it was free in time): not a failed attempt. */
    public static DeliveryFailure notAttempted(String reason) {
        return new DeliveryFailure(reason, true, false);
    }

    public boolean attempted() {
        return attempted;
    }

    public boolean retryable() {
        return retryable;
    }
}
