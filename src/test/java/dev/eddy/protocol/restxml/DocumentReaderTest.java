package dev.eddy.protocol.restxml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eddy.s3.S3Exception;
import dev.eddy.s3.S3Model;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** S3's request documents read into their records without a server. */
class DocumentReaderTest {
    private final DocumentReader reader = new DocumentReader(S3Wire.SHAPE);

    private Object read(String xml, String root, Type type) {
        return reader.read(xml.getBytes(StandardCharsets.UTF_8), root, false, type);
    }

    private static Type memberType(Class<?> record, String member) {
        for (var component : record.getRecordComponents()) {
            if (component.getName().equals(member)) {
                return component.getGenericType();
            }
        }
        throw new IllegalArgumentException(member);
    }

    private static void assertMalformed(Runnable read) {
        assertEquals("MalformedXML", assertThrows(S3Exception.class, read::run).code());
    }

    @Test
    void wrappedListsAndFlattenedListsAreReadByMemberName() {
        S3Model.Tagging tagging = (S3Model.Tagging) read("<Tagging xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + "<TagSet><Tag><Key>a</Key><Value> 1 </Value><Key>ignored</Key></Tag><Tag><Key>b</Key></Tag>"
                + "</TagSet></Tagging>", "Tagging", S3Model.Tagging.class);
        assertEquals(List.of(new S3Model.Tag("a", " 1 "), new S3Model.Tag("b", null)), tagging.tagSet());
        assertNull(((S3Model.Tagging) read("<Tagging><Other/></Tagging>", "Tagging", S3Model.Tagging.class))
                .tagSet());
        S3Model.Delete delete = (S3Model.Delete) read("<Delete><Quiet>true</Quiet><Object><Key>x</Key></Object>"
                + "<Object><VersionId>v</VersionId></Object></Delete>", "Delete", S3Model.Delete.class);
        assertEquals(new S3Model.Delete(List.of(new S3Model.ObjectIdentifier("x"), new S3Model.ObjectIdentifier(null)),
                "true"), delete);
        S3Model.CompletedMultipartUpload upload = (S3Model.CompletedMultipartUpload) read("<CompleteMultipartUpload>"
                + "<Part><PartNumber> 1</PartNumber><ETag>\"e\"</ETag></Part></CompleteMultipartUpload>",
                "CompleteMultipartUpload", S3Model.CompletedMultipartUpload.class);
        assertEquals(List.of(new S3Model.CompletedPart(" 1", "\"e\"")), upload.part());
    }

    @Test
    void closedElementsRefuseChildrenTheyDoNotName() {
        assertMalformed(() -> read("<Tagging><TagSet><TagSet/></TagSet></Tagging>", "Tagging",
                S3Model.Tagging.class));
        S3Model.NotificationConfigurationDocument document = (S3Model.NotificationConfigurationDocument) read(
                "<NotificationConfiguration><Other/></NotificationConfiguration>", "NotificationConfiguration",
                S3Model.NotificationConfigurationDocument.class);
        assertMalformed(() -> document.rules().get(0).get());
    }

    @Test
    void badDocumentsAreMalformedXml() {
        assertMalformed(() -> read("<Tagging><TagSet>", "Tagging", S3Model.Tagging.class));
        assertMalformed(() -> read("<Delete/>", "Tagging", S3Model.Tagging.class));
        assertMalformed(() -> read("", "Tagging", S3Model.Tagging.class));
        assertMalformed(() -> read("<?xml version=\"1.0\"?><!DOCTYPE t [<!ENTITY x \"y\">]><Tagging>&x;</Tagging>",
                "Tagging", S3Model.Tagging.class));
    }

    @Test
    void anOptionalDocumentMayBeEmptyAndASuppliedOneIsReadWhenAsked() {
        Type type = memberType(S3Model.CreateBucketRequest.class, "createBucketConfiguration");
        assertNull(((Supplier<?>) reader.read(new byte[0], "CreateBucketConfiguration", true, type)).get());
        Supplier<?> later = (Supplier<?>) reader.read("<Create".getBytes(StandardCharsets.UTF_8),
                "CreateBucketConfiguration", true, type);
        assertMalformed(later::get);
        Supplier<?> configuration = (Supplier<?>) reader.read(("<CreateBucketConfiguration><LocationConstraint>"
                + "eu-west-1</LocationConstraint></CreateBucketConfiguration>").getBytes(StandardCharsets.UTF_8),
                "CreateBucketConfiguration", true, type);
        assertEquals(new S3Model.CreateBucketConfiguration("eu-west-1"), configuration.get());
    }

    @Test
    void notificationRulesKeepDocumentOrderAndAnUnknownElementFailsInItsPlace() {
        S3Model.NotificationConfigurationDocument document = (S3Model.NotificationConfigurationDocument) read(
                "<NotificationConfiguration><TopicConfiguration><Topic>t</Topic><Event>e1</Event></TopicConfiguration>"
                + "<EventBridgeConfiguration/><QueueConfiguration><Id>q</Id><Queue>q</Queue><Events><Event>e2"
                + "</Event></Events><Filter><S3Key><FilterRule><Name>prefix</Name><Value>p</Value></FilterRule>"
                + "</S3Key></Filter></QueueConfiguration><Unknown/><CloudFunctionConfiguration/>"
                + "</NotificationConfiguration>", "NotificationConfiguration",
                S3Model.NotificationConfigurationDocument.class);
        assertNotNull(document.eventBridgeConfiguration());
        assertEquals(4, document.rules().size());
        S3Model.NotificationRule topic = document.rules().get(0).get();
        assertInstanceOf(S3Model.TopicConfiguration.class, topic);
        assertEquals("t", topic.arn());
        assertEquals(List.of("e1"), topic.event());
        assertNull(topic.events());
        S3Model.NotificationRule queue = document.rules().get(1).get();
        assertEquals(new S3Model.QueueConfiguration("q", "q", List.of(), List.of("e2"), new S3Model.Filter(
                new S3Model.S3Key(List.of(new S3Model.FilterRule("prefix", "p"))))), queue);
        assertMalformed(() -> document.rules().get(2).get());
        assertInstanceOf(S3Model.CloudFunctionConfiguration.class, document.rules().get(3).get());
    }
}
