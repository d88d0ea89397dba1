package dev.eddy.s3;

import dev.eddy.common.RequestContext;
import dev.eddy.s3.S3Model.Empty;
import dev.eddy.s3.S3Model.ObjectRequest;
import dev.eddy.s3.S3Model.PutObjectTaggingRequest;
import dev.eddy.s3.S3Model.Tag;
import dev.eddy.s3.S3Model.Tagging;
import dev.eddy.store.ObjectRecord;
import dev.eddy.store.ObjectStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/** PutObjectTagging, GetObjectTagging and DeleteObjectTagging; a change of tags is notified. */
@ApplicationScoped
public class S3ObjectTagging {
    private final ObjectStore store;
    private final S3Objects objects;
    private final S3Notifications notifications;

    S3ObjectTagging(ObjectStore store, S3Objects objects, S3Notifications notifications) {
        this.store = store;
        this.objects = objects;
        this.notifications = notifications;
    }

    public Uni<Empty> put(RequestContext context, PutObjectTaggingRequest call) {
        Map<String, String> tags = ObjectTags.fromDocument(call.taggingDocument());
        return retag(call.bucket(), call.key(), tags, 0).chain(object -> notified(context, call.sourceIp(), object,
                "ObjectTagging:Put"));
    }

    public Uni<Tagging> get(RequestContext context, ObjectRequest call) {
        return objects.existing(call.bucket(), call.key()).map(object -> new Tagging(object.tags().entrySet().stream()
                .map(tag -> new Tag(tag.getKey(), tag.getValue())).toList()));
    }

    public Uni<Empty> delete(RequestContext context, ObjectRequest call) {
        return retag(call.bucket(), call.key(), Map.of(), 0).chain(object -> notified(context, call.sourceIp(), object,
                "ObjectTagging:Delete"));
    }

    private Uni<Empty> notified(RequestContext context, String sourceIp, ObjectRecord object, String event) {
        return notifications.emit(context, object.bucket(), sourceIp, List.of(new ObjectEvent(event, object.key(),
                object.size(), object.etag().replace("\"", ""), -1))).replaceWith(Empty.INSTANCE);
    }

    /** Replaces the tags of the object as it is now; a concurrent write makes it read again. */
    private Uni<ObjectRecord> retag(String bucket, String key, Map<String, String> tags, int attempt) {
        return objects.existing(bucket, key).chain(object -> {
            ObjectRecord tagged = object.withTags(tags);
            return store.replaceObject(object, tagged).chain(replaced -> {
                if (replaced) {
                    return Uni.createFrom().item(tagged);
                }
                if (attempt >= 5) {
                    throw new S3Exception("OperationAborted", 409, "A conflicting conditional operation is currently "
                            + "in progress against this resource. Please try again.");
                }
                return retag(bucket, key, tags, attempt + 1);
            });
        });
    }
}
