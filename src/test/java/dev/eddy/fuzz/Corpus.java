package dev.eddy.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The requests that found bugs, kept in {@code fuzz/corpus.txt}: one request a block, blocks split
 * by a line of {@code ---}; a block is {@code METHOD PATH}, header lines, an empty line, the body.
 * {@code \r}, {@code \n} and {@code \0} in the body are written as those escapes.
 */
final class Corpus {
    private Corpus() {
    }

    static List<Fuzzing.Raw> load() throws IOException {
        String text;
        try (InputStream in = Corpus.class.getResourceAsStream("/fuzz/corpus.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Fuzzing.Raw> requests = new ArrayList<>();
        for (String block : text.split("\n---\n")) {
            List<String> lines = block.lines().filter(l -> !l.startsWith("#")).toList();
            if (lines.isEmpty()) {
                continue;
            }
            String[] start = lines.get(0).split(" ", 2);
            Map<String, String> headers = new LinkedHashMap<>();
            int i = 1;
            for (; i < lines.size() && !lines.get(i).isEmpty(); i++) {
                int colon = lines.get(i).indexOf(':');
                headers.put(lines.get(i).substring(0, colon).trim(), lines.get(i).substring(colon + 1).trim());
            }
            String body = String.join("\n", lines.subList(Math.min(i + 1, lines.size()), lines.size()))
                    .replace("\\r", "\r").replace("\\n", "\n").replace("\\0", "\u0000");
            if (body.startsWith("REPEAT ")) {
                String[] repeat = body.split(" ", 4); // REPEAT n unit rest
                body = repeat[2].repeat(Integer.parseInt(repeat[1])) + repeat[3];
            }
            requests.add(new Fuzzing.Raw(start[0], start[1], headers, body.getBytes(StandardCharsets.UTF_8)));
        }
        return requests;
    }
}
