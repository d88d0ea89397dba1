package dev.eddy.s3;

import dev.eddy.common.Digest;

/** The canonical user id S3 shows as Owner/Initiator: one per account, stable. */
final class S3Owner {
    private S3Owner() {
    }

    static String id(String account) {
        return Digest.hex("SHA-256", "eddy-canonical-user:" + account);
    }

    static void write(S3Xml xml, String element, String account) {
        xml.start(element).text("ID", id(account)).text("DisplayName", "eddy").end(element);
    }
}
