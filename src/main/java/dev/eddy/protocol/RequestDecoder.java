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
import dev.eddy.common.Violation;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Payload;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.Collections;
import java.util.Comparator;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns a decoded request tree (from JSON or from Query parameters) into the operation's record and
 * checks the Bean Validation constraints declared on it, mapping a violation to AWS's error for it.
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

    /** Hibernate Validator, built by Quarkus, which knows at build time which records are constrained. */
    private final Validator validator;

    RequestDecoder(Validator validator) {
        this.validator = validator;
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
        validate(request);
        return request;
    }

    /** Whether a record type declares any constraint, asked of the validator once per type. */
    private final ClassValue<Boolean> constrained = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return validator.getConstraintsForClass(type).isBeanConstrained();
        }
    };

    /**
     * Checks the constraints declared on a request record (the codecs call it as they decode; Lambda's
     * routes after reading a body): MissingParameter for a missing required member before any bad
     * value, then the first bad value by member name, as AWS lists members.
     */
    public void validate(Object request) {
        if (!constrained.get(request.getClass())) {
            return;
        }
        Set<ConstraintViolation<Object>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw error(Collections.min(violations, ORDER));
        }
    }

    private static final Comparator<ConstraintViolation<?>> ORDER = Comparator
            .comparing((ConstraintViolation<?> v) -> !missing(v))
            .thenComparing(RequestDecoder::property)
            .thenComparing(v -> v.getConstraintDescriptor().getAnnotation().annotationType().getName())
            .thenComparing(ConstraintViolation::getMessage);

    /** A required member absent, or (for AWS) present but empty. */
    private static boolean missing(ConstraintViolation<?> violation) {
        Class<?> constraint = violation.getConstraintDescriptor().getAnnotation().annotationType();
        return constraint == NotNull.class || constraint == NotEmpty.class;
    }

    /** The record component a violation is about: the first node of its path. */
    private static String property(ConstraintViolation<?> violation) {
        return violation.getPropertyPath().iterator().next().getName();
    }

    /** The AWS error for a violation, in the form its constraint's payload declares ({@link Violation}). */
    static AwsException error(ConstraintViolation<?> violation) {
        String member = memberName(property(violation));
        Set<Class<? extends Payload>> form = violation.getConstraintDescriptor().getPayload();
        String message = violation.getMessage().replace("{member}", member);
        if (form.contains(Violation.ValidationError.class)) {
            return AwsException.sender("InvalidParameterValueException", 400, "1 validation error detected: Value '"
                    + violation.getInvalidValue() + "' at '" + property(violation) + "' failed to satisfy constraint: "
                    + message);
        }
        if (form.contains(Violation.InvalidParameter.class)) {
            return AwsException.sender("InvalidParameter", 400, "Invalid parameter: " + message);
        }
        if (missing(violation)) {
            return AwsException.missingParameter(member);
        }
        if (form.contains(Violation.WholeMessage.class)) {
            return AwsException.invalidParameterValue(message);
        }
        return AwsException.invalidParameterValue(member, violation.getInvalidValue(), message);
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
