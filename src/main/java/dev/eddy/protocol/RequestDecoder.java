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
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import java.util.Comparator;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns a decoded request tree (from JSON or from Query parameters) into the operation's record and
 * checks the limits declared on it, mapping each failure to AWS's error for it.
 */
@ApplicationScoped
public class RequestDecoder {
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
            throw AwsException.invalidParameterValue("The request could not be read: " + e.getMessage());
        }
        Set<ConstraintViolation<Q>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            ConstraintViolation<Q> first = violations.stream()
                    .min(Comparator.comparing((ConstraintViolation<Q> v) -> !isMissing(v))
                            .thenComparing(v -> v.getPropertyPath().toString()))
                    .orElseThrow();
            String name = memberName(first.getPropertyPath().toString());
            if (isMissing(first)) {
                throw AwsException.missingParameter(name);
            }
            throw AwsException.invalidParameterValue(name, first.getInvalidValue(), first.getMessage());
        }
        return request;
    }

    private static boolean isMissing(ConstraintViolation<?> violation) {
        return violation.getConstraintDescriptor().getAnnotation() instanceof NotNull;
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
