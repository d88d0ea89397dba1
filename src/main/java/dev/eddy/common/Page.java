package dev.eddy.common;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

/**
 * One page of a sorted listing. The next token is the last item returned, encoded: opaque to
 * clients, and stable when items are added or removed between pages.
 */
public record Page(List<String> items, String nextToken) {

    /**
     * @param withToken whether a truncated page says where to go on (SQS gives a token only when
     *                  MaxResults was set)
     * @param badToken  the error for a token this never issued
     */
    public static Page of(List<String> sorted, String nextToken, int limit, boolean withToken,
                          Supplier<AwsException> badToken) {
        List<String> rest = sorted;
        if (nextToken != null && !nextToken.isEmpty()) {
            String after;
            try {
                after = new String(Base64.getUrlDecoder().decode(nextToken), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw badToken.get();
            }
            rest = sorted.stream().filter(n -> n.compareTo(after) > 0).toList();
        }
        if (rest.size() <= limit) {
            return new Page(rest, null);
        }
        List<String> page = new ArrayList<>(rest.subList(0, limit));
        String token = withToken ? Base64.getUrlEncoder().withoutPadding()
                .encodeToString(page.get(page.size() - 1).getBytes(StandardCharsets.UTF_8)) : null;
        return new Page(page, token);
    }
}
