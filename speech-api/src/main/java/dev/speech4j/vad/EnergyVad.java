package dev.speech4j.vad;

/**
 * A pure-Java detector that needs no model: a frame is speech when it is clearly louder than the background.
 *
 * <p>Each 32 ms frame is high-passed at 100 Hz (to ignore rumble and DC) and its level taken in dBFS. Frames below
 * -58 dBFS always score 0. The noise floor is the quietest other frame of the last two seconds, so it falls at once
 * and rises after two seconds of steady noise. The score is a logistic curve of the level above the floor: 0.5 at
 * 12 dB, changing by one unit of log-odds per 2 dB, so {@link VadOptions#defaults()} apply as they do to a neural
 * model. After a frame scores 0.5 or more, the next 4 frames score at least as much, to bridge the quiet ends of
 * words.
 *
 * <p>It knows loud from quiet, not speech from other sound: music, clatter and sudden noise count as speech until
 * the floor has caught up. Use a neural detector ({@code silero}) where that matters.
 */
public final class EnergyVad implements VoiceActivityDetector {
  private static final int SAMPLE_RATE = 16_000;
  private static final int FRAME_SIZE = 512;
  private static final double HIGH_PASS_HZ = 100;
  private static final int FLOOR_FRAMES = 2 * SAMPLE_RATE / FRAME_SIZE;
  private static final double MARGIN_DB = 12;
  private static final double SLOPE_DB = 2;
  private static final int HANGOVER_FRAMES = 4;
  private static final double GATE_DB = -58;

  @Override
  public int sampleRate() {
    return SAMPLE_RATE;
  }

  @Override
  public int frameSize() {
    return FRAME_SIZE;
  }

  @Override
  public FrameScorer newScorer() {
    return new Scorer();
  }

  @Override
  public void close() {}

  private static final class Scorer implements FrameScorer {
    private static final double POLE = Math.exp(-2 * Math.PI * HIGH_PASS_HZ / SAMPLE_RATE);

    private final double[] recentLevels = new double[FLOOR_FRAMES];
    private int recent;
    private int next;
    private double lastInput;
    private double lastOutput;
    private int hangover;
    private float held;

    @Override
    public float score(float[] frame) {
      if (frame.length != FRAME_SIZE) {
        throw new IllegalArgumentException("a frame holds " + FRAME_SIZE + " samples, got " + frame.length);
      }
      double level = levelDb(frame);
      boolean gated = level < GATE_DB;
      recentLevels[next] = gated ? Double.POSITIVE_INFINITY : level;
      next = (next + 1) % FLOOR_FRAMES;
      recent = Math.min(recent + 1, FLOOR_FRAMES);
      if (gated) {
        hangover = 0;
        return 0f;
      }
      double floor = level;
      for (int i = 0; i < recent; i++) {
        floor = Math.min(floor, recentLevels[i]);
      }
      float score = (float) (1 / (1 + Math.exp((floor + MARGIN_DB - level) / SLOPE_DB)));
      if (score >= 0.5f) {
        hangover = HANGOVER_FRAMES;
        held = score;
      } else if (hangover > 0) {
        hangover--;
        score = Math.max(score, held);
      }
      return score;
    }

    /** RMS level of the high-passed frame in dB relative to full scale; about -120 for digital silence. */
    private double levelDb(float[] frame) {
      double energy = 0;
      for (float x : frame) {
        lastOutput = POLE * (lastOutput + x - lastInput);
        lastInput = x;
        energy += lastOutput * lastOutput;
      }
      return 10 * Math.log10(energy / FRAME_SIZE + 1e-12);
    }

    @Override
    public void reset() {
      recent = 0;
      next = 0;
      lastInput = 0;
      lastOutput = 0;
      hangover = 0;
      held = 0;
    }
  }
}
