/**
 * Transcription as a service ({@link dev.speech4j.service.SpeechService}): models loaded once and shared, a
 * fallback chain behind Resilience4j circuit breakers and bulkheads, deadlines, Micrometer metrics and a Caffeine
 * result cache, configured from code or a properties file.
 */
module dev.speech4j.service {
  requires transitive dev.speech4j.api;
  requires transitive micrometer.core;
  requires io.github.resilience4j.circuitbreaker;
  requires io.github.resilience4j.bulkhead;
  requires io.github.resilience4j.timelimiter;
  requires io.github.resilience4j.core;
  requires com.github.benmanes.caffeine;
  requires org.slf4j;

  exports dev.speech4j.service;
}
