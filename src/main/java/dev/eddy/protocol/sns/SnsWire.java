package dev.eddy.protocol.sns;

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
import dev.eddy.sns.SnsPublishing;
import dev.eddy.sns.SnsTopics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;

/** SNS on the wire: its operations (name, request record, service method) and its (non-flattened) Query forms. */
@ApplicationScoped
public class SnsWire {
    public static final String VERSION = "2010-03-31";

    /** SNS lists are {@code Name.member.N}; its maps {@code Name.entry.N.key/value}. */
    static final QueryShape QUERY_SHAPE = QueryShape.wrapped(Map.of(
            "Attributes", new MapMember("Attributes", "key", "value", true),
            "MessageAttributes", new MapMember("MessageAttributes", "Name", "Value", true)));

    @Produces
    @Named("sns")
    @Singleton
    ServiceApi snsApi(SnsTopics topics, SnsPublishing publishing) {
        Operation.Table operations = new Operation.Table();
        operations.add("CreateTopic", CreateTopicRequest.class, topics::createTopic);
        operations.add("DeleteTopic", TopicRequest.class, topics::deleteTopic);
        operations.add("ListTopics", ListTopicsRequest.class, topics::listTopics);
        operations.add("GetTopicAttributes", TopicRequest.class, topics::getTopicAttributes);
        operations.add("SetTopicAttributes", SetTopicAttributesRequest.class, topics::setTopicAttributes);
        operations.add("Subscribe", SubscribeRequest.class, topics::subscribe);
        operations.add("ConfirmSubscription", ConfirmSubscriptionRequest.class, topics::confirmSubscription);
        operations.add("Unsubscribe", SubscriptionRequest.class, topics::unsubscribe);
        operations.add("ListSubscriptions", ListSubscriptionsRequest.class, topics::listSubscriptions);
        operations.add("ListSubscriptionsByTopic", ListSubscriptionsByTopicRequest.class,
                topics::listSubscriptionsByTopic);
        operations.add("GetSubscriptionAttributes", SubscriptionRequest.class, topics::getSubscriptionAttributes);
        operations.add("SetSubscriptionAttributes", SetSubscriptionAttributesRequest.class,
                topics::setSubscriptionAttributes);
        operations.add("Publish", PublishRequest.class, publishing::publish);
        operations.add("PublishBatch", PublishBatchRequest.class, publishing::publishBatch);
        operations.add("TagResource", TagResourceRequest.class, topics::tagResource);
        operations.add("UntagResource", UntagResourceRequest.class, topics::untagResource);
        operations.add("ListTagsForResource", ResourceRequest.class, topics::listTagsForResource);
        return new ServiceApi("sns", operations.operations(), QUERY_SHAPE, "http://sns.amazonaws.com/doc/2010-03-31/",
                "", Set.of());
    }
}
