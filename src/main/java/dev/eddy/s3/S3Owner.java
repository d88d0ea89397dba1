package dev.eddy.s3;

import dev.eddy.common.Digest;
import java.util.Base64;
import java.util.HexFormat;

/** The canonical user id S3 shows as Owner/Initiator (one per account, stable), and its host ids. */
public final class S3Owner {
    private S3Owner() {
    }

    static String id(String account) {
        return Digest.hex("SHA-256", "eddy-canonical-user:" + account);
    }

    /** The x-amz-id-2 S3 pairs with a request id. */
    public static String hostId(String requestId) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(Digest.hex("SHA-256", requestId)));
    }

    static S3Model.Owner of(String account) {
        return new S3Model.Owner(id(account), "eddy");
    }
}
