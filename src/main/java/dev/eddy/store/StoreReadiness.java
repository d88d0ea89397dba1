package dev.eddy.store;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness includes the store: a replica whose Redis is unreachable takes no traffic. */
@Readiness
@ApplicationScoped
public class StoreReadiness implements AsyncHealthCheck {
    private final QueueStore store;

    public StoreReadiness(QueueStore store) {
        this.store = store;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return store.ping()
                .ifNoItem().after(Duration.ofSeconds(2)).fail()
                .map(v -> HealthCheckResponse.up("store"))
                .onFailure().recoverWithItem(e -> HealthCheckResponse.builder().name("store").down()
                        .withData("error", String.valueOf(e.getMessage())).build());
    }
}
