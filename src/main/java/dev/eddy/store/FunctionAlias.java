package dev.eddy.store;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** An alias of a function: a name for one of its versions ({@code $LATEST} or a published one). */
@RegisterForReflection
public record FunctionAlias(String name, String functionVersion, String description, String revisionId) {
}
