package dev.eddy.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eddy.sqs.SqsClients;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Messages verify against the certificate served at their SigningCertURL, as SNS validators check them. */
@QuarkusTest
class SnsSignatureTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode publishAndReceive(String signatureVersion, String subject) throws Exception {
        SnsClient sns = SnsClients.sns();
        SqsClient sqs = SqsClients.json();
        String queueUrl = sqs.createQueue(b -> b.queueName("sig-" + UUID.randomUUID())).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings().get("QueueArn");
        String topic = sns.createTopic(b -> b.name("sig-" + UUID.randomUUID())
                .attributes(Map.of("SignatureVersion", signatureVersion))).topicArn();
        sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(queueArn));
        sns.publish(b -> b.topicArn(topic).message("signed body").subject(subject));
        return JSON.readTree(sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(5)).messages().get(0).body());
    }

    private static boolean verifies(JsonNode envelope) throws Exception {
        HttpResponse<byte[]> pem = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(envelope.get("SigningCertURL").asText())).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, pem.statusCode());
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.body()));
        StringBuilder signed = new StringBuilder();
        for (String field : new String[] {"Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"}) {
            if (envelope.has(field)) {
                signed.append(field).append('\n').append(envelope.get(field).asText()).append('\n');
            }
        }
        Signature verifier = Signature.getInstance(
                envelope.get("SignatureVersion").asText().equals("2") ? "SHA256withRSA" : "SHA1withRSA");
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(signed.toString().getBytes(StandardCharsets.UTF_8));
        return verifier.verify(Base64.getDecoder().decode(envelope.get("Signature").asText()));
    }

    @Test
    void signatureVersion1VerifiesWithTheServedCertificate() throws Exception {
        assertTrue(verifies(publishAndReceive("1", "hello")));
    }

    @Test
    void signatureVersion2VerifiesWithTheServedCertificate() throws Exception {
        JsonNode envelope = publishAndReceive("2", "hello");
        assertEquals("2", envelope.get("SignatureVersion").asText());
        assertTrue(verifies(envelope));
    }

    @Test
    void aTamperedMessageDoesNotVerify() throws Exception {
        JsonNode envelope = publishAndReceive("1", "hello");
        ((com.fasterxml.jackson.databind.node.ObjectNode) envelope).put("Message", "tampered");
        assertFalse(verifies(envelope));
    }
}
