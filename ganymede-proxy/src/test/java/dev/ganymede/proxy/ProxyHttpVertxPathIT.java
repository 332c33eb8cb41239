package dev.ganymede.proxy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Every test of {@link ProxyHttpIT} again with the proxy's Netty path left out, so that the Vert.x
 * path ({@link HttpForwarder}, {@link ResponseRelay}) keeps the same behaviour for the routes and
 * servers that use it (the hub's in-process proxy, requests the Netty path passes on).
 */
class ProxyHttpVertxPathIT extends ProxyHttpIT {

  @BeforeEach
  void leaveOutTheNettyPath() {
    ProxyFixture.vertxPathOnly = true;
  }

  @AfterEach
  void restoreTheNettyPath() {
    ProxyFixture.vertxPathOnly = false;
  }
}
