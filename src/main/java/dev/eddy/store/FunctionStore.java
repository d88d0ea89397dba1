package dev.eddy.store;

import io.smallrye.mutiny.Uni;
import java.util.List;

/** The store SPI for functions and their SQS event source mappings. */
public interface FunctionStore {

    /** Stores the function unless one of its name exists; true if stored. */
    Uni<Boolean> createFunction(FunctionRecord function);

    /** The function, or null. */
    Uni<FunctionRecord> function(String account, String name);

    Uni<List<FunctionRecord>> functions(String account);

    /** Stores the function whether or not it existed (updates, and registration by URL). */
    Uni<Void> putFunction(FunctionRecord function);

    Uni<Boolean> deleteFunction(String account, String name);

    /**
     * Stores a new event source mapping unless one already binds its queue to its function; returns
     * null when stored, else the UUID of the mapping that already does.
     */
    Uni<String> createMapping(MappingRecord mapping);

    /** The mapping, or null. */
    Uni<MappingRecord> mapping(String uuid);

    /** Every mapping of every account (pollers run them all). */
    Uni<List<MappingRecord>> mappings();

    /** Replaces a mapping that exists; false if it does not. */
    Uni<Boolean> updateMapping(MappingRecord mapping);

    Uni<Boolean> deleteMapping(String uuid);

    /** Records a mapping's LastProcessingResult (kept apart so a poller never overwrites an update). */
    Uni<Void> setProcessingResult(String uuid, String result);

    /** The mapping's LastProcessingResult, or null before its first batch. */
    Uni<String> processingResult(String uuid);

    /**
     * Takes one of a mapping's {@code limit} concurrency slots until {@code expiresAt} (ms) or
     * release: how MaximumConcurrency holds across replicas. False when all are taken; expired
     * slots (a replica that died holding them) are free again.
     */
    Uni<Boolean> acquireSlot(String uuid, String holder, int limit, long now, long expiresAt);

    Uni<Void> releaseSlot(String uuid, String holder);

    Uni<Void> clear();
}
