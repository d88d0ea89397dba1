package dev.eddy.store;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * An SQS event source mapping as stored.
 *
 * @param filterPatterns         the FilterCriteria patterns (JSON strings), empty for none
 * @param functionResponseTypes  empty, or {@code ReportBatchItemFailures}
 * @param maximumConcurrency     ScalingConfig.MaximumConcurrency, or null for Lambda's default
 * @param state                  {@code Enabled} or {@code Disabled}: where the mapping settles
 * @param lastModified           epoch seconds
 */
@RegisterForReflection
public record MappingRecord(String uuid, String account, String region, String eventSourceArn, String functionArn,
                            int batchSize, int maximumBatchingWindowInSeconds, List<String> filterPatterns,
                            List<String> functionResponseTypes, Integer maximumConcurrency, String state,
                            String stateTransitionReason, double lastModified) {

    public MappingRecord {
        filterPatterns = List.copyOf(filterPatterns);
        functionResponseTypes = List.copyOf(functionResponseTypes);
    }

    public boolean enabled() {
        return "Enabled".equals(state);
    }
}
