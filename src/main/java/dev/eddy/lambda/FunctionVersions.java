package dev.eddy.lambda;

import dev.eddy.common.AwsException;
import dev.eddy.common.RequestContext;
import dev.eddy.lambda.LambdaModel.AliasConfiguration;
import dev.eddy.lambda.LambdaModel.CreateAliasRequest;
import dev.eddy.lambda.LambdaModel.FunctionConfiguration;
import dev.eddy.lambda.LambdaModel.ListAliasesResult;
import dev.eddy.lambda.LambdaModel.ListVersionsByFunctionResult;
import dev.eddy.lambda.LambdaModel.PublishVersionRequest;
import dev.eddy.lambda.LambdaModel.UpdateAliasRequest;
import dev.eddy.store.FunctionAlias;
import dev.eddy.store.FunctionRecord;
import dev.eddy.store.FunctionStore;
import dev.eddy.store.FunctionVersion;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Versions (PublishVersion, ListVersionsByFunction) and aliases (Create/Get/List/Update/DeleteAlias)
 * of a function, kept in the function's record, and the qualifier ({@code $LATEST}, a version or an
 * alias) an Invoke or GetFunctionConfiguration names. Each change rewrites the function's record:
 * two made at the same instant through different replicas may lose one of them.
 */
@ApplicationScoped
public class FunctionVersions {
    static final String LATEST = "$LATEST";
    private static final Pattern ALIAS = Pattern.compile("(?!^[0-9]+$)[a-zA-Z0-9_-]{1,128}");
    private static final int PAGE = 50;

    private final LambdaFunctions functions;
    private final FunctionStore store;

    FunctionVersions(LambdaFunctions functions, FunctionStore store) {
        this.functions = functions;
        this.store = store;
    }

    /**
     * Publishes $LATEST as the next version; when it is unchanged since the latest version, that
     * version is returned, as Lambda does.
     */
    public Uni<FunctionConfiguration> publish(RequestContext context, String name, PublishVersionRequest request) {
        return functions.function(context, name).chain(f -> {
            if (request != null && request.codeSha256() != null && !request.codeSha256().equals(f.codeSha256())) {
                throw LambdaFunctions.invalid("CodeSHA256 (" + request.codeSha256() + ") is different from current "
                        + "CodeSHA256 in $LATEST (" + f.codeSha256() + "). Please try again with the CodeSHA256 in "
                        + "$LATEST.");
            }
            FunctionRecord now = f.snapshot();
            if (!f.versions().isEmpty()) {
                FunctionVersion last = f.versions().get(f.versions().size() - 1);
                if (sameConfiguration(last.configuration(), now)) {
                    return Uni.createFrom().item(configuration(last));
                }
            }
            String number = String.valueOf(f.versions().isEmpty() ? 1
                    : Long.parseLong(f.versions().get(f.versions().size() - 1).version()) + 1);
            FunctionRecord published = request != null && request.description() != null
                    ? now.withConfiguration(now.runtime(), now.role(), now.handler(), request.description(),
                            now.timeout(), now.memorySize(), now.environment(), now.url(), now.lastModified())
                    : now;
            FunctionVersion version = new FunctionVersion(number, published);
            List<FunctionVersion> versions = new ArrayList<>(f.versions());
            versions.add(version);
            return store.putFunction(f.withVersionsAndAliases(versions, f.aliases())).replaceWith(configuration(version));
        });
    }

    private static boolean sameConfiguration(FunctionRecord a, FunctionRecord b) {
        return Objects.equals(a.codeSha256(), b.codeSha256()) && Objects.equals(a.runtime(), b.runtime())
                && Objects.equals(a.role(), b.role()) && Objects.equals(a.handler(), b.handler())
                && a.timeout() == b.timeout() && a.memorySize() == b.memorySize()
                && a.environment().equals(b.environment()) && Objects.equals(a.url(), b.url());
    }

    public Uni<ListVersionsByFunctionResult> listVersions(RequestContext context, String name, String marker,
                                                          Integer maxItems) {
        int limit = maxItems == null ? PAGE : Math.max(1, Math.min(maxItems, PAGE));
        return functions.function(context, name).map(f -> {
            List<FunctionConfiguration> all = new ArrayList<>();
            all.add(LambdaFunctions.configuration(f));
            f.versions().forEach(v -> all.add(configuration(v)));
            int from = 0;
            if (marker != null) {
                for (int i = 0; i < all.size(); i++) {
                    if (all.get(i).version().equals(marker)) {
                        from = i + 1;
                    }
                }
            }
            List<FunctionConfiguration> page = all.subList(Math.min(from, all.size()), Math.min(all.size(), from + limit));
            String next = from + limit < all.size() ? page.get(page.size() - 1).version() : null;
            return new ListVersionsByFunctionResult(List.copyOf(page), next);
        });
    }

    public Uni<AliasConfiguration> createAlias(RequestContext context, String name, CreateAliasRequest request) {
        String alias = request == null ? null : request.name();
        if (alias == null || !ALIAS.matcher(alias).matches()) {
            throw LambdaFunctions.invalid("1 validation error detected: Value '" + alias + "' at 'name' failed to "
                    + "satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)");
        }
        return functions.function(context, name).chain(f -> {
            checkVersion(f, request.functionVersion());
            if (f.aliases().containsKey(alias)) {
                throw AwsException.sender("ResourceConflictException", 409, "Alias already exists: " + f.arn() + ":"
                        + alias);
            }
            FunctionAlias created = new FunctionAlias(alias, request.functionVersion(),
                    request.description() == null ? "" : request.description(), UUID.randomUUID().toString());
            Map<String, FunctionAlias> aliases = new LinkedHashMap<>(f.aliases());
            aliases.put(alias, created);
            return store.putFunction(f.withVersionsAndAliases(f.versions(), aliases))
                    .replaceWith(configuration(f, created));
        });
    }

    public Uni<AliasConfiguration> getAlias(RequestContext context, String name, String alias) {
        return functions.function(context, name).map(f -> configuration(f, alias(f, alias)));
    }

    public Uni<ListAliasesResult> listAliases(RequestContext context, String name, String functionVersion) {
        return functions.function(context, name).map(f -> new ListAliasesResult(f.aliases().values().stream()
                .filter(a -> functionVersion == null || a.functionVersion().equals(functionVersion))
                .sorted(Comparator.comparing(FunctionAlias::name)).map(a -> configuration(f, a)).toList(), null));
    }

    public Uni<AliasConfiguration> updateAlias(RequestContext context, String name, String alias,
                                               UpdateAliasRequest request) {
        return functions.function(context, name).chain(f -> {
            FunctionAlias current = alias(f, alias);
            if (request.revisionId() != null && !request.revisionId().equals(current.revisionId())) {
                throw AwsException.sender("PreconditionFailedException", 412, "The Revision Id provided does not "
                        + "match the latest Revision Id. Call the GetAlias API to retrieve the latest Revision Id");
            }
            String version = request.functionVersion() == null ? current.functionVersion() : request.functionVersion();
            checkVersion(f, version);
            FunctionAlias updated = new FunctionAlias(alias, version,
                    request.description() == null ? current.description() : request.description(),
                    UUID.randomUUID().toString());
            Map<String, FunctionAlias> aliases = new LinkedHashMap<>(f.aliases());
            aliases.put(alias, updated);
            return store.putFunction(f.withVersionsAndAliases(f.versions(), aliases))
                    .replaceWith(configuration(f, updated));
        });
    }

    public Uni<Void> deleteAlias(RequestContext context, String name, String alias) {
        return functions.function(context, name).chain(f -> {
            if (!f.aliases().containsKey(alias)) {
                return Uni.createFrom().voidItem();
            }
            Map<String, FunctionAlias> aliases = new LinkedHashMap<>(f.aliases());
            aliases.remove(alias);
            return store.putFunction(f.withVersionsAndAliases(f.versions(), aliases));
        });
    }

    /** DeleteFunction: with a qualifier only that version goes, never the whole function. */
    public Uni<Void> deleteFunction(RequestContext context, String name, String qualifier) {
        String version = LambdaFunctions.qualifier(name, qualifier);
        return version == null ? functions.delete(context, name) : deleteVersion(context, name, version);
    }

    /**
     * DeleteFunction with a Qualifier: that published version only. $LATEST cannot be deleted this
     * way, nor a version an alias points to.
     */
    public Uni<Void> deleteVersion(RequestContext context, String name, String version) {
        if (version.equals(LATEST)) {
            throw LambdaFunctions.invalid("$LATEST version cannot be deleted without deleting the function.");
        }
        return functions.function(context, name).chain(f -> {
            if (f.versions().stream().noneMatch(v -> v.version().equals(version))) {
                throw notFound(f, version);
            }
            List<String> aliases = f.aliases().values().stream().filter(a -> a.functionVersion().equals(version))
                    .map(FunctionAlias::name).sorted().toList();
            if (!aliases.isEmpty()) {
                throw AwsException.sender("ResourceConflictException", 409, "Unable to delete version because the "
                        + "following aliases reference it: " + aliases);
            }
            List<FunctionVersion> kept = f.versions().stream().filter(v -> !v.version().equals(version)).toList();
            return store.putFunction(f.withVersionsAndAliases(kept, f.aliases()));
        });
    }

    /**
     * What a qualifier names: the function itself for none or {@code $LATEST}, a published version,
     * or the version an alias points to; ResourceNotFoundException otherwise.
     */
    static Resolved resolve(FunctionRecord f, String qualifier) {
        if (qualifier == null || qualifier.isEmpty() || qualifier.equals(LATEST)) {
            return new Resolved(f, LATEST);
        }
        FunctionAlias alias = f.aliases().get(qualifier);
        String version = alias != null ? alias.functionVersion() : qualifier;
        if (version.equals(LATEST)) {
            return new Resolved(f, LATEST);
        }
        return f.versions().stream().filter(v -> v.version().equals(version)).findFirst()
                .map(v -> new Resolved(v.configuration(), v.version()))
                .orElseThrow(() -> notFound(f, qualifier));
    }

    /** A function as a qualifier names it, and the version that runs. */
    record Resolved(FunctionRecord function, String version) {
        /** What GetFunctionConfiguration answers for it. */
        FunctionConfiguration configuration() {
            return version.equals(LATEST) ? LambdaFunctions.configuration(function)
                    : FunctionVersions.configuration(new FunctionVersion(version, function));
        }
    }

    private static void checkVersion(FunctionRecord f, String version) {
        if (version == null) {
            throw LambdaFunctions.invalid("1 validation error detected: Value null at 'functionVersion' failed to "
                    + "satisfy constraint: Member must not be null");
        }
        if (!version.equals(LATEST) && f.versions().stream().noneMatch(v -> v.version().equals(version))) {
            throw notFound(f, version);
        }
    }

    /** Lambda's answer for a version or alias of a function that does not exist. */
    private static AwsException notFound(FunctionRecord f, String qualifier) {
        return AwsException.sender("ResourceNotFoundException", 404, "Function not found: " + f.arn() + ":" + qualifier);
    }

    private static FunctionAlias alias(FunctionRecord f, String alias) {
        FunctionAlias found = f.aliases().get(alias);
        if (found == null) {
            throw AwsException.sender("ResourceNotFoundException", 404, "Alias not found: " + f.arn() + ":" + alias);
        }
        return found;
    }

    static FunctionConfiguration configuration(FunctionVersion version) {
        FunctionConfiguration c = LambdaFunctions.configuration(version.configuration());
        return new FunctionConfiguration(c.functionName(), c.functionArn() + ":" + version.version(), c.runtime(),
                c.role(), c.handler(), c.codeSize(), c.description(), c.timeout(), c.memorySize(), c.lastModified(),
                c.codeSha256(), version.version(), c.environment(), c.state(), c.lastUpdateStatus(), c.packageType(),
                c.architectures());
    }

    private static AliasConfiguration configuration(FunctionRecord f, FunctionAlias alias) {
        return new AliasConfiguration(f.arn() + ":" + alias.name(), alias.name(), alias.functionVersion(),
                alias.description(), alias.revisionId());
    }
}
