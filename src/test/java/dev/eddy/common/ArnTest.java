package dev.eddy.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ArnTest {

    @Test
    void resourceKeepsItsColons() {
        Arn arn = Arn.parseOrNull("arn:aws:sns:us-east-1:000000000000:orders:6f1c");
        assertEquals(new Arn("aws", "sns", "us-east-1", "000000000000", "orders:6f1c"), arn);
        assertEquals("6f1c", arn.lastSegment());
        assertEquals("arn:aws:sns:us-east-1:000000000000:orders:6f1c", arn.toString());
    }

    @Test
    void emptyFieldsStayEmpty() {
        Arn bucket = Arn.parseOrNull("arn:aws:s3:::photos");
        assertEquals("", bucket.region());
        assertEquals("", bucket.account());
        assertEquals("photos", bucket.resource());
    }

    @Test
    void functionArnGivesNameQualifierAndUnqualifiedArn() {
        Arn qualified = Arn.parseOrNull("arn:aws:lambda:eu-west-1:123456789012:function:resize:live");
        assertEquals("resize", qualified.functionName());
        assertEquals("live", qualified.qualifier());
        assertEquals("arn:aws:lambda:eu-west-1:123456789012:function:resize", qualified.unqualified().toString());
        Arn plain = Arn.parseOrNull("arn:aws:lambda:eu-west-1:123456789012:function:resize");
        assertNull(plain.qualifier());
        assertEquals(plain, plain.unqualified());
    }

    @Test
    void fewerThanSixFieldsOrAnotherPrefixIsNoArn() {
        assertNull(Arn.parseOrNull(null));
        assertNull(Arn.parseOrNull("arn:aws:sqs:us-east-1:000000000000"));
        assertNull(Arn.parseOrNull("urn:aws:sqs:us-east-1:000000000000:q"));
    }

    @Test
    void parseThrowsTheCallersErrorForAnotherServiceOrNoAccount() {
        AwsException invalid = AwsException.sender("InvalidParameter", 400, "Invalid parameter: TopicArn");
        assertEquals("000000000000",
                Arn.parse("arn:aws:sns:us-east-1:000000000000:t", "sns", () -> invalid).account());
        assertSame(invalid, assertThrows(AwsException.class,
                () -> Arn.parse("arn:aws:sqs:us-east-1:000000000000:t", "sns", () -> invalid)));
        assertSame(invalid, assertThrows(AwsException.class,
                () -> Arn.parse("arn:aws:sns:us-east-1::t", "sns", () -> invalid)));
        assertSame(invalid, assertThrows(AwsException.class, () -> Arn.parse("t", "sns", () -> invalid)));
    }
}
