package dev.eddy.protocol;

import java.util.Map;

/**
 * The small declaration that lets the AWS Query codec map flattened parameters and XML results
 * generically: which members are flattened lists and maps, and the element names they use on the
 * wire. Everything not declared is a scalar or a nested structure of the same name.
 *
 * @param lists        flattened list name on the wire to the member name ({@code AttributeName} to
 *                     {@code AttributeNames})
 * @param maps         flattened map name on the wire to the member and its key and value names
 * @param resultLists  member name of a list in results to its flattened element name; a key
 *                     {@code Operation.Member} overrides the plain member name for one operation
 * @param resultMaps   member name of a map in results to its flattened element
 */
public record QueryShape(Map<String, String> lists, Map<String, MapMember> maps, Map<String, String> resultLists,
                         Map<String, MapMember> resultMaps) {

    /**
     * A map: flattened ({@code <element>.N.<key>}, as SQS has them) or wrapped
     * ({@code <member>.entry.N.<key>}, as SNS has them; then {@code name} is the member name).
     */
    public record MapMember(String name, String key, String value, boolean wrapped) {
        public MapMember(String name, String key, String value) {
            this(name, key, value, false);
        }
    }

    /** A service whose lists are all {@code Name.member.N} and whose maps are declared as wrapped. */
    public static QueryShape wrapped(Map<String, MapMember> maps) {
        return new QueryShape(Map.of(), maps, Map.of(), maps);
    }

    public String resultListElement(String operation, String member) {
        String element = resultLists.get(operation + "." + member);
        return element != null ? element : resultLists.get(member);
    }
}
