package dev.ganymede.proxy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import java.util.Map;

/**
 * JSON for the proxy's APIs (its route API, the hub's route and auth APIs), read and written with
 * Vert.x's streaming codec on jackson-core alone.
 *
 * <p>Why not {@code new JsonObject(buffer)} and {@code encode()}: they go through Vert.x's
 * process-wide codec, which is Jackson databind's wherever databind is on the class path (it is,
 * for the hub). Loading it costs about 490 classes and 5 MiB of metaspace, a tenth of what the
 * standalone proxy holds; the proxy only ever exchanges plain objects, which the streaming codec
 * reads and writes the same way.
 */
public final class ProxyJson {
  private static final JacksonCodec CODEC = new JacksonCodec();

  private ProxyJson() {}

  /**
   * The JSON object in {@code json}.
   *
   * @throws DecodeException if it is not JSON or not an object
   */
  @SuppressWarnings("unchecked")
  public static JsonObject object(Buffer json) {
    Map<String, Object> map = CODEC.fromBuffer(json, Map.class);
    if (map == null) {
      throw new DecodeException("not a JSON object");
    }
    return new JsonObject(map);
  }

  /** {@code json} as compact JSON text. */
  public static String text(JsonObject json) {
    return CODEC.toString(json, false);
  }

  /** {@code json} as compact JSON bytes. */
  public static Buffer buffer(JsonObject json) {
    return CODEC.toBuffer(json, false);
  }
}
