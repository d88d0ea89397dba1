package dev.eddy.lambda;

import dev.eddy.common.AwsException;
import dev.eddy.common.Digest;
import dev.eddy.common.EddyClock;
import dev.eddy.common.EddyConfig;
import dev.eddy.common.RequestContext;
import dev.eddy.lambda.LambdaModel.CreateFunctionRequest;
import dev.eddy.lambda.LambdaModel.Environment;
import dev.eddy.lambda.LambdaModel.FunctionCodeLocation;
import dev.eddy.lambda.LambdaModel.FunctionConfiguration;
import dev.eddy.lambda.LambdaModel.GetFunctionResult;
import dev.eddy.lambda.LambdaModel.ListFunctionsResult;
import dev.eddy.lambda.LambdaModel.UpdateFunctionConfigurationRequest;
import dev.eddy.store.FunctionRecord;
import dev.eddy.store.FunctionStore;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Functions: a name bound to the HTTP URL that receives its invocations (the EDDY_FUNCTION_URL
 * environment variable, Eddy's admin path, or configuration). Code, runtime and handler are
 * accepted and reported, never run.
 */
@ApplicationScoped
public class LambdaFunctions {
    public static final String URL_VARIABLE = "EDDY_FUNCTION_URL";
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final Pattern ARN =
            Pattern.compile("arn:aws:lambda:[^:]+:(\\d{12}):function:([a-zA-Z0-9_-]{1,64})(:[^:]+)?");
    private static final Pattern PARTIAL = Pattern.compile("(\\d{12}):function:([a-zA-Z0-9_-]{1,64})(:[^:]+)?");
    private static final DateTimeFormatter LAST_MODIFIED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);
    private static final int PAGE = 50;

    private final FunctionStore store;
    private final EddyConfig config;
    private final EddyClock clock;

    LambdaFunctions(FunctionStore store, EddyConfig config, EddyClock clock) {
        this.store = store;
        this.config = config;
        this.clock = clock;
    }

    /** Functions named in configuration ({@code eddy.functions.<name>=<url>}) exist from the start. */
    void registerConfigured(@Observes StartupEvent event) {
        config.functions().forEach((name, url) -> register(config.accountId(), config.region(), name, url)
                .await().indefinitely());
    }

    /** Binds a name to a URL, creating the function or updating its URL (the admin path). */
    public Uni<FunctionRecord> register(String account, String region, String name, String url) {
        if (!NAME.matcher(name).matches()) {
            throw invalid("Function name " + name + " is invalid");
        }
        return store.function(account, name).chain(existing -> {
            FunctionRecord function = existing != null
                    ? withUrl(existing, url)
                    : record(account, region, name, "provided", null, "eddy.http", "", 3, 128,
                    Map.of(URL_VARIABLE, url), null, Map.of(), "Zip");
            return store.putFunction(function).replaceWith(function);
        });
    }

    public Uni<FunctionConfiguration> create(RequestContext context, CreateFunctionRequest request) {
        String name = request.functionName();
        int timeout = request.timeout() == null ? 3 : request.timeout();
        int memory = request.memorySize() == null ? 128 : request.memorySize();
        Map<String, String> environment = request.environment() == null || request.environment().variables() == null
                ? Map.of() : request.environment().variables();
        byte[] code = request.code() == null || request.code().zipFile() == null ? new byte[0]
                : request.code().zipFile();
        FunctionRecord function = record(context.accountId(), context.region(), name,
                request.runtime(), request.role(), request.handler(), request.description() == null ? ""
                        : request.description(), timeout, memory, environment, code,
                checkTags(request.tags()), request.packageType() == null ? "Zip" : request.packageType());
        return store.createFunction(function).map(created -> {
            if (!created) {
                throw AwsException.sender("ResourceConflictException", 409, "Function already exist: " + name);
            }
            return configuration(function);
        });
    }

    public Uni<GetFunctionResult> get(RequestContext context, String nameOrArn) {
        return function(context, nameOrArn).map(f -> new GetFunctionResult(configuration(f),
                new FunctionCodeLocation("S3", f.url() == null ? "" : f.url()), f.tags().isEmpty() ? null : f.tags()));
    }

    /** GetFunctionConfiguration: of the function, or of the version its qualifier names. */
    public Uni<FunctionConfiguration> getConfiguration(RequestContext context, String nameOrArn, String qualifier) {
        String named = qualifier(nameOrArn, qualifier);
        return function(context, nameOrArn).map(f -> FunctionVersions.resolve(f, named).configuration());
    }

    public Uni<ListFunctionsResult> list(RequestContext context, String marker, Integer maxItems) {
        int limit = maxItems == null ? PAGE : Math.max(1, Math.min(maxItems, PAGE));
        return store.functions(context.accountId()).map(functions -> {
            List<FunctionRecord> sorted = functions.stream().sorted(Comparator.comparing(FunctionRecord::name))
                    .filter(f -> marker == null || f.name().compareTo(marker) > 0).toList();
            List<FunctionRecord> page = sorted.stream().limit(limit).toList();
            String next = sorted.size() > limit ? page.get(page.size() - 1).name() : null;
            return new ListFunctionsResult(page.stream().map(LambdaFunctions::configuration).toList(), next);
        });
    }

    public Uni<FunctionConfiguration> updateConfiguration(RequestContext context, String nameOrArn,
                                                          UpdateFunctionConfigurationRequest request) {
        return function(context, nameOrArn).chain(f -> {
            Map<String, String> environment = request.environment() == null ? f.environment()
                    : request.environment().variables() == null ? Map.of() : request.environment().variables();
            FunctionRecord updated = f.withConfiguration(
                    request.runtime() != null ? request.runtime() : f.runtime(),
                    request.role() != null ? request.role() : f.role(),
                    request.handler() != null ? request.handler() : f.handler(),
                    request.description() != null ? request.description() : f.description(),
                    request.timeout() != null ? request.timeout() : f.timeout(),
                    request.memorySize() != null ? request.memorySize() : f.memorySize(),
                    environment, environment.get(URL_VARIABLE), now());
            return store.putFunction(updated).replaceWith(configuration(updated));
        });
    }

    public Uni<Void> delete(RequestContext context, String nameOrArn) {
        String[] id = resolve(context, nameOrArn);
        return store.deleteFunction(id[0], id[1]).map(deleted -> {
            if (!deleted) {
                throw notFound(context, id);
            }
            return null;
        });
    }

    /** The function a name, ARN or partial ARN names; ResourceNotFoundException if none. */
    public Uni<FunctionRecord> function(RequestContext context, String nameOrArn) {
        String[] id = resolve(context, nameOrArn);
        return store.function(id[0], id[1]).onItem().ifNull().failWith(() -> notFound(context, id));
    }

    /**
     * The qualifier a request names: its Qualifier parameter, else the suffix of a qualified name or
     * ARN ({@code name:1}, {@code arn:…:function:name:live}); null for none.
     */
    static String qualifier(String nameOrArn, String parameter) {
        if (parameter != null && !parameter.isEmpty()) {
            return parameter;
        }
        if (nameOrArn == null) {
            return null;
        }
        Matcher arn = ARN.matcher(nameOrArn);
        if (arn.matches()) {
            return arn.group(3) == null ? null : arn.group(3).substring(1);
        }
        Matcher partial = PARTIAL.matcher(nameOrArn);
        if (partial.matches()) {
            return partial.group(3) == null ? null : partial.group(3).substring(1);
        }
        int colon = nameOrArn.indexOf(':');
        return colon < 0 ? null : nameOrArn.substring(colon + 1);
    }

    /** {account, name} of a function name, full ARN or partial ARN (qualifiers are ignored). */
    static String[] resolve(RequestContext context, String nameOrArn) {
        if (nameOrArn == null) {
            throw invalid("FunctionName is required");
        }
        Matcher arn = ARN.matcher(nameOrArn);
        if (arn.matches()) {
            return new String[] {arn.group(1), arn.group(2)};
        }
        Matcher partial = PARTIAL.matcher(nameOrArn);
        if (partial.matches()) {
            return new String[] {partial.group(1), partial.group(2)};
        }
        String name = nameOrArn.contains(":") ? nameOrArn.substring(0, nameOrArn.indexOf(':')) : nameOrArn;
        if (!NAME.matcher(name).matches()) {
            throw invalid("1 validation error detected: Value '" + nameOrArn + "' at 'functionName' failed to "
                    + "satisfy constraint: Member must satisfy regular expression pattern");
        }
        return new String[] {context.accountId(), name};
    }

    private static AwsException notFound(RequestContext context, String[] id) {
        return AwsException.sender("ResourceNotFoundException", 404, "Function not found: arn:aws:lambda:"
                + context.region() + ":" + id[0] + ":function:" + id[1]);
    }

    /** Lambda's limits on tags: 50 at most, keys 1 to 128 characters, values up to 256, no {@code aws:} keys. */
    static Map<String, String> checkTags(Map<String, String> tags) {
        if (tags == null) {
            return Map.of();
        }
        if (tags.size() > 50) {
            throw invalid("Number of tags exceeds resource tag limit.");
        }
        tags.forEach((key, value) -> {
            if (key == null || key.isEmpty() || key.length() > 128 || key.toLowerCase().startsWith("aws:")) {
                throw invalid("1 validation error detected: Value '" + key + "' at 'tags' failed to satisfy "
                        + "constraint: Map keys must satisfy constraint: [Member must have length less than or equal "
                        + "to 128, Member must have length greater than or equal to 1, Member must not begin with aws:]");
            }
            if (value == null || value.length() > 256) {
                throw invalid("1 validation error detected: Value at 'tags' failed to satisfy constraint: Map value "
                        + "must satisfy constraint: [Member must have length less than or equal to 256]");
            }
        });
        return Map.copyOf(tags);
    }

    /** A function's tags, by its ARN (ListTags). */
    Uni<Map<String, String>> tags(RequestContext context, String arn) {
        return function(context, arn).map(FunctionRecord::tags);
    }

    /** Adds (or, with {@code remove}, deletes) tags of a function (TagResource, UntagResource). */
    Uni<Void> retag(RequestContext context, String arn, Map<String, String> add, java.util.Collection<String> remove) {
        return function(context, arn).chain(f -> store.putFunction(f.withTags(retagged(f.tags(), add, remove))));
    }

    /** A resource's tags after TagResource (add) or UntagResource (remove), within Lambda's limits. */
    static Map<String, String> retagged(Map<String, String> tags, Map<String, String> add,
                                        java.util.Collection<String> remove) {
        Map<String, String> result = new LinkedHashMap<>(tags);
        result.putAll(add);
        remove.forEach(result::remove);
        return checkTags(result);
    }

    static AwsException invalid(String message) {
        return AwsException.sender("InvalidParameterValueException", 400, message);
    }

    private FunctionRecord record(String account, String region, String name, String runtime, String role,
                                  String handler, String description, int timeout, int memory,
                                  Map<String, String> environment, byte[] code, Map<String, String> tags,
                                  String packageType) {
        byte[] bytes = code == null ? new byte[0] : code;
        String sha = Base64.getEncoder().encodeToString(java.util.HexFormat.of()
                .parseHex(Digest.hex("SHA-256", bytes)));
        return new FunctionRecord(name, "arn:aws:lambda:" + region + ":" + account + ":function:" + name, account,
                runtime, role, handler, description, timeout, memory, environment, environment.get(URL_VARIABLE),
                sha, bytes.length, now(), packageType, tags);
    }

    private FunctionRecord withUrl(FunctionRecord f, String url) {
        Map<String, String> environment = new LinkedHashMap<>(f.environment());
        environment.put(URL_VARIABLE, url);
        return f.withConfiguration(f.runtime(), f.role(), f.handler(), f.description(), f.timeout(), f.memorySize(),
                environment, url, now());
    }

    private String now() {
        return LAST_MODIFIED.format(Instant.ofEpochMilli(clock.now()));
    }

    static FunctionConfiguration configuration(FunctionRecord f) {
        return new FunctionConfiguration(f.name(), f.arn(), f.runtime(), f.role(), f.handler(), f.codeSize(),
                f.description(), f.timeout(), f.memorySize(), f.lastModified(), f.codeSha256(), "$LATEST",
                f.environment().isEmpty() ? null : new Environment(f.environment()), "Active", "Successful",
                f.packageType(), List.of("x86_64"));
    }
}
