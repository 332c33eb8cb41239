package dev.ganymede.proxy;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;

/**
 * Netty's response decoder, told whether the request in flight is a {@code HEAD} (whose response
 * has no body whatever its headers say). Netty's {@code HttpClientCodec} learns this from a queue
 * of the methods it encoded; a pooled connection has one request in flight at a time and says so
 * directly, which spares a codec wrapper on every read and write.
 */
final class TargetResponseDecoder extends HttpResponseDecoder {
  private boolean headRequest;

  TargetResponseDecoder(HttpDecoderConfig config) {
    super(config);
  }

  /** Set before the request is written. */
  void headRequest(boolean headRequest) {
    this.headRequest = headRequest;
  }

  @Override
  protected boolean isContentAlwaysEmpty(HttpMessage msg) {
    if (headRequest && msg instanceof HttpResponse response && response.status().code() >= 200) {
      return true;
    }
    return super.isContentAlwaysEmpty(msg);
  }
}
