package dev.eddy.sns;

import dev.eddy.common.Arn;
import dev.eddy.common.AwsException;
import dev.eddy.common.EddyClock;
import dev.eddy.common.Json;
import dev.eddy.common.Page;
import dev.eddy.common.RequestContext;
import dev.eddy.delivery.DeliveryWorker;
import dev.eddy.sns.SnsModel.AttributesResult;
import dev.eddy.sns.SnsModel.ConfirmSubscriptionRequest;
import dev.eddy.sns.SnsModel.CreateTopicRequest;
import dev.eddy.sns.SnsModel.Empty;
import dev.eddy.sns.SnsModel.ListSubscriptionsByTopicRequest;
import dev.eddy.sns.SnsModel.ListSubscriptionsRequest;
import dev.eddy.sns.SnsModel.ListSubscriptionsResult;
import dev.eddy.sns.SnsModel.ListTopicsRequest;
import dev.eddy.sns.SnsModel.ListTopicsResult;
import dev.eddy.sns.SnsModel.ResourceRequest;
import dev.eddy.sns.SnsModel.SetSubscriptionAttributesRequest;
import dev.eddy.sns.SnsModel.SetTopicAttributesRequest;
import dev.eddy.sns.SnsModel.SubscribeRequest;
import dev.eddy.sns.SnsModel.SubscriptionArnResult;
import dev.eddy.sns.SnsModel.SubscriptionEntry;
import dev.eddy.sns.SnsModel.SubscriptionRequest;
import dev.eddy.sns.SnsModel.Tag;
import dev.eddy.sns.SnsModel.TagResourceRequest;
import dev.eddy.sns.SnsModel.TagsResult;
import dev.eddy.sns.SnsModel.TopicArnResult;
import dev.eddy.sns.SnsModel.TopicEntry;
import dev.eddy.sns.SnsModel.TopicRequest;
import dev.eddy.sns.SnsModel.UntagResourceRequest;
import dev.eddy.store.DeliveryOutbox;
import dev.eddy.store.SubscriptionRecord;
import dev.eddy.store.TopicRecord;
import dev.eddy.store.TopicStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.net.URI;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The SNS operations on topics, subscriptions and tags. */
@ApplicationScoped
public class SnsTopics {
    private static final Set<String> TOPIC_ATTRIBUTES = Set.of("DisplayName", "Policy", "DeliveryPolicy",
            "TracingConfig", "KmsMasterKeyId", "SignatureVersion", "FifoTopic", "ContentBasedDeduplication",
            "FifoThroughputScope", "ArchivePolicy", "DataProtectionPolicy");
    private static final Set<String> SUBSCRIPTION_ATTRIBUTES = Set.of("DeliveryPolicy", "FilterPolicy",
            "FilterPolicyScope", "RawMessageDelivery", "RedrivePolicy", "SubscriptionRoleArn", "ReplayPolicy");
    private static final int PAGE = 100;

    private final TopicStore store;
    private final SnsSigning signing;
    private final EddyClock clock;
    private final SnsDelivery delivery;
    private final SnsHttpDelivery http;
    private final DeliveryOutbox outbox;
    private final DeliveryWorker worker;

    SnsTopics(TopicStore store, SnsDelivery delivery, SnsHttpDelivery http, DeliveryOutbox outbox,
              DeliveryWorker worker, SnsSigning signing, EddyClock clock) {
        this.signing = signing;
        this.clock = clock;
        this.store = store;
        this.delivery = delivery;
        this.http = http;
        this.outbox = outbox;
        this.worker = worker;
    }

    // ---- topics -------------------------------------------------------------------------------

    public Uni<TopicArnResult> createTopic(RequestContext context, CreateTopicRequest request) {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (request.attributes() != null) {
            // An entry sent with a key and no value reads as an empty value, as SetTopicAttributes does.
            request.attributes().forEach((name, value) -> attributes.put(name,
                    checkTopicAttribute(name, value == null ? "" : value, true)));
        }
        boolean fifo = "true".equals(attributes.get("FifoTopic"));
        String name = request.name();
        if (fifo != name.endsWith(".fifo")) {
            throw SnsErrors.invalidParameter("Topic Name: FIFO topic names must end with .fifo and FIFO topics "
                    + "need the FifoTopic attribute set to true");
        }
        if (!fifo && attributes.containsKey("ContentBasedDeduplication")) {
            throw SnsErrors.invalidParameter("Attributes Reason: ContentBasedDeduplication is only valid for FIFO topics");
        }
        String arn = "arn:aws:sns:" + context.region() + ":" + context.accountId() + ":" + name;
        TopicRecord topic = new TopicRecord(arn, context.accountId(), context.region(), name, fifo, attributes,
                tags(Map.of(), request.tags()), clock.now());
        return store.createTopic(topic).map(stored -> {
            attributes.forEach((attribute, value) -> {
                if (!value.equals(stored.attributes().get(attribute))) {
                    throw SnsErrors.invalidParameter("Attributes Reason: Topic already exists with different attributes");
                }
            });
            return new TopicArnResult(stored.arn());
        });
    }

    public Uni<Empty> deleteTopic(RequestContext context, TopicRequest request) {
        // Deleting a topic that does not exist succeeds, as on AWS.
        return store.deleteTopic(account(request.topicArn()), request.topicArn()).replaceWith(Empty.INSTANCE);
    }

    public Uni<ListTopicsResult> listTopics(RequestContext context, ListTopicsRequest request) {
        return store.topics(context.accountId()).map(topics -> {
            List<String> arns = topics.stream().map(TopicRecord::arn).sorted().toList();
            Page page = pageOf(arns, request.nextToken());
            return new ListTopicsResult(page.items().stream().map(TopicEntry::new).toList(), page.nextToken());
        });
    }

    public Uni<AttributesResult> getTopicAttributes(RequestContext context, TopicRequest request) {
        return topic(request.topicArn()).chain(topic -> store.subscriptions(topic.account(), topic.arn()).map(subs -> {
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("TopicArn", topic.arn());
            attributes.put("Owner", topic.account());
            attributes.put("DisplayName", "");
            attributes.put("Policy", defaultPolicy(topic));
            long pending = subs.stream().filter(SubscriptionRecord::pending).count();
            attributes.put("SubscriptionsConfirmed", String.valueOf(subs.size() - pending));
            attributes.put("SubscriptionsPending", String.valueOf(pending));
            attributes.put("SubscriptionsDeleted", "0");
            attributes.put("EffectiveDeliveryPolicy", SnsDeliveryPolicy.DEFAULT_TOPIC_POLICY);
            if (topic.fifo()) {
                attributes.put("FifoTopic", "true");
                attributes.put("ContentBasedDeduplication", "false");
            }
            attributes.putAll(topic.attributes());
            return new AttributesResult(attributes);
        }));
    }

    public Uni<Empty> setTopicAttributes(RequestContext context, SetTopicAttributesRequest request) {
        return topic(request.topicArn()).chain(topic -> {
            String value = checkTopicAttribute(request.attributeName(),
                    request.attributeValue() == null ? "" : request.attributeValue(), false);
            if (request.attributeName().equals("ContentBasedDeduplication") && !topic.fifo()) {
                throw SnsErrors.invalidParameter("AttributeName: ContentBasedDeduplication is only valid for FIFO topics");
            }
            Map<String, String> attributes = new LinkedHashMap<>(topic.attributes());
            attributes.put(request.attributeName(), value);
            return store.updateTopic(topic.withAttributes(attributes)).map(SnsTopics::found);
        });
    }

    private static String checkTopicAttribute(String name, String value, boolean creating) {
        if (!TOPIC_ATTRIBUTES.contains(name)) {
            throw SnsErrors.invalidParameter("AttributeName");
        }
        switch (name) {
            case "FifoTopic" -> {
                if (!creating) {
                    throw SnsErrors.invalidParameter("AttributeName: FifoTopic can only be set at creation");
                }
                return bool(name, value);
            }
            case "ContentBasedDeduplication" -> {
                return bool(name, value);
            }
            case "SignatureVersion" -> {
                if (!value.equals("1") && !value.equals("2")) {
                    throw SnsErrors.invalidParameter("Attributes Reason: SignatureVersion must be 1 or 2");
                }
            }
            case "FifoThroughputScope" -> {
                if (!value.equals("Topic") && !value.equals("MessageGroup")) {
                    throw SnsErrors.invalidParameter("Attributes Reason: FifoThroughputScope must be Topic or MessageGroup");
                }
            }
            case "Policy", "ArchivePolicy", "DataProtectionPolicy" -> {
                if (!value.isEmpty() && (Json.parseOrNull(value) == null || !Json.parseOrNull(value).isObject())) {
                    throw SnsErrors.invalidParameter("Attributes Reason: " + name + ": failed to parse JSON");
                }
            }
            case "DeliveryPolicy" -> {
                if (!value.isEmpty()) {
                    SnsDeliveryPolicy.check(value, true);
                }
            }
            default -> { }
        }
        return value;
    }

    private static String bool(String name, String value) {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw SnsErrors.invalidParameter("Attributes Reason: " + name + " must be true or false");
        }
        return value.toLowerCase();
    }

    private static String defaultPolicy(TopicRecord topic) {
        return "{\"Version\":\"2008-10-17\",\"Id\":\"__default_policy_ID\",\"Statement\":[{\"Sid\":\"__default_statement_ID\","
                + "\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":[\"SNS:GetTopicAttributes\","
                + "\"SNS:SetTopicAttributes\",\"SNS:AddPermission\",\"SNS:RemovePermission\",\"SNS:DeleteTopic\","
                + "\"SNS:Subscribe\",\"SNS:ListSubscriptionsByTopic\",\"SNS:Publish\"],\"Resource\":\"" + topic.arn()
                + "\",\"Condition\":{\"StringEquals\":{\"AWS:SourceOwner\":\"" + topic.account() + "\"}}}]}";
    }

    // ---- subscriptions ----------------------------------------------------------------------

    public Uni<SubscriptionArnResult> subscribe(RequestContext context, SubscribeRequest request) {
        String protocol = request.protocol().toLowerCase();
        Map<String, String> attributes = new LinkedHashMap<>();
        if (request.attributes() != null) {
            request.attributes().forEach((name, value) -> attributes.put(name,
                    checkSubscriptionAttribute(name, value == null ? "" : value)));
        }
        SnsDelivery.filterPolicy(attributes);
        return topic(request.topicArn()).chain(topic -> {
            String endpoint = request.endpoint();
            String token = null;
            switch (protocol) {
                case "sqs" -> {
                    if (endpoint == null || !endpoint.matches("arn:aws:sqs:[^:]+:[^:]+:[^:]+")) {
                        throw SnsErrors.invalidParameter("SQS endpoint ARN");
                    }
                    if (endpoint.endsWith(".fifo") && !topic.fifo()) {
                        throw SnsErrors.invalidParameter("Endpoint Reason: FIFO SQS Queues can "
                                + "not be subscribed to standard SNS topics");
                    }
                }
                case "http", "https" -> {
                    URI uri = endpointUri(endpoint, protocol);
                    if (!http.allowed(uri)) {
                        throw SnsErrors.invalidParameter("Endpoint Reason: the host " + uri.getHost()
                                + " is not in Eddy's allowed list (eddy.sns.http-allowed-hosts)");
                    }
                    if (topic.fifo()) {
                        throw SnsErrors.invalidParameter("Endpoint Reason: FIFO topics only "
                                + "deliver to SQS queues");
                    }
                    token = UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
                }
                case "lambda" -> {
                    if (endpoint == null || !endpoint.matches("arn:aws:lambda:[^:]+:\\d{12}:function:[^:]+(:[^:]+)?")) {
                        throw SnsErrors.invalidParameter("Lambda endpoint ARN");
                    }
                    if (topic.fifo()) {
                        throw SnsErrors.invalidParameter("Endpoint Reason: FIFO topics only "
                                + "deliver to SQS queues");
                    }
                }
                case "email", "email-json", "sms", "application", "firehose" ->
                        throw SnsErrors.invalidParameter("Protocol: " + protocol + " subscriptions are not available "
                                + "in this version of Eddy; sqs, http, https and lambda are");
                default -> throw SnsErrors.invalidParameter("Amazon SNS does not support this protocol string: "
                        + request.protocol());
            }
            SubscriptionRecord subscription = new SubscriptionRecord(topic.arn() + ":" + UUID.randomUUID(),
                    topic.arn(), topic.account(), protocol, endpoint, attributes, token);
            return store.subscribe(subscription).chain(stored -> {
                attributes.forEach((name, value) -> {
                    if (!value.equals(stored.attributes().get(name))) {
                        throw SnsErrors.invalidParameter("Attributes Reason: Subscription already exists with "
                                + "different attributes");
                    }
                });
                boolean returnArn = Boolean.TRUE.equals(request.returnSubscriptionArn()) || !stored.pending();
                SubscriptionArnResult result = new SubscriptionArnResult(returnArn ? stored.arn() : "pending confirmation");
                if (!stored.pending()) {
                    return Uni.createFrom().item(result);
                }
                return delivery.confirmationRequest(context, stored, topic.attributes().get("SignatureVersion"))
                        .chain(confirmation -> outbox.record(List.of(confirmation))).invoke(worker::signal).replaceWith(result);
            });
        });
    }

    private static URI endpointUri(String endpoint, String protocol) {
        try {
            URI uri = endpoint == null ? null : URI.create(endpoint);
            if (uri == null || uri.getHost() == null || !protocol.equalsIgnoreCase(uri.getScheme())) {
                throw SnsErrors.invalidParameter("Endpoint must match the specified protocol");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw SnsErrors.invalidParameter("Endpoint must match the specified protocol");
        }
    }

    /**
     * Confirms a pending HTTP subscription by its token (from the confirmation POST's SubscribeURL),
     * or restores a deleted one by the token of its UnsubscribeConfirmation.
     */
    public Uni<SubscriptionArnResult> confirmSubscription(RequestContext context, ConfirmSubscriptionRequest request) {
        return topic(request.topicArn()).chain(topic -> store.subscriptions(topic.account(), topic.arn())
                .chain(subscriptions -> {
                    SubscriptionRecord pending = subscriptions.stream()
                            .filter(s -> request.token().equals(s.token())).findFirst().orElse(null);
                    if (pending != null) {
                        return store.updateSubscription(pending.confirmed())
                                .map(updated -> new SubscriptionArnResult(pending.arn()));
                    }
                    return restore(topic, request.token());
                }));
    }

    /** What an UnsubscribeConfirmation's token carries: the deleted subscription, until it expires. */
    record Restore(SubscriptionRecord subscription, long expiresAt) {
    }

    /** SNS honours a confirmation token for three days. */
    private static final long TOKEN_LIFETIME_MILLIS = 3L * 24 * 3600 * 1000;

    private Uni<SubscriptionArnResult> restore(TopicRecord topic, String token) {
        return signing.unseal(token).chain(text -> {
            Restore restore = text == null ? null : read(text);
            if (restore == null || restore.subscription() == null || !topic.arn().equals(restore.subscription().topicArn())
                    || restore.expiresAt() < clock.now()) {
                throw SnsErrors.invalidParameter("Token");
            }
            return store.subscribe(restore.subscription()).map(stored -> new SubscriptionArnResult(stored.arn()));
        });
    }

    private static Restore read(String text) {
        try {
            return Json.MAPPER.readValue(text, Restore.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    /**
     * Deletes a subscription. A confirmed HTTP/HTTPS endpoint then gets an UnsubscribeConfirmation,
     * as from SNS, whose SubscribeURL restores the subscription.
     */
    public Uni<Empty> unsubscribe(RequestContext context, SubscriptionRequest request) {
        String arn = request.subscriptionArn();
        return store.subscription(account(arn), arn).chain(existing -> store.unsubscribe(account(arn), arn)
                .chain(removed -> {
                    if (!removed) {
                        throw SnsErrors.notFound("Subscription does not exist");
                    }
                    if (existing == null || existing.pending() || !existing.protocol().startsWith("http")) {
                        return Uni.createFrom().item(Empty.INSTANCE);
                    }
                    return store.topic(existing.account(), existing.topicArn()).chain(topic -> signing.seal(
                                    Json.write(new Restore(existing, clock.now() + TOKEN_LIFETIME_MILLIS)))
                            .chain(token -> delivery.unsubscribeConfirmation(context, existing, token,
                                    topic == null ? null : topic.attributes().get("SignatureVersion")))
                            .chain(message -> outbox.record(List.of(message))).invoke(worker::signal)
                            .replaceWith(Empty.INSTANCE));
                }));
    }

    public Uni<ListSubscriptionsResult> listSubscriptions(RequestContext context, ListSubscriptionsRequest request) {
        return store.subscriptions(context.accountId(), null).map(subs -> page(subs, request.nextToken()));
    }

    public Uni<ListSubscriptionsResult> listSubscriptionsByTopic(RequestContext context,
                                                                 ListSubscriptionsByTopicRequest request) {
        return topic(request.topicArn()).chain(topic -> store.subscriptions(topic.account(), topic.arn()))
                .map(subs -> page(subs, request.nextToken()));
    }

    private static ListSubscriptionsResult page(List<SubscriptionRecord> subscriptions, String nextToken) {
        List<SubscriptionRecord> sorted = new ArrayList<>(subscriptions);
        sorted.sort(Comparator.comparing(SubscriptionRecord::arn));
        Page page = pageOf(sorted.stream().map(SubscriptionRecord::arn).toList(), nextToken);
        Map<String, SubscriptionRecord> byArn = new LinkedHashMap<>();
        sorted.forEach(s -> byArn.put(s.arn(), s));
        return new ListSubscriptionsResult(page.items().stream().map(byArn::get)
                .map(s -> new SubscriptionEntry(s.pending() ? "PendingConfirmation" : s.arn(), s.account(),
                        s.protocol(), s.endpoint(), s.topicArn()))
                .toList(), page.nextToken());
    }

    public Uni<AttributesResult> getSubscriptionAttributes(RequestContext context, SubscriptionRequest request) {
        return subscription(request.subscriptionArn()).map(s -> {
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("SubscriptionArn", s.arn());
            attributes.put("TopicArn", s.topicArn());
            attributes.put("Owner", s.account());
            attributes.put("Protocol", s.protocol());
            attributes.put("Endpoint", s.endpoint());
            attributes.put("ConfirmationWasAuthenticated", String.valueOf(!s.pending()));
            attributes.put("PendingConfirmation", String.valueOf(s.pending()));
            attributes.put("RawMessageDelivery", "false");
            attributes.put("SubscriptionPrincipal", "arn:aws:iam::" + s.account() + ":root");
            attributes.putAll(s.attributes());
            if (attributes.containsKey("FilterPolicy")) {
                attributes.putIfAbsent("FilterPolicyScope", "MessageAttributes");
            }
            return new AttributesResult(attributes);
        });
    }

    public Uni<Empty> setSubscriptionAttributes(RequestContext context, SetSubscriptionAttributesRequest request) {
        String value = checkSubscriptionAttribute(request.attributeName(),
                request.attributeValue() == null ? "" : request.attributeValue());
        return subscription(request.subscriptionArn()).chain(s -> {
            Map<String, String> attributes = new LinkedHashMap<>(s.attributes());
            if (value.isEmpty() && request.attributeName().equals("FilterPolicy")) {
                attributes.remove("FilterPolicy");
            } else {
                attributes.put(request.attributeName(), value);
            }
            SnsDelivery.filterPolicy(attributes);
            return store.updateSubscription(s.withAttributes(attributes)).map(SnsTopics::found);
        });
    }

    private static String checkSubscriptionAttribute(String name, String value) {
        if (!SUBSCRIPTION_ATTRIBUTES.contains(name)) {
            throw SnsErrors.invalidParameter("AttributeName");
        }
        switch (name) {
            case "RawMessageDelivery" -> {
                return bool(name, value);
            }
            case "FilterPolicyScope" -> {
                if (!value.equals("MessageAttributes") && !value.equals("MessageBody")) {
                    throw SnsErrors.invalidParameter("Attributes Reason: FilterPolicyScope: Invalid value [" + value
                            + "]. Please use either MessageBody or MessageAttributes");
                }
            }
            case "RedrivePolicy" -> {
                com.fasterxml.jackson.databind.JsonNode policy = Json.parseOrNull(value);
                if (!value.isEmpty() && (policy == null
                        || !policy.path("deadLetterTargetArn").asText("").matches("arn:aws:sqs:[^:]+:[^:]+:[^:]+"))) {
                    throw SnsErrors.invalidParameter("RedrivePolicy: deadLetterTargetArn must be an SQS queue ARN");
                }
            }
            case "DeliveryPolicy" -> {
                if (!value.isEmpty()) {
                    SnsDeliveryPolicy.check(value, false);
                }
            }
            case "ReplayPolicy" -> {
                if (!value.isEmpty() && Json.parseOrNull(value) == null) {
                    throw SnsErrors.invalidParameter(name + ": failed to parse JSON");
                }
            }
            default -> { }
        }
        return value;
    }

    // ---- tags -------------------------------------------------------------------------------

    public Uni<Empty> tagResource(RequestContext context, TagResourceRequest request) {
        return topicForTags(request.resourceArn()).chain(topic ->
                store.updateTopic(topic.withTags(tags(topic.tags(), request.tags()))).map(SnsTopics::found));
    }

    public Uni<Empty> untagResource(RequestContext context, UntagResourceRequest request) {
        return topicForTags(request.resourceArn()).chain(topic -> {
            Map<String, String> tags = new LinkedHashMap<>(topic.tags());
            request.tagKeys().forEach(tags::remove);
            return store.updateTopic(topic.withTags(tags)).map(SnsTopics::found);
        });
    }

    public Uni<TagsResult> listTagsForResource(RequestContext context, ResourceRequest request) {
        return topicForTags(request.resourceArn()).map(topic -> new TagsResult(topic.tags().entrySet().stream()
                .map(e -> new Tag(e.getKey(), e.getValue())).toList()));
    }

    private Uni<TopicRecord> topicForTags(String arn) {
        return store.topic(account(arn), arn).onItem().ifNull().failWith(() ->
                AwsException.sender("ResourceNotFound", 404, "Resource does not exist"));
    }

    /** AWS allows 50 tags a resource; keys 1-128 characters, values up to 256. */
    private static Map<String, String> tags(Map<String, String> current, List<Tag> added) {
        Map<String, String> tags = new LinkedHashMap<>(current);
        if (added != null) {
            for (Tag tag : added) {
                if (tag == null || tag.key() == null || tag.key().isEmpty() || tag.key().length() > 128
                        || (tag.value() != null && tag.value().length() > 256)) {
                    throw SnsErrors.invalidParameter("Tags Reason: tag keys must be 1 to 128 characters, values up "
                            + "to 256");
                }
                tags.put(tag.key(), tag.value() == null ? "" : tag.value());
            }
        }
        if (tags.size() > 50) {
            throw AwsException.sender("TagLimitExceeded", 400, "Could not complete request: tag quota of per "
                    + "resource exceeded");
        }
        return tags;
    }

    // ---- lookups ----------------------------------------------------------------------------

    Uni<TopicRecord> topic(String arn) {
        return store.topic(account(arn), arn).onItem().ifNull().failWith(SnsErrors::topicNotFound);
    }

    private Uni<SubscriptionRecord> subscription(String arn) {
        return store.subscription(account(arn), arn).onItem().ifNull()
                .failWith(() -> SnsErrors.notFound("Subscription does not exist"));
    }

    /** The account of an SNS ARN ({@code arn:aws:sns:<region>:<account>:...}); InvalidParameter if it is not one. */
    static String account(String arn) {
        return Arn.parse(arn, "sns", () -> SnsErrors.invalidParameter("TopicArn")).account();
    }

    private static Empty found(boolean updated) {
        if (!updated) {
            throw SnsErrors.notFound("Resource does not exist");
        }
        return Empty.INSTANCE;
    }

    private static Page pageOf(List<String> sorted, String nextToken) {
        return Page.of(sorted, nextToken, PAGE, true, () -> SnsErrors.invalidParameter("NextToken"));
    }
}
