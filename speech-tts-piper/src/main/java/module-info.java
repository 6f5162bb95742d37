/** Piper and espeak-ng voices. The engine arrives in its own issue; the module already plugs into {@code dev.speech4j.api}. */
module dev.speech4j.tts.piper {
  requires dev.speech4j.api;
  requires org.slf4j;
}
