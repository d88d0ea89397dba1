package dev.eddy.sns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eddy.sqs.SqsClients;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.BatchEntryIdsNotDistinctException;
import software.amazon.awssdk.services.sns.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sns.model.EmptyBatchRequestException;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.ListSubscriptionsByTopicResponse;
import software.amazon.awssdk.services.sns.model.ListSubscriptionsResponse;
import software.amazon.awssdk.services.sns.model.ListTopicsResponse;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sns.model.PublishBatchResultEntry;
import software.amazon.awssdk.services.sns.model.PublishResponse;
import software.amazon.awssdk.services.sns.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sns.model.SnsException;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sns.model.Tag;
import software.amazon.awssdk.services.sns.model.Topic;
import software.amazon.awssdk.services.sns.model.TooManyEntriesInBatchRequestException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Black-box behaviour of SNS through the real AWS SDK for Java v2 {@link SnsClient} (Query protocol),
 * with SQS queues (SDK v2, JSON protocol) as the subscriptions' endpoints. Every test makes its own
 * topics and queues. Delivery is asynchronous but fast: deliveries are awaited with short long polls,
 * and "not delivered" means a one-second long poll comes back empty.
 *
 * <p>Run by {@code SnsBehaviourTest} (memory store) and {@code SnsBehaviourRedisTest} (Redis store).
 */
public abstract class SnsBehaviour {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REGION = "us-east-1";
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern UUID_PATTERN =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    private static final Set<String> ENVELOPE_KEYS = Set.of("Type", "MessageId", "TopicArn", "Message", "Timestamp",
            "SignatureVersion", "Signature", "SigningCertURL", "UnsubscribeURL");
    private static final long DELIVERY_DEADLINE_MILLIS = 10_000;

    protected SnsClient sns() {
        return SnsClients.sns();
    }

    protected SqsClient sqs() {
        return SqsClients.json();
    }

    // ------------------------------------------------------------------------------------------ topics

    @Test
    void createTopicReturnsAnArnInTheCallersRegionAndAccount() {
        String name = name("plain");
        String arn = sns().createTopic(b -> b.name(name)).topicArn();

        String[] parts = arn.split(":");
        assertEquals(6, parts.length, arn);
        assertEquals("arn", parts[0]);
        assertEquals("aws", parts[1]);
        assertEquals("sns", parts[2]);
        assertEquals(REGION, parts[3]);
        assertTrue(ACCOUNT.matcher(parts[4]).matches(), arn);
        assertEquals(name, parts[5]);
    }

    @Test
    void createTopicIsIdempotentForTheSameNameAndAttributes() {
        String name = name("idem");
        String first = sns().createTopic(b -> b.name(name).attributes(Map.of("DisplayName", "Orders"))).topicArn();
        String second = sns().createTopic(b -> b.name(name).attributes(Map.of("DisplayName", "Orders"))).topicArn();

        assertEquals(first, second);
        assertEquals(1, allTopicArns().stream().filter(first::equals).count());
    }

    @Test
    void createTopicAcceptsNamesOfLettersDigitsHyphensAndUnderscoresUpTo256Characters() {
        String name = ("Ab_9-" + UUID.randomUUID().toString().replace("-", "")).repeat(10).substring(0, 256);
        String arn = sns().createTopic(b -> b.name(name)).topicArn();

        assertTrue(arn.endsWith(":" + name), arn);
        assertEquals(arn, sns().getTopicAttributes(b -> b.topicArn(arn)).attributes().get("TopicArn"));
    }

    @Test
    void createTopicRejectsInvalidNames() {
        String tooLong = "a".repeat(257);
        for (String bad : List.of("has space", "has.dot", "slash/name", "colon:name", tooLong, "")) {
            assertAwsError(InvalidParameterException.class, "InvalidParameter", 400,
                    () -> sns().createTopic(b -> b.name(bad)));
        }
    }

    @Test
    void createTopicRequiresTheFifoSuffixAndFifoTopicAttributeTogether() {
        assertAwsError(InvalidParameterException.class, "InvalidParameter", 400,
                () -> sns().createTopic(b -> b.name(name("nofifoattr") + ".fifo")));
        assertAwsError(InvalidParameterException.class, "InvalidParameter", 400,
                () -> sns().createTopic(b -> b.name(name("nosuffix")).attributes(Map.of("FifoTopic", "true"))));
    }

    @Test
    void createFifoTopicReportsItsFifoAttributes() {
        String plain = fifoTopic("fifo", false);
        String contentBased = fifoTopic("fifocbd", true);

        Map<String, String> plainAttributes = topicAttributes(plain);
        assertEquals("true", plainAttributes.get("FifoTopic"));
        assertEquals("false", plainAttributes.get("ContentBasedDeduplication"));
        assertTrue(plain.endsWith(".fifo"), plain);
        assertEquals("true", topicAttributes(contentBased).get("ContentBasedDeduplication"));
    }

    @Test
    void createTopicRejectsAnUnknownAttribute() {
        assertAwsError(InvalidParameterException.class, "InvalidParameter", 400,
                () -> sns().createTopic(b -> b.name(name("badattr")).attributes(Map.of("NoSuchAttribute", "x"))));
    }

    @Test
    void getTopicAttributesReportsTheReadOnlyAttributesOfANewTopic() throws Exception {
        String arn = sns().createTopic(b -> b.name(name("attrs")).attributes(Map.of("DisplayName", "My Orders")))
                .topicArn();

        Map<String, String> attributes = topicAttributes(arn);
        assertEquals(arn, attributes.get("TopicArn"));
        assertEquals(accountOf(arn), attributes.get("Owner"));
        assertEquals("My Orders", attributes.get("DisplayName"));
        assertEquals("0", attributes.get("SubscriptionsConfirmed"));
        assertEquals("0", attributes.get("SubscriptionsPending"));
        assertEquals("0", attributes.get("SubscriptionsDeleted"));
        assertNotNull(attributes.get("EffectiveDeliveryPolicy"), attributes.toString());
        JsonNode policy = JSON.readTree(attributes.get("EffectiveDeliveryPolicy"));
        assertTrue(policy.isObject() && policy.has("http"), policy.toString());
        assertFalse(attributes.containsKey("FifoTopic") && "true".equals(attributes.get("FifoTopic")));
    }

    @Test
    void getTopicAttributesCountsConfirmedSubscriptions() {
        String topic = topic("counts");
        String first = subscribe(topic, queue().arn());
        subscribe(topic, queue().arn());

        assertEquals("2", topicAttributes(topic).get("SubscriptionsConfirmed"));
        assertEquals("0", topicAttributes(topic).get("SubscriptionsPending"));

        sns().unsubscribe(b -> b.subscriptionArn(first));
        assertEquals("1", topicAttributes(topic).get("SubscriptionsConfirmed"));
    }

    @Test
    void setTopicAttributesChangesAWritableAttribute() {
        String topic = topic("setattr");
        sns().setTopicAttributes(b -> b.topicArn(topic).attributeName("DisplayName").attributeValue("Renamed"));

        assertEquals("Renamed", topicAttributes(topic).get("DisplayName"));
    }

    @Test
    void setTopicAttributesRejectsUnknownAndReadOnlyAttributes() {
        String topic = topic("setbad");
        assertAwsError(InvalidParameterException.class, "InvalidParameter", 400, () -> sns().setTopicAttributes(
                b -> b.topicArn(topic).attributeName("NoSuchAttribute").attributeValue("x")));
        assertAwsError(InvalidParameterException.class, "InvalidParameter", 400, () -> sns().setTopicAttributes(
                b -> b.topicArn(topic).attributeName("TopicArn").attributeValue("arn:aws:sns:us-east-1:1:x")));
        assertEquals(topic, topicAttributes(topic).get("TopicArn"));
    }

    @Test
    void operationsOnAnUnknownTopicAnswerNotFound() {
        String missing = unknownTopicArn();
        Queue queue = queue();

        List<Executable> calls = List.of(
                () -> sns().getTopicAttributes(b -> b.topicArn(missing)),
                () -> sns().setTopicAttributes(b -> b.topicArn(missing).attributeName("DisplayName")
                        .attributeValue("x")),
                () -> sns().subscribe(b -> b.topicArn(missing).protocol("sqs").endpoint(queue.arn())),
                () -> sns().listSubscriptionsByTopic(b -> b.topicArn(missing)),
                () -> sns().publish(b -> b.topicArn(missing).message("hello")),
                () -> sns().publish(b -> b.targetArn(missing).message("hello")),
                () -> sns().publishBatch(b -> b.topicArn(missing).publishBatchRequestEntries(
                        PublishBatchRequestEntry.builder().id("a").message("hello").build())));
        for (Executable call : calls) {
            assertAwsError(NotFoundException.class, "NotFound", 404, call);
        }
    }

    @Test
    void deleteTopicRemovesTheTopicAndItsSubscriptions() {
        String topic = topic("delete");
        Queue queue = queue();
        String subscription = subscribe(topic, queue.arn());

        sns().deleteTopic(b -> b.topicArn(topic));

        assertAwsError(NotFoundException.class, "NotFound", 404,
                () -> sns().getTopicAttributes(b -> b.topicArn(topic)));
        assertFalse(allTopicArns().contains(topic));
        assertAwsError(NotFoundException.class, "NotFound", 404,
                () -> sns().getSubscriptionAttributes(b -> b.subscriptionArn(subscription)));
        assertTrue(allSubscriptions().stream().noneMatch(s -> s.subscriptionArn().equals(subscription)));
        assertAwsError(NotFoundException.class, "NotFound", 404,
                () -> sns().publish(b -> b.topicArn(topic).message("after delete")));
        assertNothingDelivered(queue);
    }

    @Test
    void deleteTopicIsIdempotent() {
        String topic = topic("delete-twice");
        sns().deleteTopic(b -> b.topicArn(topic));
        sns().deleteTopic(b -> b.topicArn(topic));

        assertAwsError(NotFoundException.class, "NotFound", 404,
                () -> sns().getTopicAttributes(b -> b.topicArn(topic)));
    }

    @Test
    void aDeletedTopicCanBeCreatedAgainEmpty() {
        String name = name("recreate");
        String topic = sns().createTopic(b -> b.name(name)).topicArn();
        subscribe(topic, queue().arn());
        sns().deleteTopic(b -> b.topicArn(topic));

        String again = sns().createTopic(b -> b.name(name)).topicArn();
        assertEquals(topic, again);
        assertTrue(sns().listSubscriptionsByTopic(b -> b.topicArn(again)).subscriptions().isEmpty());
        assertEquals("0", topicAttributes(again).get("SubscriptionsConfirmed"));
    }

    @Test
    void listTopicsPagesOneHundredTopicsAtATime() {
        String stem = name("page");
        Set<String> mine = new HashSet<>();
        for (int i = 0; i < 101; i++) {
            String n = stem + "-" + i;
            mine.add(sns().createTopic(b -> b.name(n)).topicArn());
        }

        ListTopicsResponse first = sns().listTopics(b -> { });
        assertEquals(100, first.topics().size());
        assertNotNull(first.nextToken());

        List<String> all = new ArrayList<>();
        String token = null;
        do {
            String current = token;
            ListTopicsResponse page = sns().listTopics(b -> b.nextToken(current));
            assertTrue(page.topics().size() <= 100, "page of " + page.topics().size());
            page.topics().forEach(t -> all.add(t.topicArn()));
            token = page.nextToken();
        } while (token != null);

        assertEquals(new HashSet<>(all).size(), all.size(), "a topic was listed twice");
        assertTrue(all.containsAll(mine), "not every topic was listed");
    }

    // ----------------------------------------------------------------------------------- subscriptions

    @Test
    void subscribeAQueueCreatesAConfirmedSubscriptionUnderTheTopic() {
        String topic = topic("sub");
        Queue queue = queue();

        String subscription = sns().subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(queue.arn())
                .returnSubscriptionArn(true)).subscriptionArn();

        assertTrue(subscription.startsWith(topic + ":"), subscription);
        assertTrue(UUID_PATTERN.matcher(subscription.substring(topic.length() + 1)).matches(), subscription);
        Map<String, String> attributes = subscriptionAttributes(subscription);
        assertEquals(subscription, attributes.get("SubscriptionArn"));
        assertEquals(topic, attributes.get("TopicArn"));
        assertEquals(accountOf(topic), attributes.get("Owner"));
        assertEquals("sqs", attributes.get("Protocol"));
        assertEquals(queue.arn(), attributes.get("Endpoint"));
        assertEquals("false", attributes.get("PendingConfirmation"));
        assertEquals("false", attributes.get("RawMessageDelivery"));
        assertFalse(attributes.containsKey("FilterPolicy"), attributes.toString());
    }

    @Test
    void subscribeAQueueReturnsTheArnEvenWithoutReturnSubscriptionArn() {
        String topic = topic("sub-noreturn");
        String subscription = sns().subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(queue().arn()))
                .subscriptionArn();

        assertTrue(subscription.startsWith(topic + ":"), subscription);
        assertEquals(subscription, subscriptionAttributes(subscription).get("SubscriptionArn"));
    }

    @Test
    void subscribingTheSameQueueTwiceReturnsTheSameSubscription() {
        String topic = topic("sub-twice");
        Queue queue = queue();

        String first = subscribe(topic, queue.arn());
        String second = subscribe(topic, queue.arn());

        assertEquals(first, second);
        assertEquals(1, sns().listSubscriptionsByTopic(b -> b.topicArn(topic)).subscriptions().size());
    }

    @Test
    void subscribeRejectsAnUnknownProtocolAndAnSqsEndpointThatIsNotAQueueArn() {
        String topic = topic("sub-bad");
        Queue queue = queue();
        assertAwsError(InvalidParameterException.class, "InvalidParameter", 400,
                () -> sns().subscribe(b -> b.topicArn(topic).protocol("carrier-pigeon").endpoint(queue.arn())));
        assertAwsError(InvalidParameterException.class, "InvalidParameter", 400,
                () -> sns().subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint("not-an-arn")));
        assertTrue(sns().listSubscriptionsByTopic(b -> b.topicArn(topic)).subscriptions().isEmpty());
    }

    @Test
    void subscribeAppliesTheAttributesGivenWithIt() throws Exception {
        String topic = topic("sub-attrs");
        String policy = "{\"order\":{\"status\":[\"paid\"]}}";
        String subscription = sns().subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(queue().arn())
                .returnSubscriptionArn(true).attributes(Map.of("RawMessageDelivery", "true",
                        "FilterPolicy", policy, "FilterPolicyScope", "MessageBody"))).subscriptionArn();

        Map<String, String> attributes = subscriptionAttributes(subscription);
        assertEquals("true", attributes.get("RawMessageDelivery"));
        assertEquals("MessageBody", attributes.get("FilterPolicyScope"));
        assertEquals(JSON.readTree(policy), JSON.readTree(attributes.get("FilterPolicy")));
    }

    @Test
    void listSubscriptionsByTopicListsOnlyThatTopicsSubscriptions() {
        String topic = topic("list-a");
        String other = topic("list-b");
        Queue q1 = queue();
        Queue q2 = queue();
        String s1 = subscribe(topic, q1.arn());
        String s2 = subscribe(topic, q2.arn());
        String elsewhere = subscribe(other, q1.arn());

        List<Subscription> listed = sns().listSubscriptionsByTopic(b -> b.topicArn(topic)).subscriptions();

        Map<String, Subscription> byArn = new HashMap<>();
        listed.forEach(s -> byArn.put(s.subscriptionArn(), s));
        assertEquals(Set.of(s1, s2), byArn.keySet());
        Subscription one = byArn.get(s1);
        assertEquals(topic, one.topicArn());
        assertEquals("sqs", one.protocol());
        assertEquals(q1.arn(), one.endpoint());
        assertEquals(accountOf(topic), one.owner());
        assertEquals(q2.arn(), byArn.get(s2).endpoint());

        Subscription global = allSubscriptions().stream().filter(s -> s.subscriptionArn().equals(elsewhere))
                .findFirst().orElseThrow(() -> new AssertionError("ListSubscriptions misses " + elsewhere));
        assertEquals(other, global.topicArn());
        assertEquals(q1.arn(), global.endpoint());
        assertEquals("sqs", global.protocol());
        assertEquals(accountOf(other), global.owner());
    }

    @Test
    void listSubscriptionsPagesOneHundredSubscriptionsAtATime() {
        String topic = topic("subpage");
        Set<String> mine = new HashSet<>();
        for (int i = 0; i < 101; i++) {
            mine.add(subscribe(topic, queue().arn()));
        }

        ListSubscriptionsByTopicResponse first = sns().listSubscriptionsByTopic(b -> b.topicArn(topic));
        assertEquals(100, first.subscriptions().size());
        assertNotNull(first.nextToken());
        ListSubscriptionsByTopicResponse second =
                sns().listSubscriptionsByTopic(b -> b.topicArn(topic).nextToken(first.nextToken()));
        assertEquals(1, second.subscriptions().size());
        assertNull(second.nextToken());
        Set<String> byTopic = new HashSet<>();
        first.subscriptions().forEach(s -> byTopic.add(s.subscriptionArn()));
        second.subscriptions().forEach(s -> byTopic.add(s.subscriptionArn()));
        assertEquals(mine, byTopic);

        ListSubscriptionsResponse globalFirst = sns().listSubscriptions(b -> { });
        assertEquals(100, globalFirst.subscriptions().size());
        assertNotNull(globalFirst.nextToken());
        List<Subscription> all = allSubscriptions();
        List<String> arns = all.stream().map(Subscription::subscriptionArn).toList();
        assertEquals(new HashSet<>(arns).size(), arns.size(), "a subscription was listed twice");
        assertTrue(arns.containsAll(mine));
    }

    @Test
    void setSubscriptionAttributesChangesRawMessageDelivery() {
        String topic = topic("setsub");
        String subscription = subscribe(topic, queue().arn());

        sns().setSubscriptionAttributes(b -> b.subscriptionArn(subscription)
                .attributeName("RawMessageDelivery").attributeValue("true"));

        assertEquals("true", subscriptionAttributes(subscription).get("RawMessageDelivery"));
    }

    @Test
    void setSubscriptionAttributesRejectsBadNamesAndValues() {
        String topic = topic("setsub-bad");
        String subscription = subscribe(topic, queue().arn());

        assertAwsError(InvalidParameterException.class, "InvalidParameter", 400,
                () -> sns().setSubscriptionAttributes(b -> b.subscriptionArn(subscription)
                        .attributeName("NoSuchAttribute").attributeValue("x")));
        assertAwsError(InvalidParameterException.class, "InvalidParameter", 400,
                () -> sns().setSubscriptionAttributes(b -> b.subscriptionArn(subscription)
                        .attributeName("RawMessageDelivery").attributeValue("maybe")));
        assertAwsError(InvalidParameterException.class, "InvalidParameter", 400,
                () -> sns().setSubscriptionAttributes(b -> b.subscriptionArn(subscription)
                        .attributeName("FilterPolicyScope").attributeValue("Everywhere")));
        assertAwsError(InvalidParameterException.class, "InvalidParameter", 400,
                () -> sns().setSubscriptionAttributes(b -> b.subscriptionArn(subscription)
                        .attributeName("DeliveryPolicy").attributeValue("{\"healthyRetryPolicy\":{\"numRetries\":101}}")));
        assertAwsError(InvalidParameterException.class, "InvalidParameter", 400,
                () -> sns().setTopicAttributes(b -> b.topicArn(topic).attributeName("DeliveryPolicy")
                        .attributeValue("{\"http\":{\"defaultHealthyRetryPolicy\":{\"minDelayTarget\":0}}}")));
        assertEquals("false", subscriptionAttributes(subscription).get("RawMessageDelivery"));
    }

    @Test
    void operationsOnAnUnknownSubscriptionAnswerNotFound() {
        String topic = topic("nosub");
        String missing = topic + ":" + UUID.randomUUID();

        assertAwsError(NotFoundException.class, "NotFound", 404,
                () -> sns().getSubscriptionAttributes(b -> b.subscriptionArn(missing)));
        assertAwsError(NotFoundException.class, "NotFound", 404,
                () -> sns().setSubscriptionAttributes(b -> b.subscriptionArn(missing)
                        .attributeName("RawMessageDelivery").attributeValue("true")));
    }

    @Test
    void unsubscribeStopsDeliveryAndForgetsTheSubscription() {
        String topic = topic("unsub");
        Queue kept = queue();
        Queue dropped = queue();
        String keptSubscription = subscribe(topic, kept.arn());
        String droppedSubscription = subscribe(topic, dropped.arn());

        sns().unsubscribe(b -> b.subscriptionArn(droppedSubscription));

        assertAwsError(NotFoundException.class, "NotFound", 404,
                () -> sns().getSubscriptionAttributes(b -> b.subscriptionArn(droppedSubscription)));
        List<Subscription> listed = sns().listSubscriptionsByTopic(b -> b.topicArn(topic)).subscriptions();
        assertEquals(List.of(keptSubscription), listed.stream().map(Subscription::subscriptionArn).toList());

        sns().publish(b -> b.topicArn(topic).message("after unsubscribe"));
        assertEquals("after unsubscribe", envelope(receiveExactly(kept, 1).get(0)).get("Message").asText());
        assertNothingDelivered(dropped);
    }

    @Test
    void confirmSubscriptionRejectsAnInvalidToken() {
        String topic = topic("confirm");
        assertAwsError(InvalidParameterException.class, "InvalidParameter", 400,
                () -> sns().confirmSubscription(b -> b.topicArn(topic).token("not-a-real-token")));
    }

    // ------------------------------------------------------------------------------ publish, envelope

    @Test
    void publishDeliversTheNotificationEnvelopeToASubscribedQueue() throws Exception {
        String topic = topic("envelope");
        Queue queue = queue();
        String subscription = subscribe(topic, queue.arn());

        PublishResponse published = sns().publish(b -> b.topicArn(topic).message("hello \"world\" ü"));
        assertTrue(UUID_PATTERN.matcher(published.messageId()).matches(), published.messageId());
        assertNull(published.sequenceNumber());

        Message delivered = receiveExactly(queue, 1).get(0);
        JsonNode envelope = envelope(delivered);
        assertEquals(ENVELOPE_KEYS, keys(envelope));
        assertEquals("Notification", envelope.get("Type").asText());
        assertEquals(published.messageId(), envelope.get("MessageId").asText());
        assertEquals(topic, envelope.get("TopicArn").asText());
        assertEquals("hello \"world\" ü", envelope.get("Message").asText());
        assertTrue(envelope.get("Message").isTextual());
        String timestamp = envelope.get("Timestamp").asText();
        assertTrue(TIMESTAMP.matcher(timestamp).matches(), timestamp);
        Instant.parse(timestamp);
        assertEquals("1", envelope.get("SignatureVersion").asText());
        assertFalse(envelope.get("Signature").asText().isEmpty());
        Base64.getDecoder().decode(envelope.get("Signature").asText());
        URI cert = URI.create(envelope.get("SigningCertURL").asText());
        assertTrue(Set.of("http", "https").contains(cert.getScheme()), cert.toString());
        assertTrue(cert.getPath().endsWith(".pem"), cert.toString());
        Map<String, String> unsubscribe = queryOf(envelope.get("UnsubscribeURL").asText());
        assertEquals("Unsubscribe", unsubscribe.get("Action"));
        assertEquals(subscription, unsubscribe.get("SubscriptionArn"));

        assertTrue(delivered.messageAttributes().isEmpty(), delivered.messageAttributes().toString());
        assertNothingDelivered(queue);
    }

    @Test
    void publishWithSubjectAndMessageAttributesCarriesThemInTheEnvelope() throws Exception {
        String topic = topic("envelope-attrs");
        Queue queue = queue();
        subscribe(topic, queue.arn());
        byte[] bytes = {0, 1, 2, (byte) 0xfe, (byte) 0xff};

        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        attributes.put("colour", str("red"));
        attributes.put("count", num("42"));
        attributes.put("blob", bin(bytes));
        attributes.put("tags", strArray("[\"a\",\"b\"]"));
        sns().publish(b -> b.topicArn(topic).subject("Greetings").message("body").messageAttributes(attributes));

        JsonNode envelope = envelope(receiveExactly(queue, 1).get(0));
        Set<String> expectedKeys = new HashSet<>(ENVELOPE_KEYS);
        expectedKeys.add("Subject");
        expectedKeys.add("MessageAttributes");
        assertEquals(expectedKeys, keys(envelope));
        assertEquals("Greetings", envelope.get("Subject").asText());
        assertEquals("body", envelope.get("Message").asText());

        JsonNode expected = JSON.readTree("""
                {"colour":{"Type":"String","Value":"red"},
                 "count":{"Type":"Number","Value":"42"},
                 "blob":{"Type":"Binary","Value":"%s"},
                 "tags":{"Type":"String.Array","Value":"[\\"a\\",\\"b\\"]"}}
                """.formatted(Base64.getEncoder().encodeToString(bytes)));
        assertEquals(expected, envelope.get("MessageAttributes"));
    }

    @Test
    void publishFansOutToEverySubscribedQueue() {
        String topic = topic("fanout");
        Queue q1 = queue();
        Queue q2 = queue();
        String s1 = subscribe(topic, q1.arn());
        String s2 = subscribe(topic, q2.arn());

        String messageId = sns().publish(b -> b.topicArn(topic).message("to all")).messageId();

        JsonNode e1 = envelope(receiveExactly(q1, 1).get(0));
        JsonNode e2 = envelope(receiveExactly(q2, 1).get(0));
        assertEquals(messageId, e1.get("MessageId").asText());
        assertEquals(messageId, e2.get("MessageId").asText());
        assertEquals("to all", e1.get("Message").asText());
        assertEquals("to all", e2.get("Message").asText());
        assertEquals(s1, queryOf(e1.get("UnsubscribeURL").asText()).get("SubscriptionArn"));
        assertEquals(s2, queryOf(e2.get("UnsubscribeURL").asText()).get("SubscriptionArn"));
    }

    @Test
    void publishWithoutSubscriptionsSucceeds() {
        String topic = topic("lonely");
        String messageId = sns().publish(b -> b.topicArn(topic).message("nobody listens")).messageId();
        assertTrue(UUID_PATTERN.matcher(messageId).matches(), messageId);
    }

    @Test
    void eachPublishGetsItsOwnMessageId() {
        String topic = topic("ids");
        Queue queue = queue();
        subscribe(topic, queue.arn());

        String a = sns().publish(b -> b.topicArn(topic).message("same")).messageId();
        String c = sns().publish(b -> b.topicArn(topic).message("same")).messageId();
        assertNotEquals(a, c);

        Set<String> delivered = new HashSet<>();
        receiveExactly(queue, 2).forEach(m -> delivered.add(envelope(m).get("MessageId").asText()));
        assertEquals(Set.of(a, c), delivered);
    }

    @Test
    void publishByTargetArnDeliversLikeTopicArn() {
        String topic = topic("target");
        Queue queue = queue();
        subscribe(topic, queue.arn());

        String messageId = sns().publish(b -> b.targetArn(topic).message("via target")).messageId();

        JsonNode envelope = envelope(receiveExactly(queue, 1).get(0));
        assertEquals(messageId, envelope.get("MessageId").asText());
        assertEquals(topic, envelope.get("TopicArn").asText());
        assertEquals("via target", envelope.get("Message").asText());
    }

    @Test
    void rawMessageDeliveryDeliversTheBareMessageWithSqsMessageAttributes() {
        String topic = topic("raw");
        Queue queue = queue();
        sns().subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(queue.arn())
                .attributes(Map.of("RawMessageDelivery", "true")));
        byte[] bytes = {9, 8, 7};

        sns().publish(b -> b.topicArn(topic).subject("ignored for raw").message("{\"bare\":true}")
                .messageAttributes(Map.of("colour", str("red"), "count", num("7"), "blob", bin(bytes))));

        Message delivered = receiveExactly(queue, 1).get(0);
        assertEquals("{\"bare\":true}", delivered.body());
        var attributes = delivered.messageAttributes();
        assertEquals(Set.of("colour", "count", "blob"), attributes.keySet());
        assertEquals("String", attributes.get("colour").dataType());
        assertEquals("red", attributes.get("colour").stringValue());
        assertEquals("Number", attributes.get("count").dataType());
        assertEquals("7", attributes.get("count").stringValue());
        assertEquals("Binary", attributes.get("blob").dataType());
        assertArrayEquals(bytes, attributes.get("blob").binaryValue().asByteArray());
    }

    @Test
    void rawMessageDeliverySetLaterAppliesToLaterMessages() {
        String topic = topic("raw-later");
        Queue queue = queue();
        String subscription = subscribe(topic, queue.arn());

        sns().publish(b -> b.topicArn(topic).message("wrapped"));
        assertEquals("wrapped", envelope(receiveExactly(queue, 1).get(0)).get("Message").asText());

        sns().setSubscriptionAttributes(b -> b.subscriptionArn(subscription)
                .attributeName("RawMessageDelivery").attributeValue("true"));
        sns().publish(b -> b.topicArn(topic).message("bare"));
        assertEquals("bare", receiveExactly(queue, 1).get(0).body());
    }

    @Test
    void messageStructureJsonDeliversTheSqsKeyOrElseTheDefault() {
        String topic = topic("structure");
        Queue queue = queue();
        Queue raw = queue();
        subscribe(topic, queue.arn());
        sns().subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(raw.arn())
                .attributes(Map.of("RawMessageDelivery", "true")));

        sns().publish(b -> b.topicArn(topic).messageStructure("json")
                .message("{\"default\":\"for everyone\",\"sqs\":\"for queues\"}"));
        sns().publish(b -> b.topicArn(topic).messageStructure("json")
                .message("{\"default\":\"fallback\",\"email\":\"for mail\"}"));

        Set<String> wrapped = new HashSet<>();
        receiveExactly(queue, 2).forEach(m -> wrapped.add(envelope(m).get("Message").asText()));
        assertEquals(Set.of("for queues", "fallback"), wrapped);
        Set<String> bare = new HashSet<>();
        receiveExactly(raw, 2).forEach(m -> bare.add(m.body()));
        assertEquals(Set.of("for queues", "fallback"), bare);
    }

    @Test
    void messageStructureJsonRequiresValidJsonWithADefaultKey() {
        String topic = topic("structure-bad");
        Queue queue = queue();
        subscribe(topic, queue.arn());

        assertAwsError(InvalidParameterException.class, "InvalidParameter", 400, () -> sns().publish(
                b -> b.topicArn(topic).messageStructure("json").message("{\"sqs\":\"no default\"}")));
        assertAwsError(InvalidParameterException.class, "InvalidParameter", 400, () -> sns().publish(
                b -> b.topicArn(topic).messageStructure("json").message("not json at all")));
        assertNothingDelivered(queue);
    }

    @Test
    void publishRejectsAnEmptyMessageAndAnInvalidSubject() {
        String topic = topic("publish-bad");
        Queue queue = queue();
        subscribe(topic, queue.arn());

        assertAwsError(InvalidParameterException.class, "InvalidParameter", 400,
                () -> sns().publish(b -> b.topicArn(topic).message("")));
        assertAwsError(InvalidParameterException.class, "InvalidParameter", 400,
                () -> sns().publish(b -> b.topicArn(topic).message("m").subject("line\nbreak")));
        assertAwsError(InvalidParameterException.class, "InvalidParameter", 400,
                () -> sns().publish(b -> b.topicArn(topic).message("m").subject("s".repeat(200))));
        assertNothingDelivered(queue);
    }

    @Test
    void publishRejectsAMessageLargerThan256KiB() {
        String topic = topic("publish-big");
        String atLimit = "x".repeat(262_144);
        sns().publish(b -> b.topicArn(topic).message(atLimit));
        SnsException error = assertThrows(SnsException.class,
                () -> sns().publish(b -> b.topicArn(topic).message(atLimit + "x")));
        assertEquals(400, error.statusCode());
        assertTrue(Set.of("InvalidParameter", "ParameterValueInvalid").contains(error.awsErrorDetails().errorCode()),
                error.awsErrorDetails().errorCode());
    }

    @Test
    void publishRejectsMalformedMessageAttributes() {
        String topic = topic("attrs-bad");
        Queue queue = queue();
        subscribe(topic, queue.arn());

        List<MessageAttributeValue> bad = List.of(
                MessageAttributeValue.builder().dataType("Number").stringValue("not a number").build(),
                MessageAttributeValue.builder().dataType("Colour").stringValue("red").build(),
                MessageAttributeValue.builder().dataType("String").build());
        for (MessageAttributeValue value : bad) {
            SnsException error = assertThrows(SnsException.class,
                    () -> sns().publish(b -> b.topicArn(topic).message("m").messageAttributes(Map.of("a", value))),
                    value.toString());
            assertEquals(400, error.statusCode(), value.toString());
            assertTrue(Set.of("InvalidParameter", "ParameterValueInvalid")
                    .contains(error.awsErrorDetails().errorCode()), error.awsErrorDetails().errorCode());
        }
        assertNothingDelivered(queue);
    }

    // -------------------------------------------------------------------------------- filter policies

    @Test
    void filterPolicyExactStringsAreOredAndCaseSensitive() {
        assertFilter("{\"colour\":[\"red\",\"blue\"]}", null, List.of(
                pub("red", Map.of("colour", str("red"))),
                pub("blue", Map.of("colour", str("blue"))),
                pub("Red", Map.of("colour", str("Red"))),
                pub("green", Map.of("colour", str("green"))),
                pub("none", Map.of())),
                Set.of("red", "blue"));
    }

    @Test
    void filterPolicyKeysAreAndedAndAMissingAttributeDoesNotMatch() {
        assertFilter("{\"colour\":[\"red\"],\"size\":[\"L\"]}", null, List.of(
                pub("both", Map.of("colour", str("red"), "size", str("L"))),
                pub("colour only", Map.of("colour", str("red"))),
                pub("wrong size", Map.of("colour", str("red"), "size", str("S")))),
                Set.of("both"));
    }

    @Test
    void filterPolicyNumericRangeMatchesNumberAttributes() {
        assertFilter("{\"price\":[{\"numeric\":[\">=\",100,\"<\",200]}]}", null, List.of(
                pub("100", Map.of("price", num("100"))),
                pub("150.5", Map.of("price", num("150.5"))),
                pub("99", Map.of("price", num("99"))),
                pub("200", Map.of("price", num("200"))),
                pub("1e3", Map.of("price", num("1000")))),
                Set.of("100", "150.5"));
    }

    @Test
    void filterPolicyNumericEqualsComparesNumbersNotText() {
        assertFilter("{\"count\":[{\"numeric\":[\"=\",5]}]}", null, List.of(
                pub("5", Map.of("count", num("5"))),
                pub("5.0", Map.of("count", num("5.0"))),
                pub("6", Map.of("count", num("6")))),
                Set.of("5", "5.0"));
    }

    @Test
    void filterPolicyPrefixAndSuffixMatchTheStartAndEnd() {
        assertFilter("{\"order\":[{\"prefix\":\"ord-\"}],\"file\":[{\"suffix\":\".png\"}]}", null, List.of(
                pub("match", Map.of("order", str("ord-17"), "file", str("cat.png"))),
                pub("bad prefix", Map.of("order", str("xord-17"), "file", str("cat.png"))),
                pub("bad suffix", Map.of("order", str("ord-17"), "file", str("cat.png.jpg")))),
                Set.of("match"));
    }

    @Test
    void filterPolicyAnythingButExcludesTheListedValues() {
        assertFilter("{\"colour\":[{\"anything-but\":[\"red\",\"green\"]}]}", null, List.of(
                pub("blue", Map.of("colour", str("blue"))),
                pub("red", Map.of("colour", str("red"))),
                pub("green", Map.of("colour", str("green")))),
                Set.of("blue"));
    }

    @Test
    void filterPolicyAnythingButPrefixExcludesValuesWithThePrefix() {
        assertFilter("{\"event\":[{\"anything-but\":{\"prefix\":\"order-\"}}]}", null, List.of(
                pub("payment-made", Map.of("event", str("payment-made"))),
                pub("order-placed", Map.of("event", str("order-placed")))),
                Set.of("payment-made"));
    }

    @Test
    void filterPolicyExistsTrueRequiresTheAttribute() {
        assertFilter("{\"store\":[{\"exists\":true}]}", null, List.of(
                pub("has", Map.of("store", str("anything"))),
                pub("lacks", Map.of("other", str("x")))),
                Set.of("has"));
    }

    @Test
    void filterPolicyExistsFalseRequiresTheAttributeToBeAbsent() {
        assertFilter("{\"store\":[{\"exists\":false}]}", null, List.of(
                pub("has", Map.of("store", str("anything"))),
                pub("lacks", Map.of("other", str("x")))),
                Set.of("lacks"));
    }

    @Test
    void filterPolicyEqualsIgnoreCaseMatchesRegardlessOfCase() {
        assertFilter("{\"colour\":[{\"equals-ignore-case\":\"RED\"}]}", null, List.of(
                pub("red", Map.of("colour", str("red"))),
                pub("Red", Map.of("colour", str("Red"))),
                pub("blue", Map.of("colour", str("blue")))),
                Set.of("red", "Red"));
    }

    @Test
    void filterPolicyOrMatchesAnyOfItsAlternatives() {
        assertFilter("{\"source\":[\"shop\"],\"$or\":[{\"kind\":[\"order\"]},{\"priority\":[{\"numeric\":[\">\",5]}]}]}",
                null, List.of(
                        pub("order", Map.of("source", str("shop"), "kind", str("order"))),
                        pub("urgent", Map.of("source", str("shop"), "kind", str("refund"), "priority", num("9"))),
                        pub("neither", Map.of("source", str("shop"), "kind", str("refund"), "priority", num("1"))),
                        pub("wrong source", Map.of("source", str("blog"), "kind", str("order")))),
                Set.of("order", "urgent"));
    }

    @Test
    void filterPolicyMatchesAStringArrayAttributeIfAnyElementMatches() {
        assertFilter("{\"interests\":[\"rugby\"]}", null, List.of(
                pub("fan", Map.of("interests", strArray("[\"football\",\"rugby\"]"))),
                pub("not a fan", Map.of("interests", strArray("[\"tennis\",\"golf\"]")))),
                Set.of("fan"));
    }

    @Test
    void filterPolicyWithMessageBodyScopeMatchesTheJsonBody() {
        assertFilter("{\"order\":{\"status\":[\"paid\"],\"total\":[{\"numeric\":[\">\",10]}]}}", "MessageBody", List.of(
                pub("{\"order\":{\"status\":\"paid\",\"total\":25,\"id\":1}}", Map.of()),
                pub("{\"order\":{\"status\":\"open\",\"total\":25}}", Map.of()),
                pub("{\"order\":{\"status\":\"paid\",\"total\":5}}", Map.of()),
                pub("{\"status\":\"paid\",\"total\":25}", Map.of("status", str("paid"))),
                pub("not json", Map.of())),
                Set.of("{\"order\":{\"status\":\"paid\",\"total\":25,\"id\":1}}"));
    }

    @Test
    void messagesNotMatchingAFilterStillReachUnfilteredSubscriptions() {
        String topic = topic("filter-mixed");
        Queue filtered = queue();
        Queue everything = queue();
        sns().subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(filtered.arn())
                .attributes(Map.of("FilterPolicy", "{\"colour\":[\"red\"]}")));
        subscribe(topic, everything.arn());

        sns().publish(b -> b.topicArn(topic).message("blue").messageAttributes(Map.of("colour", str("blue"))));
        sns().publish(b -> b.topicArn(topic).message("red").messageAttributes(Map.of("colour", str("red"))));

        Set<String> all = new HashSet<>();
        receiveExactly(everything, 2).forEach(m -> all.add(envelope(m).get("Message").asText()));
        assertEquals(Set.of("blue", "red"), all);
        assertEquals("red", envelope(receiveExactly(filtered, 1).get(0)).get("Message").asText());
    }

    @Test
    void deliveriesToQueuesAreCountedByOutcome() throws Exception {
        String topic = topic("counted");
        Queue filtered = queue();
        Queue everything = queue();
        sns().subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(filtered.arn())
                .attributes(Map.of("FilterPolicy", "{\"colour\":[\"red\"]}")));
        subscribe(topic, everything.arn());
        double delivered = SnsHttpBehaviour.deliveries("sqs", "delivered");
        double skipped = SnsHttpBehaviour.deliveries("sqs", "filtered");

        sns().publish(b -> b.topicArn(topic).message("blue").messageAttributes(Map.of("colour", str("blue"))));

        receiveExactly(everything, 1);
        assertEquals(delivered + 1, SnsHttpBehaviour.deliveries("sqs", "delivered"));
        assertEquals(skipped + 1, SnsHttpBehaviour.deliveries("sqs", "filtered"));
    }

    @Test
    void filterPolicySetAfterSubscribingAppliesToLaterMessages() {
        String topic = topic("filter-later");
        Queue queue = queue();
        String subscription = subscribe(topic, queue.arn());

        sns().setSubscriptionAttributes(b -> b.subscriptionArn(subscription)
                .attributeName("FilterPolicy").attributeValue("{\"colour\":[\"red\"]}"));
        sns().publish(b -> b.topicArn(topic).message("blue").messageAttributes(Map.of("colour", str("blue"))));
        sns().publish(b -> b.topicArn(topic).message("red").messageAttributes(Map.of("colour", str("red"))));

        assertEquals("red", envelope(receiveExactly(queue, 1).get(0)).get("Message").asText());
    }

    @Test
    void filterPolicyAppliesWithRawMessageDelivery() {
        String topic = topic("filter-raw");
        Queue queue = queue();
        sns().subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(queue.arn()).attributes(
                Map.of("RawMessageDelivery", "true", "FilterPolicy", "{\"colour\":[\"red\"]}")));

        sns().publish(b -> b.topicArn(topic).message("blue").messageAttributes(Map.of("colour", str("blue"))));
        sns().publish(b -> b.topicArn(topic).message("red").messageAttributes(Map.of("colour", str("red"))));

        Message delivered = receiveExactly(queue, 1).get(0);
        assertEquals("red", delivered.body());
        assertEquals("red", delivered.messageAttributes().get("colour").stringValue());
    }

    @Test
    void invalidFilterPoliciesAreRejected() {
        String topic = topic("filter-bad");
        Queue queue = queue();
        List<String> bad = List.of("not json", "[\"an\",\"array\"]", "{\"colour\":\"red\"}",
                "{\"price\":[{\"numeric\":[\"~\",5]}]}", "{\"colour\":[{\"no-such-operator\":\"x\"}]}");
        for (String policy : bad) {
            assertAwsError(InvalidParameterException.class, "InvalidParameter", 400,
                    () -> sns().subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(queue.arn())
                            .attributes(Map.of("FilterPolicy", policy))));
        }
        assertTrue(sns().listSubscriptionsByTopic(b -> b.topicArn(topic)).subscriptions().isEmpty());

        String subscription = subscribe(topic, queue.arn());
        for (String policy : bad) {
            assertAwsError(InvalidParameterException.class, "InvalidParameter", 400,
                    () -> sns().setSubscriptionAttributes(b -> b.subscriptionArn(subscription)
                            .attributeName("FilterPolicy").attributeValue(policy)));
        }
        assertFalse(subscriptionAttributes(subscription).containsKey("FilterPolicy"));
    }

    // ---------------------------------------------------------------------------------------------- FIFO

    @Test
    void fifoTopicDeliversInOrderPerMessageGroupToAFifoQueue() {
        String topic = fifoTopic("order", false);
        Queue queue = fifoQueue();
        subscribe(topic, queue.arn());

        List<String> expected = new ArrayList<>();
        BigInteger previous = BigInteger.valueOf(-1);
        for (int i = 0; i < 8; i++) {
            String body = "m" + i;
            expected.add(body);
            PublishResponse response = sns().publish(b -> b.topicArn(topic).message(body)
                    .messageGroupId("g1").messageDeduplicationId("d-" + body));
            assertNotNull(response.sequenceNumber());
            BigInteger sequence = new BigInteger(response.sequenceNumber());
            assertTrue(sequence.compareTo(previous) > 0, "sequence numbers increase within a group");
            previous = sequence;
        }

        List<Message> delivered = receiveExactly(queue, 8);
        assertEquals(expected, delivered.stream().map(m -> envelope(m).get("Message").asText()).toList());
        for (Message m : delivered) {
            assertEquals("g1", m.attributesAsStrings().get(MessageSystemAttributeName.MESSAGE_GROUP_ID.toString()));
        }
    }

    @Test
    void fifoTopicKeepsOrderWithinEachOfSeveralGroups() {
        String topic = fifoTopic("groups", true);
        Queue queue = fifoQueue();
        subscribe(topic, queue.arn());

        for (int i = 0; i < 5; i++) {
            for (String group : List.of("a", "b")) {
                String body = group + i;
                sns().publish(b -> b.topicArn(topic).message(body).messageGroupId(group));
            }
        }

        List<Message> delivered = receiveExactly(queue, 10);
        Map<String, List<String>> byGroup = new HashMap<>();
        for (Message m : delivered) {
            String group = m.attributesAsStrings().get(MessageSystemAttributeName.MESSAGE_GROUP_ID.toString());
            byGroup.computeIfAbsent(group, g -> new ArrayList<>()).add(envelope(m).get("Message").asText());
        }
        assertEquals(List.of("a0", "a1", "a2", "a3", "a4"), byGroup.get("a"));
        assertEquals(List.of("b0", "b1", "b2", "b3", "b4"), byGroup.get("b"));
    }

    @Test
    void fifoTopicDropsADuplicateMessageDeduplicationId() {
        String topic = fifoTopic("dedup", false);
        Queue queue = fifoQueue();
        subscribe(topic, queue.arn());

        sns().publish(b -> b.topicArn(topic).message("first").messageGroupId("g").messageDeduplicationId("same"));
        sns().publish(b -> b.topicArn(topic).message("second").messageGroupId("g").messageDeduplicationId("same"));
        sns().publish(b -> b.topicArn(topic).message("third").messageGroupId("g").messageDeduplicationId("other"));

        List<String> delivered = receiveExactly(queue, 2).stream()
                .map(m -> envelope(m).get("Message").asText()).toList();
        assertEquals(List.of("first", "third"), delivered);
    }

    @Test
    void fifoTopicWithContentBasedDeduplicationDropsAnIdenticalBody() {
        String topic = fifoTopic("cbd", true);
        Queue queue = fifoQueue();
        subscribe(topic, queue.arn());

        sns().publish(b -> b.topicArn(topic).message("same body").messageGroupId("g"));
        sns().publish(b -> b.topicArn(topic).message("same body").messageGroupId("g"));
        sns().publish(b -> b.topicArn(topic).message("other body").messageGroupId("g"));

        List<String> delivered = receiveExactly(queue, 2).stream()
                .map(m -> envelope(m).get("Message").asText()).toList();
        assertEquals(List.of("same body", "other body"), delivered);
    }

    @Test
    void fifoTopicDeliversToAStandardQueueToo() {
        String topic = fifoTopic("to-standard", true);
        Queue queue = queue();
        subscribe(topic, queue.arn());

        sns().publish(b -> b.topicArn(topic).message("to standard").messageGroupId("g"));

        assertEquals("to standard", envelope(receiveExactly(queue, 1).get(0)).get("Message").asText());
    }

    @Test
    void fifoTopicPublishRequiresAGroupIdAndADeduplicationSource() {
        String topic = fifoTopic("fifo-bad", false);
        Queue queue = fifoQueue();
        subscribe(topic, queue.arn());

        assertAwsError(InvalidParameterException.class, "InvalidParameter", 400,
                () -> sns().publish(b -> b.topicArn(topic).message("no group").messageDeduplicationId("d")));
        assertAwsError(InvalidParameterException.class, "InvalidParameter", 400,
                () -> sns().publish(b -> b.topicArn(topic).message("no dedup").messageGroupId("g")));
        assertNothingDelivered(queue);
    }

    @Test
    void aGroupIdPublishedToAStandardTopicReachesStandardQueuesForFairQueueing() {
        String topic = topic("fair");
        Queue enveloped = queue();
        Queue raw = queue();
        subscribe(topic, enveloped.arn());
        sns().subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(raw.arn())
                .attributes(Map.of("RawMessageDelivery", "true")));

        sns().publish(b -> b.topicArn(topic).message("from tenant a").messageGroupId("tenant-a"));
        sns().publishBatch(b -> b.topicArn(topic).publishBatchRequestEntries(
                PublishBatchRequestEntry.builder().id("e1").message("from tenant b").messageGroupId("tenant-b").build()));

        Map<String, String> groups = new HashMap<>();
        receiveExactly(enveloped, 2).forEach(m -> groups.put(envelope(m).get("Message").asText(),
                m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID)));
        assertEquals(Map.of("from tenant a", "tenant-a", "from tenant b", "tenant-b"), groups);
        groups.clear();
        receiveExactly(raw, 2).forEach(m -> groups.put(m.body(),
                m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID)));
        assertEquals(Map.of("from tenant a", "tenant-a", "from tenant b", "tenant-b"), groups);
    }

    @Test
    void groupAndDeduplicationIdsAreValidatedAtPublishAsAwsDoes() {
        String fifo = fifoTopic("ids-bad", false);
        String standard = topic("ids-bad");
        Queue fifoQueue = fifoQueue();
        Queue queue = queue();
        subscribe(fifo, fifoQueue.arn());
        subscribe(standard, queue.arn());
        String longest = "g".repeat(128);

        for (String bad : List.of("g".repeat(129), "has space", "caf\u00e9")) {
            assertAwsError(InvalidParameterException.class, "InvalidParameter", 400, () -> sns().publish(
                    b -> b.topicArn(fifo).message("m").messageGroupId(bad).messageDeduplicationId("d")));
            assertAwsError(InvalidParameterException.class, "InvalidParameter", 400, () -> sns().publish(
                    b -> b.topicArn(fifo).message("m").messageGroupId("g").messageDeduplicationId(bad)));
            assertAwsError(InvalidParameterException.class, "InvalidParameter", 400, () -> sns().publish(
                    b -> b.topicArn(standard).message("m").messageGroupId(bad)));
        }
        var batch = sns().publishBatch(b -> b.topicArn(fifo).publishBatchRequestEntries(
                PublishBatchRequestEntry.builder().id("good").message("kept").messageGroupId(longest)
                        .messageDeduplicationId("!#$%&'()*+,-./:;<=>?@[]^_`{|}~").build(),
                PublishBatchRequestEntry.builder().id("bad").message("refused").messageGroupId("g")
                        .messageDeduplicationId("no spaces").build()));
        assertEquals(List.of("good"), batch.successful().stream().map(e -> e.id()).toList());
        assertEquals(List.of("bad"), batch.failed().stream().map(e -> e.id()).toList());
        assertEquals("InvalidParameter", batch.failed().get(0).code());
        assertEquals(List.of("kept"), receiveExactly(fifoQueue, 1).stream()
                .map(m -> envelope(m).get("Message").asText()).toList());
        assertNothingDelivered(queue);
    }

    @Test
    void messageStructureJsonSendsNoMessageAttributes() {
        String topic = topic("structure-attrs");
        Queue enveloped = queue();
        Queue raw = queue();
        subscribe(topic, enveloped.arn());
        sns().subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(raw.arn())
                .attributes(Map.of("RawMessageDelivery", "true")));

        sns().publish(b -> b.topicArn(topic).messageStructure("json").message("{\"default\":\"structured\"}")
                .messageAttributes(Map.of("colour", str("red"))));
        sns().publish(b -> b.topicArn(topic).message("plain").messageAttributes(Map.of("colour", str("red"))));

        Map<String, Boolean> hasAttributes = new HashMap<>();
        receiveExactly(enveloped, 2).forEach(m -> hasAttributes.put(envelope(m).get("Message").asText(),
                envelope(m).has("MessageAttributes")));
        assertEquals(Map.of("structured", false, "plain", true), hasAttributes);
        hasAttributes.clear();
        receiveExactly(raw, 2).forEach(m -> hasAttributes.put(m.body(), !m.messageAttributes().isEmpty()));
        assertEquals(Map.of("structured", false, "plain", true), hasAttributes);
    }

    @Test
    void aRedrivePolicyIsCheckedForTheFormOfItsQueueArnNotForTheQueue() {
        String topic = topic("redrive-form");
        Queue queue = queue();
        String subscription = subscribe(topic, queue.arn());
        String missing = "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:" + name("absent") + "\"}";
        sns().setSubscriptionAttributes(b -> b.subscriptionArn(subscription).attributeName("RedrivePolicy")
                .attributeValue(missing));
        assertEquals(missing, subscriptionAttributes(subscription).get("RedrivePolicy"));
        for (String bad : List.of("{\"deadLetterTargetArn\":\"not-an-arn\"}",
                "{\"deadLetterTargetArn\":\"arn:aws:sns:us-east-1:000000000000:topic\"}", "not json")) {
            assertAwsError(InvalidParameterException.class, "InvalidParameter", 400, () -> sns()
                    .setSubscriptionAttributes(b -> b.subscriptionArn(subscription).attributeName("RedrivePolicy")
                            .attributeValue(bad)));
        }
    }

    // ------------------------------------------------------------------------------------ PublishBatch

    @Test
    void publishBatchDeliversEveryEntryAndReportsEachAsSuccessful() {
        String topic = topic("batch");
        Queue queue = queue();
        subscribe(topic, queue.arn());

        PublishBatchResponse response = sns().publishBatch(b -> b.topicArn(topic).publishBatchRequestEntries(
                PublishBatchRequestEntry.builder().id("one").message("first").build(),
                PublishBatchRequestEntry.builder().id("two").message("second").subject("Subj").build(),
                PublishBatchRequestEntry.builder().id("three").message("third")
                        .messageAttributes(Map.of("colour", str("red"))).build()));

        assertTrue(response.failed().isEmpty(), response.failed().toString());
        Map<String, String> idToMessageId = new HashMap<>();
        for (PublishBatchResultEntry entry : response.successful()) {
            assertTrue(UUID_PATTERN.matcher(entry.messageId()).matches(), entry.messageId());
            idToMessageId.put(entry.id(), entry.messageId());
        }
        assertEquals(Set.of("one", "two", "three"), idToMessageId.keySet());
        assertEquals(3, new HashSet<>(idToMessageId.values()).size());

        Map<String, JsonNode> byMessage = new HashMap<>();
        receiveExactly(queue, 3).forEach(m -> {
            JsonNode envelope = envelope(m);
            byMessage.put(envelope.get("Message").asText(), envelope);
        });
        assertEquals(Set.of("first", "second", "third"), byMessage.keySet());
        assertEquals(idToMessageId.get("one"), byMessage.get("first").get("MessageId").asText());
        assertEquals(idToMessageId.get("two"), byMessage.get("second").get("MessageId").asText());
        assertEquals(idToMessageId.get("three"), byMessage.get("third").get("MessageId").asText());
        assertEquals(ENVELOPE_KEYS, keys(byMessage.get("first")));
        assertEquals("Subj", byMessage.get("second").get("Subject").asText());
        assertEquals("red", byMessage.get("third").get("MessageAttributes").get("colour").get("Value").asText());
    }

    @Test
    void publishBatchRejectsEmptyOversizedAndDuplicateIdBatches() {
        String topic = topic("batch-bad");
        Queue queue = queue();
        subscribe(topic, queue.arn());

        assertAwsError(EmptyBatchRequestException.class, "EmptyBatchRequest", 400,
                () -> sns().publishBatch(b -> b.topicArn(topic).publishBatchRequestEntries(List.of())));
        List<PublishBatchRequestEntry> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(PublishBatchRequestEntry.builder().id("e" + i).message("m" + i).build());
        }
        assertAwsError(TooManyEntriesInBatchRequestException.class, "TooManyEntriesInBatchRequest", 400,
                () -> sns().publishBatch(b -> b.topicArn(topic).publishBatchRequestEntries(eleven)));
        assertAwsError(BatchEntryIdsNotDistinctException.class, "BatchEntryIdsNotDistinct", 400,
                () -> sns().publishBatch(b -> b.topicArn(topic).publishBatchRequestEntries(
                        PublishBatchRequestEntry.builder().id("same").message("a").build(),
                        PublishBatchRequestEntry.builder().id("same").message("b").build())));
        assertNothingDelivered(queue);
    }

    @Test
    void publishBatchAcceptsTenEntries() {
        String topic = topic("batch-ten");
        Queue queue = queue();
        subscribe(topic, queue.arn());
        List<PublishBatchRequestEntry> ten = new ArrayList<>();
        Set<String> bodies = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            ten.add(PublishBatchRequestEntry.builder().id("e" + i).message("m" + i).build());
            bodies.add("m" + i);
        }

        PublishBatchResponse response = sns().publishBatch(b -> b.topicArn(topic).publishBatchRequestEntries(ten));

        assertEquals(10, response.successful().size());
        Set<String> delivered = new HashSet<>();
        receiveExactly(queue, 10).forEach(m -> delivered.add(envelope(m).get("Message").asText()));
        assertEquals(bodies, delivered);
    }

    @Test
    void publishBatchReportsAnInvalidEntryAsFailedAndDeliversTheRest() {
        String topic = topic("batch-partial");
        Queue queue = queue();
        subscribe(topic, queue.arn());

        PublishBatchResponse response = sns().publishBatch(b -> b.topicArn(topic).publishBatchRequestEntries(
                PublishBatchRequestEntry.builder().id("good").message("fine").build(),
                PublishBatchRequestEntry.builder().id("bad").messageStructure("json")
                        .message("{\"sqs\":\"no default\"}").build()));

        assertEquals(List.of("good"), response.successful().stream().map(PublishBatchResultEntry::id).toList());
        assertEquals(1, response.failed().size());
        BatchResultErrorEntry failed = response.failed().get(0);
        assertEquals("bad", failed.id());
        assertEquals("InvalidParameter", failed.code());
        assertTrue(failed.senderFault());

        assertEquals("fine", envelope(receiveExactly(queue, 1).get(0)).get("Message").asText());
    }

    @Test
    void publishBatchOnAFifoTopicKeepsOrderAndNumbersEachEntry() {
        String topic = fifoTopic("batch-fifo", true);
        Queue queue = fifoQueue();
        subscribe(topic, queue.arn());

        PublishBatchResponse response = sns().publishBatch(b -> b.topicArn(topic).publishBatchRequestEntries(
                PublishBatchRequestEntry.builder().id("a").message("one").messageGroupId("g").build(),
                PublishBatchRequestEntry.builder().id("b").message("two").messageGroupId("g").build(),
                PublishBatchRequestEntry.builder().id("c").message("three").messageGroupId("g").build()));

        assertTrue(response.failed().isEmpty(), response.failed().toString());
        assertEquals(3, response.successful().size());
        response.successful().forEach(e -> assertNotNull(e.sequenceNumber(), e.id()));
        assertEquals(List.of("one", "two", "three"), receiveExactly(queue, 3).stream()
                .map(m -> envelope(m).get("Message").asText()).toList());
    }

    // ---------------------------------------------------------------------------------------------- tags

    @Test
    void tagsGivenAtCreationAreListed() {
        String topic = sns().createTopic(b -> b.name(name("tagged"))
                .tags(tag("team", "payments"), tag("env", "test"))).topicArn();

        assertEquals(Map.of("team", "payments", "env", "test"), tags(topic));
    }

    @Test
    void tagResourceAddsAndOverwritesAndUntagResourceRemoves() {
        String topic = topic("tags");
        assertEquals(Map.of(), tags(topic));

        sns().tagResource(b -> b.resourceArn(topic).tags(tag("a", "1"), tag("b", "2")));
        assertEquals(Map.of("a", "1", "b", "2"), tags(topic));

        sns().tagResource(b -> b.resourceArn(topic).tags(tag("b", "two"), tag("c", "3")));
        assertEquals(Map.of("a", "1", "b", "two", "c", "3"), tags(topic));

        sns().untagResource(b -> b.resourceArn(topic).tagKeys("a", "c", "not-there"));
        assertEquals(Map.of("b", "two"), tags(topic));
    }

    @Test
    void tagOperationsOnAnUnknownTopicAnswerResourceNotFound() {
        String missing = unknownTopicArn();
        assertAwsError(ResourceNotFoundException.class, "ResourceNotFound", 404,
                () -> sns().listTagsForResource(b -> b.resourceArn(missing)));
        assertAwsError(ResourceNotFoundException.class, "ResourceNotFound", 404,
                () -> sns().tagResource(b -> b.resourceArn(missing).tags(tag("a", "1"))));
        assertAwsError(ResourceNotFoundException.class, "ResourceNotFound", 404,
                () -> sns().untagResource(b -> b.resourceArn(missing).tagKeys("a")));
    }

    // ------------------------------------------------------------------------------------------- helpers

    protected record Queue(String url, String arn) {
    }

    private record Publication(String message, Map<String, MessageAttributeValue> attributes) {
    }

    private static Publication pub(String message, Map<String, MessageAttributeValue> attributes) {
        return new Publication(message, attributes);
    }

    /**
     * Subscribes a fresh queue to a fresh topic with the filter policy, publishes every publication
     * in turn, and checks exactly the expected messages arrive (and nothing else within a second).
     */
    private void assertFilter(String policy, String scope, List<Publication> publications, Set<String> expected) {
        String topic = topic("filter");
        Queue queue = queue();
        Map<String, String> attributes = new HashMap<>();
        attributes.put("FilterPolicy", policy);
        if (scope != null) {
            attributes.put("FilterPolicyScope", scope);
        }
        sns().subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(queue.arn()).attributes(attributes));

        for (Publication p : publications) {
            sns().publish(b -> {
                b.topicArn(topic).message(p.message());
                if (!p.attributes().isEmpty()) {
                    b.messageAttributes(p.attributes());
                }
            });
        }

        Set<String> delivered = new TreeSet<>();
        receiveExactly(queue, expected.size()).forEach(m -> delivered.add(envelope(m).get("Message").asText()));
        assertEquals(new TreeSet<>(expected), delivered);
    }

    private static String name(String stem) {
        return "sns-" + stem + "-" + UUID.randomUUID();
    }

    private String topic(String stem) {
        String name = name(stem);
        return sns().createTopic(b -> b.name(name)).topicArn();
    }

    private String fifoTopic(String stem, boolean contentBasedDeduplication) {
        String name = name(stem) + ".fifo";
        return sns().createTopic(b -> b.name(name).attributes(Map.of("FifoTopic", "true",
                "ContentBasedDeduplication", String.valueOf(contentBasedDeduplication)))).topicArn();
    }

    private String unknownTopicArn() {
        String existing = topic("anchor");
        return existing.substring(0, existing.lastIndexOf(':') + 1) + name("missing");
    }

    private Queue queue() {
        String url = sqs().createQueue(b -> b.queueName(name("q"))).queueUrl();
        return new Queue(url, queueArn(url));
    }

    private Queue fifoQueue() {
        String url = sqs().createQueue(b -> b.queueName(name("q") + ".fifo")
                .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
        return new Queue(url, queueArn(url));
    }

    private String queueArn(String url) {
        return sqs().getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private String subscribe(String topicArn, String queueArn) {
        return sns().subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn)
                .returnSubscriptionArn(true)).subscriptionArn();
    }

    private Map<String, String> topicAttributes(String topicArn) {
        return sns().getTopicAttributes(b -> b.topicArn(topicArn)).attributes();
    }

    private Map<String, String> subscriptionAttributes(String subscriptionArn) {
        return sns().getSubscriptionAttributes(b -> b.subscriptionArn(subscriptionArn)).attributes();
    }

    private Map<String, String> tags(String arn) {
        Map<String, String> tags = new HashMap<>();
        sns().listTagsForResource(b -> b.resourceArn(arn)).tags().forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private List<String> allTopicArns() {
        List<String> arns = new ArrayList<>();
        String token = null;
        do {
            String current = token;
            ListTopicsResponse page = sns().listTopics(b -> b.nextToken(current));
            page.topics().stream().map(Topic::topicArn).forEach(arns::add);
            token = page.nextToken();
        } while (token != null);
        return arns;
    }

    private List<Subscription> allSubscriptions() {
        List<Subscription> all = new ArrayList<>();
        String token = null;
        do {
            String current = token;
            ListSubscriptionsResponse page = sns().listSubscriptions(b -> b.nextToken(current));
            assertTrue(page.subscriptions().size() <= 100, "page of " + page.subscriptions().size());
            all.addAll(page.subscriptions());
            token = page.nextToken();
        } while (token != null);
        return all;
    }

    /**
     * Receives (and deletes) messages until {@code count} have arrived, failing after a deadline, then
     * checks that nothing more arrives within a one-second long poll. Order is the queue's order.
     */
    private List<Message> receiveExactly(Queue queue, int count) {
        List<Message> received = new ArrayList<>();
        long deadline = System.currentTimeMillis() + DELIVERY_DEADLINE_MILLIS;
        while (received.size() < count) {
            if (System.currentTimeMillis() > deadline) {
                fail("expected " + count + " deliveries, got " + received.size() + ": " + bodies(received));
            }
            received.addAll(receiveAndDelete(queue, 2));
        }
        assertEquals(count, received.size(), "more deliveries than expected: " + bodies(received));
        assertNothingDelivered(queue);
        return received;
    }

    private void assertNothingDelivered(Queue queue) {
        List<Message> extra = receiveAndDelete(queue, 1);
        assertTrue(extra.isEmpty(), "unexpected deliveries: " + bodies(extra));
    }

    private List<Message> receiveAndDelete(Queue queue, int waitSeconds) {
        List<Message> messages = sqs().receiveMessage(b -> b.queueUrl(queue.url()).maxNumberOfMessages(10)
                .waitTimeSeconds(waitSeconds).messageAttributeNames("All")
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        for (Message m : messages) {
            sqs().deleteMessage(b -> b.queueUrl(queue.url()).receiptHandle(m.receiptHandle()));
        }
        return messages;
    }

    private static List<String> bodies(List<Message> messages) {
        return messages.stream().map(Message::body).toList();
    }

    private static JsonNode envelope(Message message) {
        try {
            JsonNode node = JSON.readTree(message.body());
            assertTrue(node.isObject(), "not a JSON object: " + message.body());
            return node;
        } catch (JsonProcessingException e) {
            throw new AssertionError("delivered body is not the JSON envelope: " + message.body(), e);
        }
    }

    private static Set<String> keys(JsonNode node) {
        Set<String> keys = new HashSet<>();
        Iterator<String> names = node.fieldNames();
        names.forEachRemaining(keys::add);
        return keys;
    }

    private static Map<String, String> queryOf(String url) {
        URI uri = URI.create(url);
        Map<String, String> query = new HashMap<>();
        String raw = uri.getRawQuery();
        assertNotNull(raw, url);
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return query;
    }

    private static String accountOf(String arn) {
        return arn.split(":")[4];
    }

    private static MessageAttributeValue str(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    private static MessageAttributeValue num(String value) {
        return MessageAttributeValue.builder().dataType("Number").stringValue(value).build();
    }

    private static MessageAttributeValue bin(byte[] value) {
        return MessageAttributeValue.builder().dataType("Binary").binaryValue(SdkBytes.fromByteArray(value)).build();
    }

    private static MessageAttributeValue strArray(String json) {
        return MessageAttributeValue.builder().dataType("String.Array").stringValue(json).build();
    }

    private static <T extends SnsException> T assertAwsError(Class<T> type, String code, int status,
            Executable call) {
        T error = assertThrows(type, call);
        assertEquals(code, error.awsErrorDetails().errorCode());
        assertEquals(status, error.statusCode());
        return error;
    }
}
