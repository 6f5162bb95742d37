package dev.speech4j.tts.piper.internal;

/** A run of text up to and including its closing punctuation, which {@code terminator} classifies. */
record Clause(String text, Terminator terminator) {}
