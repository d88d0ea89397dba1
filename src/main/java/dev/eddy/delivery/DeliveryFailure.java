package dev.eddy.delivery;

/** A failed delivery attempt, with the reason to log (an HTTP status, a function error, no answer). */
public final class DeliveryFailure extends RuntimeException {

    public DeliveryFailure(String reason) {
        super(reason, null, false, false);
    }
}
