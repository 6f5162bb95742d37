package dev.speech4j.service;

import java.time.Instant;

/**
 * A model the service holds loaded: its entry, when it loaded and was last used, how many calls run on it, and the
 * size of its files on disk, the best estimate of the memory its weights take.
 */
public record LoadedModel(ModelEntry entry, Instant loadedAt, Instant lastUsed, int inFlight, long bytes) {}
