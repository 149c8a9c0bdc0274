package dev.dynrnn.io;

/**
 * A small, strict JSON (RFC 8259) reader and writer with no dependency, for test fixtures,
 * safetensors headers and JSONL logs.
 *
 * <p>Values map to Java as follows:
 * <table>
 *   <caption>JSON to Java</caption>
 *   <tr><th>JSON</th><th>{@link #parse} returns</th><th>{@link #write} also accepts</th></tr>
 *   <tr><td>object</td><td>{@code LinkedHashMap<String, Object>}, in document order</td>
 *       <td>any {@code Map} with {@code String} keys</td></tr>
 *   <tr><td>array</td><td>{@code ArrayList<Object>}</td>
 *       <td>any {@code List}; {@code float[]}, {@code double[]}, {@code int[]}, {@code long[]}</td></tr>
 *   <tr><td>number without fraction or exponent that fits a long</td><td>{@code Long}</td>
 *       <td>{@code Long}, {@code Integer}, {@code Short}, {@code Byte}, {@code BigInteger}</td></tr>
 *   <tr><td>any other number</td><td>{@code Double}</td>
 *       <td>{@code Double}, {@code Float}, {@code BigDecimal}</td></tr>
 *   <tr><td>string</td><td>{@code String}</td><td>{@code String}</td></tr>
 *   <tr><td>true / false</td><td>{@code Boolean}</td><td>{@code Boolean}</td></tr>
 *   <tr><td>null</td><td>{@code null}</td><td>{@code null}</td></tr>
 * </table>
 *
 * <p>Numbers are written with {@link Double#toString(double)} and {@link Float#toString(float)},
 * so parsing gives back the same double, and the same float after a {@code (float)} cast. JSON has
 * no NaN or infinity; writing one is an error.
 */
public final class Json {
    private Json() {}

    /**
     * Parses one JSON value; only whitespace may surround it.
     *
     * @throws JsonParseException naming the line and column (both from 1) of the first error,
     *     including duplicate object keys and nesting deeper than {@value JsonReader#MAX_DEPTH}
     */
    public static Object parse(String text) {
        return new JsonReader(text).readDocument();
    }

    /**
     * Writes {@code value} as compact JSON (no whitespace, so one value fits one JSONL line).
     *
     * @throws IllegalArgumentException for NaN or infinity, a map key that is not a String, a
     *     type outside the table above, or nesting deeper than {@value JsonWriter#MAX_DEPTH}
     *     (a cycle); the message gives the path of the offending value, e.g. {@code $.loss[3]}
     */
    public static String write(Object value) {
        return JsonWriter.write(value);
    }
}
