package dev.eddy.common;

/**
 * What a service needs to know about the caller, decoded by the edge from the HTTP request.
 *
 * @param requestId   the id echoed in the response
 * @param region      from the SigV4 credential scope, else the configured default
 * @param accountId   the account owning the resources
 * @param baseUrl     scheme, host and port used to build resource URLs
 * @param accessKeyId the caller's access key (AWS reports it as SenderId), or null
 * @param traceHeader the {@code X-Amzn-Trace-Id} header, or null
 */
public record RequestContext(String requestId, String region, String accountId, String baseUrl,
                             String accessKeyId, String traceHeader) {
}
