package dev.eddy.sns;

import dev.eddy.store.TopicStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The key SNS messages are signed with and its certificate, made by the first replica that needs
 * them and kept in the store, so every replica signs alike and the certificate at SigningCertURL
 * verifies them all.
 */
@ApplicationScoped
public class SnsSigning {
    public static final String CERTIFICATE_PATH = "/_eddy/sns/SimpleNotificationService.pem";

    record Identity(PrivateKey key, String certificatePem) {
    }

    private final TopicStore store;
    private final AtomicReference<Identity> identity = new AtomicReference<>();

    SnsSigning(TopicStore store) {
        this.store = store;
    }

    /** The certificate at SigningCertURL, as PEM. */
    public Uni<String> certificatePem() {
        return identity().map(Identity::certificatePem);
    }

    Uni<Identity> identity() {
        Identity known = identity.get();
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return Uni.createFrom().item(SnsSigning::newIdentity).chain(store::signingIdentity).map(stored -> {
            Identity parsed = parse(stored);
            identity.compareAndSet(null, parsed);
            return identity.get();
        });
    }

    /** Signs the fields, each name and value on its own line, with SHA1withRSA (version 1) or SHA256withRSA (2). */
    static String sign(Identity identity, String version, Map<String, String> fields) {
        StringBuilder text = new StringBuilder();
        fields.forEach((name, value) -> text.append(name).append('\n').append(value).append('\n'));
        try {
            Signature signature = Signature.getInstance("2".equals(version) ? "SHA256withRSA" : "SHA1withRSA");
            signature.initSign(identity.key());
            signature.update(text.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A token carrying text that only this Eddy (any replica: they share the identity) can have
     * issued: base64url(text) "." base64url(HMAC-SHA256 of it, keyed by a digest of the signing key).
     */
    Uni<String> seal(String text) {
        return identity().map(id -> {
            String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
            return payload + "." + mac(id, payload);
        });
    }

    /** The text of a sealed token, or null when the token is not one this Eddy sealed. */
    Uni<String> unseal(String token) {
        return identity().map(id -> {
            int dot = token == null ? -1 : token.indexOf('.');
            if (dot <= 0 || !java.security.MessageDigest.isEqual(mac(id, token.substring(0, dot))
                    .getBytes(StandardCharsets.US_ASCII), token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
                return null;
            }
            try {
                return new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
        });
    }

    private static String mac(Identity identity, String payload) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            byte[] key = java.security.MessageDigest.getInstance("SHA-256").digest(identity.key().getEncoded());
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String newIdentity() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair key = generator.generateKeyPair();
            return Base64.getEncoder().encodeToString(key.getPrivate().getEncoded()) + "\n"
                    + SigningCertificate.selfSigned(key, "sns.amazonaws.com");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Identity parse(String stored) {
        int newline = stored.indexOf('\n');
        try {
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(stored.substring(0, newline))));
            String pem = stored.substring(newline + 1);
            CertificateFactory.getInstance("X.509").generateCertificate(
                    new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            return new Identity(key, pem);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("The stored SNS signing identity is unreadable", e);
        }
    }
}
