package dev.eddy.store;

import io.smallrye.mutiny.Uni;
import java.util.List;

/** The store SPI for functions. */
public interface FunctionStore {

    /** Stores the function unless one of its name exists; true if stored. */
    Uni<Boolean> createFunction(FunctionRecord function);

    /** The function, or null. */
    Uni<FunctionRecord> function(String account, String name);

    Uni<List<FunctionRecord>> functions(String account);

    /** Stores the function whether or not it existed (updates, and registration by URL). */
    Uni<Void> putFunction(FunctionRecord function);

    Uni<Boolean> deleteFunction(String account, String name);

    Uni<Void> clear();
}
