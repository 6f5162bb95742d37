package dev.speech4j.samples.cli;

import dev.speech4j.InvalidOptionsException;
import dev.speech4j.audio.Audio;
import dev.speech4j.audio.AudioSource;
import dev.speech4j.audio.WavEncoding;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Converts any readable audio to WAV, streaming, with optional resampling and channel selection. */
@Command(name = "convert", description = "Convert audio to WAV, streaming: any length in bounded memory.")
final class ConvertCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "IN", description = "Input audio: WAV, FLAC, or anything ffmpeg "
      + "reads, or - for standard input.")
  Path input;

  @Parameters(index = "1", paramLabel = "OUT.wav", description = "Output WAV file.")
  Path output;

  @Option(names = "--rate", paramLabel = "HZ", description = "Resample to this rate.")
  Integer rate;

  @ArgGroup(exclusive = true)
  Channels channels = new Channels();

  @Option(names = "--float", description = "Write 32-bit float samples instead of 16-bit PCM.")
  boolean asFloat;

  static final class Channels {
    @Option(names = "--channels", paramLabel = "N", description = "1 mixes down to mono; or keep the input's count.")
    Integer count;

    @Option(names = "--channel", paramLabel = "K", description = "Keep only channel K, counted from 0.")
    Integer index;
  }

  @Override
  public Integer call() {
    if (rate != null && rate <= 0) {
      throw new InvalidOptionsException("--rate must be a positive number of Hz, got " + rate);
    }
    if (StdStreams.isDash(output)) {
      throw new InvalidOptionsException("convert streams into a WAV file, whose length it writes last: give a file "
          + "for OUT.wav, not -");
    }
    try (AudioSource source = convert(StdStreams.open(input))) {
      long frames = Audio.write(source, output, asFloat ? WavEncoding.FLOAT_32 : WavEncoding.PCM_16);
      spec.commandLine().getOut().printf("%s: %.3f s, %d Hz, %d ch%n", output,
          (double) frames / source.sampleRate(), source.sampleRate(), source.channels());
    }
    return 0;
  }

  private AudioSource convert(AudioSource source) {
    try {
      AudioSource converted = source;
      if (channels.index != null) {
        converted = converted.channel(channels.index);
      } else if (channels.count != null && channels.count != converted.channels()) {
        if (channels.count != 1) {
          throw new InvalidOptionsException("--channels " + channels.count + " cannot be made from "
              + converted.channels() + " channels: use --channels 1 to mix down, or --channel K to pick one");
        }
        converted = converted.mono();
      }
      return rate == null ? converted : converted.resample(rate);
    } catch (RuntimeException e) {
      source.close();
      throw e;
    }
  }
}
