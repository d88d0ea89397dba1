package dev.eddy.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/** The values the fuzzer sends: plausible ones, the fixture's identifiers, and the hostile kinds. */
final class Values {
    private Values() {
    }

    private static final String[] HOSTILE = {"", " ", "\u0000", "a\u0000b", "\n", "\r\n", "a\u007fb", "\t",
            "\uD800", "\uFFFF", "😀", "<x>", "&amp;", "]]>", "%", "%zz", "..", "/", "\\", "'", "\"", "{", "[",
            "null", "true", "-1", "0", "1.5", "1e309", "NaN", "99999999999999999999", "-9223372036854775809",
            "2147483648", "0x10", " 5 ", "arn:aws:sqs:us-east-1:000000000000:", "arn:aws:sns:us-east-1:000000000000:x",
            "http://localhost:1/", "http://169.254.169.254/", "sqs", "http", "lambda", "application", "email"};

    static String pick(Random random, String... choices) {
        return choices[random.nextInt(choices.length)];
    }

    static String name(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> Fixture.NAME;
            case 1 -> "fuzz-" + random.nextInt(50);
            case 2 -> "fuzz-" + random.nextInt(50) + ".fifo";
            case 3 -> pick(random, HOSTILE);
            case 4 -> "x".repeat(random.nextInt(300));
            default -> "n" + random.nextInt(1000);
        };
    }

    /** A string member: a name, an identifier of the fixture, a hostile value, or something long. */
    static String string(Random random, Fixture fixture) {
        return switch (random.nextInt(9)) {
            case 0, 1 -> pick(random, HOSTILE);
            case 2 -> pick(random, fixture.queueUrl(), fixture.queueArn(), fixture.topicArn(), fixture.bucket(),
                    fixture.key(), fixture.queueUrl() + "x", fixture.topicArn() + ":sub");
            case 3 -> name(random);
            case 4 -> control(random);
            case 5 -> random.nextInt(20) == 0 ? "y".repeat(300_000) : "z".repeat(random.nextInt(2000));
            case 6 -> "{\"a\":" + random.nextInt() + "}";
            default -> "value-" + random.nextInt(100);
        };
    }

    private static String control(Random random) {
        char[] chars = new char[1 + random.nextInt(8)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) (random.nextBoolean() ? random.nextInt(0x20) : 0x7f + random.nextInt(0x40));
        }
        return "c" + new String(chars);
    }

    /** A scalar member of the given Java type, valid or not. */
    static String scalar(Random random, Class<?> type, String member, Fixture fixture) {
        boolean number = Number.class.isAssignableFrom(type) || type == int.class || type == long.class;
        if (number && random.nextInt(3) > 0) {
            if (member.toLowerCase().contains("waittime")) {
                return "0"; // a valid wait would only make the run slower
            }
            return String.valueOf(switch (random.nextInt(6)) {
                case 0 -> 0L;
                case 1 -> -1L;
                case 2 -> (long) random.nextInt(20);
                case 3 -> Integer.MAX_VALUE + 1L;
                case 4 -> Long.MIN_VALUE;
                default -> (long) random.nextInt(100_000);
            });
        }
        if ((type == Boolean.class || type == boolean.class) && random.nextBoolean()) {
            return pick(random, "true", "false", "TRUE", "yes");
        }
        if (member.toLowerCase().contains("queueurl") && random.nextInt(3) > 0) {
            return random.nextBoolean() ? fixture.queueUrl() : fixture.queueUrl().replace(Fixture.NAME, name(random));
        }
        if (member.toLowerCase().contains("topicarn") && random.nextInt(3) > 0) {
            return fixture.topicArn();
        }
        return string(random, fixture);
    }

    static String index(Random random, int i) {
        return random.nextInt(10) == 0 ? pick(random, "0", "-1", "x", "", "99999999999", "1") : String.valueOf(i);
    }

    /** Form encoding, sometimes broken: invalid UTF-8, a stray %, raw control characters. */
    static String formEncode(Random random, String value) {
        return switch (random.nextInt(20)) {
            case 0 -> value + "%C3%28";
            case 1 -> value + "%";
            case 2 -> value + "%FF%FE";
            default -> java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
        };
    }

    static String jsonString(String value) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    static String nested(Random random) {
        int depth = random.nextBoolean() ? 10_000 : 200;
        return "[".repeat(depth) + "]".repeat(depth);
    }

    /** A JSON body that is not the operation's shape: anything from null to deep nesting. */
    static byte[] jsonBody(Random random) {
        String body = switch (random.nextInt(10)) {
            case 0 -> "null";
            case 1 -> "";
            case 2 -> "[]";
            case 3 -> nested(random);
            case 4 -> "{\"a\":" + "{\"a\":".repeat(5000) + "1" + "}".repeat(5001);
            case 5 -> "{\"FunctionName\":" + jsonString(name(random)) + ",\"Timeout\":" + pick(random, "-1", "1e9",
                    "\"3\"", "null") + "}";
            case 6 -> "{\"name\":" + jsonString(name(random)) + ",\"url\":" + jsonString(pick(random, HOSTILE)) + "}";
            case 7 -> "{\"EventSourceArn\":\"arn:aws:sqs:us-east-1:000000000000:" + name(random)
                    + "\",\"FunctionName\":" + jsonString(name(random)) + ",\"BatchSize\":" + random.nextInt() + "}";
            case 8 -> "\u00ff\u00fe not json";
            default -> "{\"Payload\":" + jsonString("x".repeat(random.nextInt(1000))) + "}";
        };
        return truncate(random, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Sometimes cut short. */
    static byte[] truncate(Random random, byte[] body) {
        return body.length > 2 && random.nextInt(12) == 0 ? Arrays.copyOf(body, random.nextInt(body.length)) : body;
    }
}
