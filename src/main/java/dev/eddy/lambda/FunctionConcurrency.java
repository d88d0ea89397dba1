package dev.eddy.lambda;

import dev.eddy.common.RequestContext;
import dev.eddy.lambda.LambdaModel.AccountLimit;
import dev.eddy.lambda.LambdaModel.AccountSettings;
import dev.eddy.lambda.LambdaModel.AccountUsage;
import dev.eddy.lambda.LambdaModel.Concurrency;
import dev.eddy.store.FunctionRecord;
import dev.eddy.store.FunctionStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Reserved concurrency (Put/Get/DeleteFunctionConcurrency) and GetAccountSettings, against Lambda's
 * default account quotas. The {@link FunctionInvoker} applies a reservation: calls beyond it are
 * throttled (a synchronous Invoke answers 429, an asynchronous one or a mapping's batch is retried).
 */
@ApplicationScoped
public class FunctionConcurrency {
    /** Lambda's default quotas for an account. */
    static final int ACCOUNT_CONCURRENCY = 1000;
    static final int MINIMUM_UNRESERVED = 100;
    static final long TOTAL_CODE_SIZE = 80L * 1024 * 1024 * 1024;
    static final long CODE_SIZE_UNZIPPED = 250L * 1024 * 1024;
    static final long CODE_SIZE_ZIPPED = 50L * 1024 * 1024;

    private final LambdaFunctions functions;
    private final FunctionStore store;

    FunctionConcurrency(LambdaFunctions functions, FunctionStore store) {
        this.functions = functions;
        this.store = store;
    }

    public Uni<Concurrency> put(RequestContext context, String name, Concurrency request) {
        Integer reserved = request == null ? null : request.reservedConcurrentExecutions();
        if (reserved == null) {
            throw LambdaFunctions.invalid("1 validation error detected: Value null at 'reservedConcurrentExecutions' "
                    + "failed to satisfy constraint: Member must not be null");
        }
        if (reserved < 0) {
            throw LambdaFunctions.invalid("1 validation error detected: Value '" + reserved + "' at "
                    + "'reservedConcurrentExecutions' failed to satisfy constraint: Member must have value greater "
                    + "than or equal to 0");
        }
        return functions.function(context, name).chain(f -> store.functions(f.account()).chain(all -> {
            int others = reservedByOthers(all, f);
            if (ACCOUNT_CONCURRENCY - others - reserved < MINIMUM_UNRESERVED) {
                throw LambdaFunctions.invalid("Specified ReservedConcurrentExecutions for function decreases "
                        + "account's UnreservedConcurrentExecution below its minimum value of ["
                        + MINIMUM_UNRESERVED + "].");
            }
            return store.putFunction(f.withReservedConcurrency(reserved)).replaceWith(new Concurrency(reserved));
        }));
    }

    public Uni<Concurrency> get(RequestContext context, String name) {
        return functions.function(context, name).map(f -> new Concurrency(f.reservedConcurrency()));
    }

    public Uni<Void> delete(RequestContext context, String name) {
        return functions.function(context, name).chain(f -> store.putFunction(f.withReservedConcurrency(null)));
    }

    public Uni<AccountSettings> accountSettings(RequestContext context) {
        return store.functions(context.accountId()).map(all -> new AccountSettings(
                new AccountLimit(TOTAL_CODE_SIZE, CODE_SIZE_UNZIPPED, CODE_SIZE_ZIPPED, ACCOUNT_CONCURRENCY,
                        ACCOUNT_CONCURRENCY - reservedByOthers(all, null)),
                new AccountUsage(all.stream().mapToLong(FunctionRecord::codeSize).sum(), all.size())));
    }

    private static int reservedByOthers(List<FunctionRecord> all, FunctionRecord except) {
        return all.stream().filter(f -> except == null || !f.name().equals(except.name()))
                .mapToInt(f -> f.reservedConcurrency() == null ? 0 : f.reservedConcurrency()).sum();
    }
}
