package dev.eddy.store.memory;

import dev.eddy.store.DeliveryOutbox;
import dev.eddy.store.DeliveryOutboxContract;

class MemoryDeliveryOutboxTest extends DeliveryOutboxContract {
    private final MemoryDeliveryOutbox outbox = new MemoryDeliveryOutbox();

    @Override
    protected DeliveryOutbox outbox() {
        return outbox;
    }
}
