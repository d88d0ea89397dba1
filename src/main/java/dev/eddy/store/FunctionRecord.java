package dev.eddy.store;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/**
 * A function as stored: a name bound to the HTTP URL that receives its invocations, with the
 * configuration Lambda's API reports.
 *
 * @param url          where invocations are POSTed (the EDDY_FUNCTION_URL environment variable), or null
 * @param lastModified Lambda's format, e.g. {@code 2026-11-27T10:00:00.000+0000}
 * @param reservedConcurrency ReservedConcurrentExecutions (PutFunctionConcurrency), or null for none
 * @param versions     the published versions, oldest first
 * @param aliases      alias name to alias
 */
@RegisterForReflection
public record FunctionRecord(String name, String arn, String account, String runtime, String role, String handler,
                             String description, int timeout, int memorySize, Map<String, String> environment,
                             String url, String codeSha256, long codeSize, String lastModified, String packageType,
                             Map<String, String> tags, Integer reservedConcurrency, List<FunctionVersion> versions,
                             Map<String, FunctionAlias> aliases) {

    public FunctionRecord {
        environment = Map.copyOf(environment);
        tags = Map.copyOf(tags);
        // Functions stored before versions and aliases existed read them as none.
        versions = versions == null ? List.of() : List.copyOf(versions);
        aliases = aliases == null ? Map.of() : Map.copyOf(aliases);
    }

    /** A new function: no reservation, versions or aliases yet. */
    public FunctionRecord(String name, String arn, String account, String runtime, String role, String handler,
                          String description, int timeout, int memorySize, Map<String, String> environment,
                          String url, String codeSha256, long codeSize, String lastModified, String packageType,
                          Map<String, String> tags) {
        this(name, arn, account, runtime, role, handler, description, timeout, memorySize, environment, url,
                codeSha256, codeSize, lastModified, packageType, tags, null, List.of(), Map.of());
    }

    /** The same function with this configuration (UpdateFunctionConfiguration, a new URL). */
    public FunctionRecord withConfiguration(String newRuntime, String newRole, String newHandler, String newDescription,
                                            int newTimeout, int newMemorySize, Map<String, String> newEnvironment,
                                            String newUrl, String newLastModified) {
        return new FunctionRecord(name, arn, account, newRuntime, newRole, newHandler, newDescription, newTimeout,
                newMemorySize, newEnvironment, newUrl, codeSha256, codeSize, newLastModified, packageType, tags,
                reservedConcurrency, versions, aliases);
    }

    public FunctionRecord withTags(Map<String, String> newTags) {
        return new FunctionRecord(name, arn, account, runtime, role, handler, description, timeout, memorySize,
                environment, url, codeSha256, codeSize, lastModified, packageType, newTags, reservedConcurrency,
                versions, aliases);
    }

    public FunctionRecord withReservedConcurrency(Integer reserved) {
        return new FunctionRecord(name, arn, account, runtime, role, handler, description, timeout, memorySize,
                environment, url, codeSha256, codeSize, lastModified, packageType, tags, reserved, versions, aliases);
    }

    public FunctionRecord withVersionsAndAliases(List<FunctionVersion> newVersions, Map<String, FunctionAlias> newAliases) {
        return new FunctionRecord(name, arn, account, runtime, role, handler, description, timeout, memorySize,
                environment, url, codeSha256, codeSize, lastModified, packageType, tags, reservedConcurrency,
                newVersions, newAliases);
    }

    /** The function as a version was published: what invoking that version calls. */
    public FunctionRecord snapshot() {
        return new FunctionRecord(name, arn, account, runtime, role, handler, description, timeout, memorySize,
                environment, url, codeSha256, codeSize, lastModified, packageType, Map.of(), reservedConcurrency,
                List.of(), Map.of());
    }
}
