package dev.eddy.s3;

import dev.eddy.store.ObjectRecord;
import dev.eddy.store.ObjectSegment;
import dev.eddy.store.ObjectStore;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Reads an object's bytes (or a range of them) from its segments, at most 1 MiB per store read. */
final class ObjectBytes {
    static final int PIECE = 1024 * 1024;

    private record Piece(String blob, long offset, int length) {
    }

    private ObjectBytes() {
    }

    /** The bytes first..last (inclusive) as a stream of pieces, read one after the other. */
    static Multi<byte[]> stream(ObjectStore store, ObjectRecord object, long first, long last) {
        List<Piece> pieces = pieces(object, first, last);
        return Multi.createFrom().iterable(pieces).onItem().transformToUniAndConcatenate(p ->
                store.readBlob(object.bucket(), p.blob(), p.offset(), p.length()).onItem().ifNull()
                        .failWith(() -> new S3Exception("InternalError", 500, "The object changed while it was read; "
                                + "please retry.")));
    }

    /** All the bytes first..last, in memory (copies). */
    static Uni<byte[]> read(ObjectStore store, ObjectRecord object, long first, long last) {
        if (last < first) {
            return Uni.createFrom().item(new byte[0]);
        }
        return stream(store, object, first, last).collect().in(ByteArrayOutputStream::new,
                ByteArrayOutputStream::writeBytes).map(ByteArrayOutputStream::toByteArray);
    }

    private static List<Piece> pieces(ObjectRecord object, long first, long last) {
        List<Piece> pieces = new ArrayList<>();
        long start = 0;
        for (ObjectSegment segment : object.segments()) {
            long end = start + segment.size() - 1;
            long from = Math.max(first, start);
            long to = Math.min(last, end);
            for (long at = from; at <= to; at += PIECE) {
                pieces.add(new Piece(segment.blob(), at - start, (int) Math.min(PIECE, to - at + 1)));
            }
            start += segment.size();
        }
        return pieces;
    }
}
