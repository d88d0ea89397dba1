package dev.eddy.common;

import java.util.regex.Pattern;

/**
 * The form AWS gives MessageGroupId, MessageDeduplicationId and ReceiveRequestAttemptId, in SQS and
 * SNS alike: 1 to 128 ASCII letters, digits and punctuation ({@code !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~}).
 */
public final class FifoToken {
    private static final Pattern FORM = Pattern.compile("[\\p{Alnum}\\p{Punct}]{1,128}");

    private FifoToken() {
    }

    public static boolean valid(String value) {
        return value != null && FORM.matcher(value).matches();
    }

    /** AWS's reason for a value that is not one. */
    public static String reason(String parameter) {
        return parameter + " can only include alphanumeric and punctuation characters. 1 to 128 in length.";
    }
}
