package dev.eddy.lambda;

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
}
