/**
 * Reading and writing files: {@link dev.dynrnn.io.Json}, a strict dependency-free JSON reader and
 * writer (fixtures, safetensors headers, JSONL logs).
 */
package dev.dynrnn.io;
