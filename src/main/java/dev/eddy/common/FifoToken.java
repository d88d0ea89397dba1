package dev.eddy.common;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.regex.Pattern;

/**
 * The form AWS gives MessageGroupId, MessageDeduplicationId and ReceiveRequestAttemptId, in SQS and
 * SNS alike: 1 to 128 ASCII letters, digits and punctuation ({@code !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~}).
 */
public final class FifoToken {
    private static final Pattern FORM = Pattern.compile("[\\p{Alnum}\\p{Punct}]{1,128}");
    private static final String REASON = " can only include alphanumeric and punctuation characters. 1 to 128 in length.";

    private FifoToken() {
    }

    public static boolean valid(String value) {
        return value != null && FORM.matcher(value).matches();
    }

    /** AWS's reason for a value that is not one. */
    public static String reason(String parameter) {
        return parameter + REASON;
    }

    /** A request member that, when given, has the form (null is left to {@code @NotNull}). */
    @Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE})
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = Check.class)
    public @interface Form {
        String message() default "{member}" + REASON;

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    public static final class Check implements ConstraintValidator<Form, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || valid(value);
        }
    }
}
