package dev.eddy.lambda;

import dev.eddy.common.RequestContext;
import dev.eddy.lambda.LambdaModel.Tags;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ListTags, TagResource and UntagResource: the tags of a function or an event source mapping, by ARN. */
@ApplicationScoped
public class ResourceTags {
    private static final Pattern FUNCTION_ARN = Pattern.compile("arn:aws:lambda:[^:]+:\\d{12}:function:[^:]+");
    private static final Pattern MAPPING_ARN = Pattern.compile("arn:aws:lambda:[^:]+:\\d{12}:event-source-mapping:(.+)");

    private final LambdaFunctions functions;
    private final EventSourceMappings mappings;

    ResourceTags(LambdaFunctions functions, EventSourceMappings mappings) {
        this.functions = functions;
        this.mappings = mappings;
    }

    public Uni<Tags> listTags(RequestContext context, String arn) {
        String mapping = mapping(arn);
        return (mapping == null ? functions.tags(context, arn) : mappings.tags(mapping)).map(Tags::new);
    }

    public Uni<Void> tagResource(RequestContext context, String arn, Tags given) {
        String mapping = mapping(arn);
        if (given.tags() == null) {
            throw LambdaFunctions.invalid("1 validation error detected: Value null at 'tags' failed to satisfy "
                    + "constraint: Member must not be null");
        }
        return mapping == null ? functions.retag(context, arn, given.tags(), List.of())
                : mappings.retag(mapping, given.tags(), List.of());
    }

    public Uni<Void> untagResource(RequestContext context, String arn, List<String> keys) {
        String mapping = mapping(arn);
        return mapping == null ? functions.retag(context, arn, Map.of(), keys) : mappings.retag(mapping, Map.of(), keys);
    }

    /** The UUID of a mapping's ARN, null for a function's ARN; InvalidParameterValueException for anything else. */
    private static String mapping(String arn) {
        Matcher mapping = MAPPING_ARN.matcher(arn);
        if (mapping.matches()) {
            return mapping.group(1);
        }
        if (!FUNCTION_ARN.matcher(arn).matches()) {
            throw LambdaFunctions.invalid("1 validation error detected: Value '" + arn + "' at 'resource' failed to "
                    + "satisfy constraint: Member must satisfy regular expression pattern: "
                    + "arn:aws:lambda:region:account:(function:name|event-source-mapping:uuid)");
        }
        return null;
    }
}
