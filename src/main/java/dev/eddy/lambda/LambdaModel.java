package dev.eddy.lambda;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.eddy.common.Violation;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.Map;

/** The Lambda API subset Eddy serves, as records (REST-JSON, member names in upper camel case). */
public final class LambdaModel {
    private LambdaModel() {
    }

    // AWS's constraint wording for the limits below.
    private static final String FUNCTION_NAME = "Member must satisfy regular expression pattern: [a-zA-Z0-9-_]+";
    private static final String TIMEOUT_MIN = "Member must have value greater than or equal to 1";
    private static final String TIMEOUT_MAX = "Member must have value less than or equal to 900";
    private static final String MEMORY = "Member must have value between 128 and 10240";

    @RegisterForReflection
    public record FunctionCode(byte[] zipFile, String s3Bucket, String s3Key, String imageUri) {
    }

    @RegisterForReflection
    public record Environment(Map<String, String> variables) {
    }

    @RegisterForReflection
    public record CreateFunctionRequest(@NotNull(message = FUNCTION_NAME, payload = Violation.ValidationError.class)
                                        @Pattern(regexp = "[a-zA-Z0-9_-]{1,64}", message = FUNCTION_NAME,
                                                payload = Violation.ValidationError.class) String functionName,
                                        String runtime, String role, String handler,
                                        FunctionCode code, String description,
                                        @Min(value = 1, message = TIMEOUT_MIN, payload = Violation.ValidationError.class)
                                        @Max(value = 900, message = TIMEOUT_MAX, payload = Violation.ValidationError.class)
                                        Integer timeout,
                                        @Min(value = 128, message = MEMORY, payload = Violation.ValidationError.class)
                                        @Max(value = 10_240, message = MEMORY, payload = Violation.ValidationError.class)
                                        Integer memorySize,
                                        Environment environment, Map<String, String> tags, String packageType) {
    }

    @RegisterForReflection
    public record UpdateFunctionConfigurationRequest(String runtime, String role, String handler, String description,
                                                     @Min(value = 1, message = TIMEOUT_MIN,
                                                             payload = Violation.ValidationError.class)
                                                     @Max(value = 900, message = TIMEOUT_MAX,
                                                             payload = Violation.ValidationError.class)
                                                     Integer timeout,
                                                     @Min(value = 128, message = MEMORY,
                                                             payload = Violation.ValidationError.class)
                                                     @Max(value = 10_240, message = MEMORY,
                                                             payload = Violation.ValidationError.class)
                                                     Integer memorySize,
                                                     Environment environment) {
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
