package dev.dynrnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTest {

    @Test
    void parsesEveryValueTypeToItsDocumentedJavaType() {
        Map<?, ?> object = (Map<?, ?>) Json.parse(
                "{\"s\": \"text\", \"i\": -42, \"d\": 1.5e3, \"t\": true, \"f\": false, \"n\": null, \"a\": [1, 2.0]}");
        assertInstanceOf(LinkedHashMap.class, object);
        assertEquals(List.of("s", "i", "d", "t", "f", "n", "a"), new ArrayList<>(object.keySet()), "document order");
        assertEquals("text", object.get("s"));
        assertEquals(-42L, object.get("i"));
        assertEquals(1500.0, object.get("d"));
        assertEquals(Boolean.TRUE, object.get("t"));
        assertEquals(Boolean.FALSE, object.get("f"));
        assertNull(object.get("n"));
        assertTrue(object.containsKey("n"));
        assertInstanceOf(ArrayList.class, object.get("a"));
        assertEquals(List.of(1L, 2.0), object.get("a"));
    }

    @Test
    void integersBeyondLongBecomeDoubles() {
        assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, Json.parse("-9223372036854775808"));
        assertEquals(9223372036854775808.0, Json.parse("9223372036854775808"));
        assertEquals(-0.0, Json.parse("-0.0"));
        assertEquals(1e-300, Json.parse("1E-300"));
    }

    @Test
    void parsesNestedStructures() {
        Object parsed = Json.parse(" [ {\"a\": [[], {}, [{\"b\": [null]}]]} ,\n[] ] ");
        List<Object> inner = new ArrayList<>();
        inner.add(null);
        Map<String, Object> b = Map.of("b", inner);
        List<Object> a = List.of(List.of(), Map.of(), List.of(b));
        assertEquals(List.of(Map.of("a", a), List.of()), parsed);
    }

    @Test
    void decodesEscapesIncludingUnicodeAndSurrogatePairs() {
        assertEquals("\"\\/\b\f\n\r\t", Json.parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\""));
        assertEquals("é€", Json.parse("\"\\u00e9\\u20AC\""));
        assertEquals("\uD83D\uDE00", Json.parse("\"\\ud83d\\ude00\""), "U+1F600 from a surrogate pair");
        assertEquals("naïve 😀", Json.parse("\"naïve 😀\""), "raw non-ASCII passes through");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "''                  | 1 | 1 | expected a JSON value, found end of input",
        "'{\"a\": 1,}'       | 1 | 9 | expected a string key in object, found '}'",
        "'[1, 2,]'           | 1 | 7 | expected a JSON value, found ']'",
        "'[1 2]'             | 1 | 4 | expected ',' or ']' in array, found '2'",
        "'{\"a\" 1}'         | 1 | 6 | expected ':' after object key \"a\", found '1'",
        "'{\"a\": 1 \"b\": 2}' | 1 | 9 | expected ',' or '}' in object, found '\"'",
        "'01'                | 1 | 1 | leading zeros are not allowed in numbers",
        "'1.'                | 1 | 3 | expected a digit after the decimal point, found end of input",
        "'-'                 | 1 | 2 | expected a digit, found end of input",
        "'1e'                | 1 | 3 | expected a digit in the exponent, found end of input",
        "'+1'                | 1 | 1 | expected a JSON value, found '+'",
        "'NaN'               | 1 | 1 | expected a JSON value, found 'N'",
        "'tru'               | 1 | 1 | expected a JSON value, found 'tru'",
        "'nullx'             | 1 | 5 | unexpected 'x' after the JSON value",
        "'\"abc'             | 1 | 1 | unterminated string",
        "'\"a\\x\"'          | 1 | 3 | invalid escape sequence \\x",
        "'\"\\u12g4\"'       | 1 | 6 | \\u escape needs 4 hex digits, found 'g'",
        "'1e400'             | 1 | 1 | number 1e400 is too large for a double",
        "'{\"k\": 1, \"k\": 2}' | 1 | 10 | duplicate key \"k\" in object",
        "'// comment'        | 1 | 1 | expected a JSON value, found '/'",
    })
    void rejectsMalformedInputNamingLineAndColumn(String text, int line, int column, String problem) {
        JsonParseException e = assertThrows(JsonParseException.class, () -> Json.parse(text));
        assertEquals("line " + line + ", column " + column + ": " + problem, e.getMessage());
        assertEquals(line, e.line());
        assertEquals(column, e.column());
    }

    @Test
    void countsLinesAndColumnsAcrossNewlines() {
        JsonParseException e = assertThrows(JsonParseException.class,
                () -> Json.parse("{\n  \"a\": 1,\n  \"b\": [1, 2,,]\n}"));
        assertEquals("line 3, column 14: expected a JSON value, found ','", e.getMessage());
    }

    @Test
    void rejectsRawControlCharactersInStrings() {
        JsonParseException e = assertThrows(JsonParseException.class, () -> Json.parse("\"a\nb\""));
        assertEquals("line 1, column 3: control character U+000A in string must be escaped", e.getMessage());
    }

    @Test
    void rejectsNestingDeeperThanTheLimitInsteadOfOverflowingTheStack() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        JsonParseException e = assertThrows(JsonParseException.class, () -> Json.parse(deep));
        assertEquals("line 1, column 513: nesting deeper than 512 levels", e.getMessage());
        String allowed = "[".repeat(512) + "]".repeat(512);
        assertInstanceOf(List.class, Json.parse(allowed));
    }

    @Test
    void writesCompactJsonInMapOrder() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("name", "rnn");
        value.put("layers", 2);
        value.put("lr", 0.001);
        value.put("shape", new long[] {3, 4});
        value.put("weights", new float[] {0.1f, -2.5f});
        value.put("losses", new double[] {1.0, 1e-7});
        value.put("ids", new int[] {});
        value.put("ok", true);
        value.put("none", null);
        value.put("nested", List.of(Map.of("x", 1L)));
        assertEquals("{\"name\":\"rnn\",\"layers\":2,\"lr\":0.001,\"shape\":[3,4],\"weights\":[0.1,-2.5],"
                + "\"losses\":[1.0,1.0E-7],\"ids\":[],\"ok\":true,\"none\":null,\"nested\":[{\"x\":1}]}",
                Json.write(value));
    }

    @Test
    void writesOtherNumberTypes() {
        assertEquals("[7,8,9,12345678901234567890,1E+3,-0.0]", Json.write(List.of(
                (byte) 7, (short) 8, 9, new BigInteger("12345678901234567890"), new BigDecimal("1E+3"), -0.0)));
    }

    @Test
    void escapesStringsSoTheyParseBack() {
        String nasty = "quote\" backslash\\ newline\n tab\t bell\u0007 é 😀 lone\uD800 end";
        String written = Json.write(nasty);
        assertEquals("\"quote\\\" backslash\\\\ newline\\n tab\\t bell\\u0007 é 😀 lone\\ud800 end\"", written);
        assertEquals(nasty, Json.parse(written));
    }

    @Test
    void roundTripsNestedValues() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("list", new ArrayList<>(Arrays.asList(1L, -2.5, "x", null, false, new ArrayList<>())));
        value.put("map", new LinkedHashMap<>(Map.of("k", new LinkedHashMap<>())));
        assertEquals(value, Json.parse(Json.write(value)));
    }

    @Test
    void refusesNanAndInfinityNamingWhereTheyAre() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("losses", new double[] {0.5, Double.NaN});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.write(value));
        assertEquals("JSON has no NaN; cannot write it (at $.losses[1])", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Json.write(List.of(Map.of("w", Float.NEGATIVE_INFINITY))));
        assertEquals("JSON has no -Infinity; cannot write it (at $[0].w)", e.getMessage());
    }

    @Test
    void refusesNonStringKeysAndUnknownTypes() {
        Map<Object, Object> map = new HashMap<>();
        map.put(1, "one");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.write(map));
        assertEquals("object key 1 is a java.lang.Integer, not a String (at $)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Json.write(List.of(new Object())));
        assertEquals("cannot write a java.lang.Object as JSON (at $[0])", e.getMessage());
    }

    @Test
    void refusesCyclesInsteadOfOverflowingTheStack() {
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.write(cycle));
        assertTrue(e.getMessage().startsWith("nesting deeper than 1000 levels (a cycle?) (at $[0][0]"),
                e.getMessage());
    }
}
