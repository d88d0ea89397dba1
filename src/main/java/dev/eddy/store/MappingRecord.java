package dev.eddy.store;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/**
 * An SQS event source mapping as stored.
 *
 * @param filterPatterns         the FilterCriteria patterns (JSON strings), empty for none
 * @param functionResponseTypes  empty, or {@code ReportBatchItemFailures}
 * @param maximumConcurrency     ScalingConfig.MaximumConcurrency, or null for Lambda's default
 * @param state                  {@code Enabled} or {@code Disabled}: where the mapping settles
 * @param lastModified           epoch seconds
 * @param minimumPollers         ProvisionedPollerConfig.MinimumPollers, or null without provisioned mode
 * @param maximumPollers         ProvisionedPollerConfig.MaximumPollers, or null without provisioned mode
 * @param metrics                MetricsConfig.Metrics: empty, or {@code EventCount}
 * @param tags                   the mapping's tags (ListTags, TagResource, UntagResource)
 */
@RegisterForReflection
public record MappingRecord(String uuid, String account, String region, String eventSourceArn, String functionArn,
                            int batchSize, int maximumBatchingWindowInSeconds, List<String> filterPatterns,
                            List<String> functionResponseTypes, Integer maximumConcurrency, String state,
                            String stateTransitionReason, double lastModified, Integer minimumPollers,
                            Integer maximumPollers, List<String> metrics, Map<String, String> tags) {

    public MappingRecord {
        filterPatterns = List.copyOf(filterPatterns);
        functionResponseTypes = List.copyOf(functionResponseTypes);
        // Mappings stored before these settings existed read them as absent.
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public MappingRecord withTags(Map<String, String> newTags) {
        return new MappingRecord(uuid, account, region, eventSourceArn, functionArn, batchSize,
                maximumBatchingWindowInSeconds, filterPatterns, functionResponseTypes, maximumConcurrency, state,
                stateTransitionReason, lastModified, minimumPollers, maximumPollers, metrics, newTags);
    }

    public boolean enabled() {
        return "Enabled".equals(state);
    }
}
