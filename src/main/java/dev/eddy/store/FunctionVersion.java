package dev.eddy.store;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A published version of a function (PublishVersion): its number and the function as it was then.
 *
 * @param configuration the function at publication, its own versions and aliases empty
 */
@RegisterForReflection
public record FunctionVersion(String version, FunctionRecord configuration) {
}
