package dev.eddy.lambda;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/** The Lambda API subset Eddy serves, as records (REST-JSON, member names in upper camel case). */
public final class LambdaModel {
    private LambdaModel() {
    }

    @RegisterForReflection
    public record FunctionCode(byte[] zipFile, String s3Bucket, String s3Key, String imageUri) {
    }

    @RegisterForReflection
    public record Environment(Map<String, String> variables) {
    }

    @RegisterForReflection
    public record CreateFunctionRequest(String functionName, String runtime, String role, String handler,
                                        FunctionCode code, String description, Integer timeout, Integer memorySize,
                                        Environment environment, Map<String, String> tags, String packageType) {
    }

    @RegisterForReflection
    public record UpdateFunctionConfigurationRequest(String runtime, String role, String handler, String description,
                                                     Integer timeout, Integer memorySize, Environment environment) {
    }

    @RegisterForReflection
    public record FunctionConfiguration(String functionName, String functionArn, String runtime, String role,
                                        String handler, long codeSize, String description, int timeout,
                                        int memorySize, String lastModified, String codeSha256, String version,
                                        Environment environment, String state, String lastUpdateStatus,
                                        String packageType, List<String> architectures) {
    }

    @RegisterForReflection
    public record FunctionCodeLocation(String repositoryType, String location) {
    }

    @RegisterForReflection
    public record GetFunctionResult(FunctionConfiguration configuration, FunctionCodeLocation code,
                                    Map<String, String> tags) {
    }

    @RegisterForReflection
    public record ListFunctionsResult(List<FunctionConfiguration> functions, String nextMarker) {
    }

    @RegisterForReflection
    public record Filter(String pattern) {
    }

    @RegisterForReflection
    public record FilterCriteria(List<Filter> filters) {
    }

    @RegisterForReflection
    public record ScalingConfig(Integer maximumConcurrency) {
    }

    @RegisterForReflection
    public record ProvisionedPollerConfig(Integer minimumPollers, Integer maximumPollers) {
    }

    @RegisterForReflection
    public record MetricsConfig(List<String> metrics) {
    }

    @RegisterForReflection
    public record CreateEventSourceMappingRequest(String eventSourceArn, String functionName, Boolean enabled,
                                                  Integer batchSize, Integer maximumBatchingWindowInSeconds,
                                                  FilterCriteria filterCriteria, List<String> functionResponseTypes,
                                                  ScalingConfig scalingConfig, String startingPosition,
                                                  ProvisionedPollerConfig provisionedPollerConfig,
                                                  MetricsConfig metricsConfig, Map<String, String> tags) {
    }

    @RegisterForReflection
    public record UpdateEventSourceMappingRequest(String functionName, Boolean enabled, Integer batchSize,
                                                  Integer maximumBatchingWindowInSeconds,
                                                  FilterCriteria filterCriteria, List<String> functionResponseTypes,
                                                  ScalingConfig scalingConfig,
                                                  ProvisionedPollerConfig provisionedPollerConfig,
                                                  MetricsConfig metricsConfig) {
    }

    /** TagResource's body; ListTags's answer. */
    @RegisterForReflection
    public record Tags(Map<String, String> tags) {
    }

    @RegisterForReflection
    public record EventSourceMappingConfiguration(@JsonProperty("UUID") String uuid, Integer batchSize,
                                                  Integer maximumBatchingWindowInSeconds, String eventSourceArn,
                                                  FilterCriteria filterCriteria, String functionArn,
                                                  Double lastModified, String lastProcessingResult, String state,
                                                  String stateTransitionReason, List<String> functionResponseTypes,
                                                  ScalingConfig scalingConfig, String eventSourceMappingArn,
                                                  ProvisionedPollerConfig provisionedPollerConfig,
                                                  MetricsConfig metricsConfig) {
    }

    @RegisterForReflection
    public record ListEventSourceMappingsResult(String nextMarker,
                                                List<EventSourceMappingConfiguration> eventSourceMappings) {
    }

    /** PutFunctionConcurrency's body and answer; GetFunctionConcurrency's answer (empty without one). */
    @RegisterForReflection
    public record Concurrency(Integer reservedConcurrentExecutions) {
    }

    @RegisterForReflection
    public record AccountLimit(long totalCodeSize, long codeSizeUnzipped, long codeSizeZipped, int concurrentExecutions,
                               int unreservedConcurrentExecutions) {
    }

    @RegisterForReflection
    public record AccountUsage(long totalCodeSize, long functionCount) {
    }

    @RegisterForReflection
    public record AccountSettings(AccountLimit accountLimit, AccountUsage accountUsage) {
    }

    @RegisterForReflection
    public record PublishVersionRequest(String codeSha256, String description, String revisionId) {
    }

    @RegisterForReflection
    public record ListVersionsByFunctionResult(List<FunctionConfiguration> versions, String nextMarker) {
    }

    @RegisterForReflection
    public record CreateAliasRequest(String name, String functionVersion, String description) {
    }

    @RegisterForReflection
    public record UpdateAliasRequest(String functionVersion, String description, String revisionId) {
    }

    @RegisterForReflection
    public record AliasConfiguration(String aliasArn, String name, String functionVersion, String description,
                                     String revisionId) {
    }

    @RegisterForReflection
    public record ListAliasesResult(List<AliasConfiguration> aliases, String nextMarker) {
    }
}
