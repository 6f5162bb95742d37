/**
 * A Wyoming protocol server ({@link dev.speech4j.wyoming.WyomingServer}) for Home Assistant's and openHAB's local
 * voice pipelines: speech-to-text, text-to-speech and voice activity events over one TCP port, on a
 * {@link dev.speech4j.service.SpeechService}.
 */
module dev.speech4j.wyoming {
  requires transitive dev.speech4j.service;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports dev.speech4j.wyoming;
}
