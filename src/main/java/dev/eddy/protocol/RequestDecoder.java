package dev.eddy.protocol;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.eddy.common.AwsException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Turns a decoded request tree (from JSON or from Query parameters) into the operation's record and
 * checks the limits declared on it, mapping each failure to AWS's error for it.
 */
@ApplicationScoped
public class RequestDecoder {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(RequestDecoder.class);
    /** AWS member names are upper camel case; Java's are lower camel case. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    static {
        // Query clients send an empty list as "Name=" with no members: an empty list, not a type error.
        MAPPER.coercionConfigFor(LogicalType.Collection).setCoercion(CoercionInputShape.EmptyString, CoercionAction.AsEmpty);
        MAPPER.coercionConfigFor(LogicalType.Map).setCoercion(CoercionInputShape.EmptyString, CoercionAction.AsEmpty);
    }

    /** Reads a request from a tree (the Query codec builds one from its parameters). */
    public <Q> Q decode(JsonNode tree, Class<Q> type) {
        return read(() -> MAPPER.treeToValue(tree, type));
    }

    /**
     * Reads a request straight from a JSON object's bytes, in one pass; {@code malformed} is the
     * error for bytes that are not JSON.
     */
    public <Q> Q decode(byte[] json, Class<Q> type, Supplier<AwsException> malformed) {
        return read(() -> {
            try {
                return MAPPER.readValue(json, type);
            } catch (StreamReadException e) {
                throw malformed.get();
            } catch (com.fasterxml.jackson.databind.DatabindException e) {
                // Bytes that are not UTF-8 inside a member: malformed JSON, not a member of the wrong type.
                if (e.getCause() instanceof StreamReadException || e.getCause() instanceof java.io.CharConversionException) {
                    throw malformed.get();
                }
                throw e;
            }
        });
    }

    private interface Reading<Q> {
        Q read() throws Exception;
    }

    private <Q> Q read(Reading<Q> reading) {
        Q request;
        try {
            request = reading.read();
        } catch (AwsException e) {
            throw e;
        } catch (InvalidFormatException e) {
            throw AwsException.invalidParameterValue(parameter(e), e.getValue(), "Invalid value for the parameter.");
        } catch (MismatchedInputException e) {
            throw AwsException.invalidParameterValue("Invalid type for parameter " + parameter(e) + ".");
        } catch (Exception e) {
            // Never Java's own words (class names, reference chains): they mean nothing to an AWS client.
            LOG.debugf(e, "A request could not be read");
            throw AwsException.invalidParameterValue("The request could not be read.");
        }
        check(request);
        return request;
    }

    /**
     * One declared limit of a request record: a component annotated {@code @NotNull}, {@code @Min}
     * or {@code @Max}, read once per record type.
     */
    private record Limit(String property, Method accessor, boolean required, Long min, Long max) {
    }

    private static final ClassValue<List<Limit>> LIMITS = new ClassValue<>() {
        @Override
        protected List<Limit> computeValue(Class<?> type) {
            List<Limit> limits = new ArrayList<>();
            if (type.isRecord()) {
                for (RecordComponent component : type.getRecordComponents()) {
                    Method accessor = component.getAccessor();
                    Min min = accessor.getAnnotation(Min.class);
                    Max max = accessor.getAnnotation(Max.class);
                    boolean required = accessor.isAnnotationPresent(NotNull.class);
                    if (required || min != null || max != null) {
                        limits.add(new Limit(component.getName(), accessor, required,
                                min == null ? null : min.value(), max == null ? null : max.value()));
                    }
                }
            }
            // A missing parameter is reported before a bad value; then by name, as AWS lists members.
            limits.sort(Comparator.comparing(Limit::property));
            return List.copyOf(limits);
        }
    };

    /** Checks the record's limits: MissingParameter for a null required member, else the first bad value. */
    private static void check(Object request) {
        List<Limit> limits = LIMITS.get(request.getClass());
        AwsException invalid = null;
        for (Limit limit : limits) {
            Object value;
            try {
                value = limit.accessor().invoke(request);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (value == null) {
                if (limit.required()) {
                    throw AwsException.missingParameter(memberName(limit.property()));
                }
                continue;
            }
            if (invalid == null && value instanceof Number number) {
                long n = number.longValue();
                if (limit.min() != null && n < limit.min()) {
                    invalid = AwsException.invalidParameterValue(memberName(limit.property()), value,
                            "must be greater than or equal to " + limit.min());
                } else if (limit.max() != null && n > limit.max()) {
                    invalid = AwsException.invalidParameterValue(memberName(limit.property()), value,
                            "must be less than or equal to " + limit.max());
                }
            }
        }
        if (invalid != null) {
            throw invalid;
        }
    }

    private static String parameter(MismatchedInputException e) {
        return e.getPath().isEmpty() ? "unknown" : String.valueOf(e.getPath().get(e.getPath().size() - 1).getFieldName());
    }

    /** The AWS member name of a record component. */
    static String memberName(String property) {
        return switch (property) {
            case "awsAccountIds" -> "AWSAccountIds";
            case "queueOwnerAwsAccountId" -> "QueueOwnerAWSAccountId";
            default -> property.isEmpty() ? property : Character.toUpperCase(property.charAt(0)) + property.substring(1);
        };
    }
}
