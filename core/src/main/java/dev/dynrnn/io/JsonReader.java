package dev.dynrnn.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recursive-descent parser behind {@link Json#parse}. Strict: no comments, no trailing commas, no
 * single quotes, no leading zeros or {@code +}, no NaN, no raw control characters in strings, no
 * duplicate keys.
 */
final class JsonReader {
    /** Deeper documents are rejected rather than risk a StackOverflowError. */
    static final int MAX_DEPTH = 512;

    private final String text;
    private int pos;
    private int depth;

    JsonReader(String text) {
        this.text = text;
    }

    Object readDocument() {
        skipWhitespace();
        Object value = readValue();
        skipWhitespace();
        if (pos < text.length()) {
            throw error(pos, "unexpected " + describe(pos) + " after the JSON value");
        }
        return value;
    }

    private Object readValue() {
        if (pos >= text.length()) {
            throw error(pos, "expected a JSON value, found end of input");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return readObject();
            case '[':
                return readArray();
            case '"':
                return readString();
            case 't':
                return readLiteral("true", Boolean.TRUE);
            case 'f':
                return readLiteral("false", Boolean.FALSE);
            case 'n':
                return readLiteral("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return readNumber();
                }
                throw error(pos, "expected a JSON value, found " + describe(pos));
        }
    }

    private Map<String, Object> readObject() {
        int start = pos;
        enter(start);
        pos++; // '{'
        Map<String, Object> object = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            depth--;
            return object;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error(pos, "expected a string key in object, found " + describe(pos));
            }
            int keyPos = pos;
            String key = readString();
            if (object.containsKey(key)) {
                throw error(keyPos, "duplicate key " + quote(key) + " in object");
            }
            skipWhitespace();
            expect(':', "after object key " + quote(key));
            skipWhitespace();
            object.put(key, readValue());
            skipWhitespace();
            if (peek() == ',') {
                pos++;
            } else if (peek() == '}') {
                pos++;
                depth--;
                return object;
            } else {
                throw error(pos, "expected ',' or '}' in object, found " + describe(pos));
            }
        }
    }

    private List<Object> readArray() {
        enter(pos);
        pos++; // '['
        List<Object> array = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            depth--;
            return array;
        }
        while (true) {
            skipWhitespace();
            array.add(readValue());
            skipWhitespace();
            if (peek() == ',') {
                pos++;
            } else if (peek() == ']') {
                pos++;
                depth--;
                return array;
            } else {
                throw error(pos, "expected ',' or ']' in array, found " + describe(pos));
            }
        }
    }

    private String readString() {
        int start = pos;
        pos++; // opening quote
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error(start, "unterminated string");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return out.toString();
            }
            if (c < 0x20) {
                throw error(pos, "control character " + describe(pos) + " in string must be escaped");
            }
            if (c == '\\') {
                out.append(readEscape());
            } else {
                out.append(c);
                pos++;
            }
        }
    }

    /** Reads one escape sequence at {@code pos} (a backslash) and returns the character. */
    private char readEscape() {
        int start = pos;
        pos++;
        if (pos >= text.length()) {
            throw error(start, "unterminated escape sequence");
        }
        char c = text.charAt(pos++);
        switch (c) {
            case '"': return '"';
            case '\\': return '\\';
            case '/': return '/';
            case 'b': return '\b';
            case 'f': return '\f';
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'u':
                int code = 0;
                for (int i = 0; i < 4; i++) {
                    int digit = pos < text.length() ? hexValue(text.charAt(pos)) : -1;
                    if (digit < 0) {
                        throw error(pos, "\\u escape needs 4 hex digits, found "
                                + (pos < text.length() ? describe(pos) : "end of input"));
                    }
                    code = code * 16 + digit;
                    pos++;
                }
                // a surrogate pair arrives as two escapes; the Java string then holds both halves
                return (char) code;
            default:
                throw error(start, "invalid escape sequence \\" + c);
        }
    }

    private Object readNumber() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
            if (isDigit(peek())) {
                throw error(start, "leading zeros are not allowed in numbers");
            }
        } else if (isDigit(peek())) {
            skipDigits();
        } else {
            throw error(pos, "expected a digit, found " + describe(pos));
        }
        boolean integral = true;
        if (peek() == '.') {
            pos++;
            requireDigit("after the decimal point");
            integral = false;
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            requireDigit("in the exponent");
            integral = false;
        }
        String literal = text.substring(start, pos);
        if (integral) {
            try {
                return Long.parseLong(literal);
            } catch (NumberFormatException tooBigForLong) {
                // falls through to double, as documented
            }
        }
        double value = Double.parseDouble(literal);
        if (Double.isInfinite(value)) {
            throw error(start, "number " + literal + " is too large for a double");
        }
        return value;
    }

    private void requireDigit(String where) {
        if (!isDigit(peek())) {
            throw error(pos, "expected a digit " + where + ", found " + describe(pos));
        }
        skipDigits();
    }

    private void skipDigits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private Object readLiteral(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            int end = pos;
            while (end < text.length() && Character.isLetterOrDigit(text.charAt(end))) {
                end++;
            }
            throw error(pos, "expected a JSON value, found '" + text.substring(pos, Math.max(end, pos + 1)) + "'");
        }
        pos += word.length();
        return value;
    }

    private void enter(int at) {
        if (++depth > MAX_DEPTH) {
            throw error(at, "nesting deeper than " + MAX_DEPTH + " levels");
        }
    }

    private void expect(char wanted, String where) {
        if (peek() != wanted) {
            throw error(pos, "expected '" + wanted + "' " + where + ", found " + describe(pos));
        }
        pos++;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    /** The character at {@code pos}, or 0 at the end (never a valid token start). */
    private char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    /** The value of an ASCII hex digit, else -1 (Character.digit would also take non-ASCII digits). */
    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private String describe(int at) {
        if (at >= text.length()) {
            return "end of input";
        }
        char c = text.charAt(at);
        if (c < 0x20 || c == 0x7f) {
            return String.format("U+%04X", (int) c);
        }
        return "'" + c + "'";
    }

    private static String quote(String key) {
        return "\"" + key + "\"";
    }

    private JsonParseException error(int at, String problem) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < at && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new JsonParseException(line, at - lineStart + 1, problem);
    }
}
