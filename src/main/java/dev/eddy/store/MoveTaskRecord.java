package dev.eddy.store;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A message move task as stored, so that every replica lists and cancels the same tasks and a
 * queue has one active task at a time.
 *
 * @param rate      MaxNumberOfMessagesPerSecond, or null for as fast as possible
 * @param status    RUNNING, CANCELLING, CANCELLED, COMPLETED or FAILED
 * @param heartbeat epoch ms of the runner's latest progress; a RUNNING task whose runner went away
 *                  stops beating
 */
@RegisterForReflection
public record MoveTaskRecord(String taskId, QueueId source, String sourceArn, String destinationArn, Integer rate,
                             long started, long toMove, long moved, String status, String failureReason,
                             long heartbeat) {

    public boolean active() {
        return status.equals("RUNNING") || status.equals("CANCELLING");
    }

    public MoveTaskRecord progressed(long movedNow, long now) {
        return new MoveTaskRecord(taskId, source, sourceArn, destinationArn, rate, started, toMove, movedNow, status,
                failureReason, now);
    }

    public MoveTaskRecord withStatus(String newStatus, String reason, long now) {
        return new MoveTaskRecord(taskId, source, sourceArn, destinationArn, rate, started, toMove, moved, newStatus,
                reason, now);
    }
}
