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
    public record CreateEventSourceMappingRequest(String eventSourceArn, String functionName, Boolean enabled,
                                                  Integer batchSize, Integer maximumBatchingWindowInSeconds,
                                                  FilterCriteria filterCriteria, List<String> functionResponseTypes,
                                                  ScalingConfig scalingConfig, String startingPosition) {
    }

    @RegisterForReflection
    public record UpdateEventSourceMappingRequest(String functionName, Boolean enabled, Integer batchSize,
                                                  Integer maximumBatchingWindowInSeconds,
                                                  FilterCriteria filterCriteria, List<String> functionResponseTypes,
                                                  ScalingConfig scalingConfig) {
    }

    @RegisterForReflection
    public record EventSourceMappingConfiguration(@JsonProperty("UUID") String uuid, Integer batchSize,
                                                  Integer maximumBatchingWindowInSeconds, String eventSourceArn,
                                                  FilterCriteria filterCriteria, String functionArn,
                                                  Double lastModified, String lastProcessingResult, String state,
                                                  String stateTransitionReason, List<String> functionResponseTypes,
                                                  ScalingConfig scalingConfig, String eventSourceMappingArn) {
    }

    @RegisterForReflection
    public record ListEventSourceMappingsResult(String nextMarker,
                                                List<EventSourceMappingConfiguration> eventSourceMappings) {
    }
}
