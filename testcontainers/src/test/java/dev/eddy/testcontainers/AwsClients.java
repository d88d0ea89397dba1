package dev.eddy.testcontainers;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** AWS SDK v2 clients pointed at an Eddy container, as a user of EddyContainer would build them. */
final class AwsClients {
    private AwsClients() {
    }

    static SqsClient sqs(EddyContainer eddy) {
        return SqsClient.builder()
                .endpointOverride(eddy.getEndpoint())
                .region(Region.of(eddy.getRegion()))
                .credentialsProvider(credentials(eddy))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    static S3Client s3(EddyContainer eddy) {
        return S3Client.builder()
                .endpointOverride(eddy.getEndpoint())
                .forcePathStyle(true)
                .region(Region.of(eddy.getRegion()))
                .credentialsProvider(credentials(eddy))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private static StaticCredentialsProvider credentials(EddyContainer eddy) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(eddy.getAccessKey(), eddy.getSecretKey()));
    }
}
