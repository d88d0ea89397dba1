package dev.eddy.sns;

import dev.eddy.common.RequestContext;
import dev.eddy.protocol.Operation;
import dev.eddy.protocol.QueryShape;
import dev.eddy.protocol.QueryShape.MapMember;
import dev.eddy.protocol.ServiceApi;
import dev.eddy.sns.SnsModel.ConfirmSubscriptionRequest;
import dev.eddy.sns.SnsModel.CreateTopicRequest;
import dev.eddy.sns.SnsModel.ListSubscriptionsByTopicRequest;
import dev.eddy.sns.SnsModel.ListSubscriptionsRequest;
import dev.eddy.sns.SnsModel.ListTopicsRequest;
import dev.eddy.sns.SnsModel.PublishBatchRequest;
import dev.eddy.sns.SnsModel.PublishRequest;
import dev.eddy.sns.SnsModel.ResourceRequest;
import dev.eddy.sns.SnsModel.SetSubscriptionAttributesRequest;
import dev.eddy.sns.SnsModel.SetTopicAttributesRequest;
import dev.eddy.sns.SnsModel.SubscribeRequest;
import dev.eddy.sns.SnsModel.SubscriptionRequest;
import dev.eddy.sns.SnsModel.TagResourceRequest;
import dev.eddy.sns.SnsModel.TopicRequest;
import dev.eddy.sns.SnsModel.UntagResourceRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/** SNS as the codecs see it: its operations and its (non-flattened) Query forms. */
@ApplicationScoped
public class SnsApi {
    public static final String VERSION = "2010-03-31";

    /** SNS lists are {@code Name.member.N}; its maps {@code Name.entry.N.key/value}. */
    static final QueryShape QUERY_SHAPE = QueryShape.wrapped(Map.of(
            "Attributes", new MapMember("Attributes", "key", "value", true),
            "MessageAttributes", new MapMember("MessageAttributes", "Name", "Value", true)));

    @Produces
    @Named("sns")
    @Singleton
    ServiceApi snsApi(SnsTopics topics, SnsPublishing publishing) {
        Map<String, Operation<?, ?>> operations = new LinkedHashMap<>();
        add(operations, "CreateTopic", CreateTopicRequest.class, topics::createTopic);
        add(operations, "DeleteTopic", TopicRequest.class, topics::deleteTopic);
        add(operations, "ListTopics", ListTopicsRequest.class, topics::listTopics);
        add(operations, "GetTopicAttributes", TopicRequest.class, topics::getTopicAttributes);
        add(operations, "SetTopicAttributes", SetTopicAttributesRequest.class, topics::setTopicAttributes);
        add(operations, "Subscribe", SubscribeRequest.class, topics::subscribe);
        add(operations, "ConfirmSubscription", ConfirmSubscriptionRequest.class, topics::confirmSubscription);
        add(operations, "Unsubscribe", SubscriptionRequest.class, topics::unsubscribe);
        add(operations, "ListSubscriptions", ListSubscriptionsRequest.class, topics::listSubscriptions);
        add(operations, "ListSubscriptionsByTopic", ListSubscriptionsByTopicRequest.class,
                topics::listSubscriptionsByTopic);
        add(operations, "GetSubscriptionAttributes", SubscriptionRequest.class, topics::getSubscriptionAttributes);
        add(operations, "SetSubscriptionAttributes", SetSubscriptionAttributesRequest.class,
                topics::setSubscriptionAttributes);
        add(operations, "Publish", PublishRequest.class, publishing::publish);
        add(operations, "PublishBatch", PublishBatchRequest.class, publishing::publishBatch);
        add(operations, "TagResource", TagResourceRequest.class, topics::tagResource);
        add(operations, "UntagResource", UntagResourceRequest.class, topics::untagResource);
        add(operations, "ListTagsForResource", ResourceRequest.class, topics::listTagsForResource);
        return new ServiceApi("sns", Map.copyOf(operations), QUERY_SHAPE, "http://sns.amazonaws.com/doc/2010-03-31/",
                "", Set.of());
    }

    private static <Q, R> void add(Map<String, Operation<?, ?>> operations, String name, Class<Q> type,
                                   BiFunction<RequestContext, Q, Uni<R>> handler) {
        operations.put(name, new Operation<>(name, type, handler));
    }
}
