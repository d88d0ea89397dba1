package dev.eddy.s3;

import java.util.regex.Pattern;

/** S3's general-purpose bucket naming rules. */
final class BucketNames {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");

    private BucketNames() {
    }

    static boolean valid(String name) {
        return name != null && NAME.matcher(name).matches() && !IP.matcher(name).matches() && !name.contains("..")
                && !name.contains(".-") && !name.contains("-.") && !name.startsWith("xn--")
                && !name.startsWith("sthree-") && !name.endsWith("-s3alias") && !name.endsWith("--ol-s3");
    }
}
