package dev.eddy.store;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;

/**
 * A function as stored: a name bound to the HTTP URL that receives its invocations, with the
 * configuration Lambda's API reports.
 *
 * @param url          where invocations are POSTed (the EDDY_FUNCTION_URL environment variable), or null
 * @param lastModified Lambda's format, e.g. {@code 2026-11-27T10:00:00.000+0000}
 */
@RegisterForReflection
public record FunctionRecord(String name, String arn, String account, String runtime, String role, String handler,
                             String description, int timeout, int memorySize, Map<String, String> environment,
                             String url, String codeSha256, long codeSize, String lastModified, String packageType,
                             Map<String, String> tags) {

    public FunctionRecord {
        environment = Map.copyOf(environment);
        tags = Map.copyOf(tags);
    }
}
