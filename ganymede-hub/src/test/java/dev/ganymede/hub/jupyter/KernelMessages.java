package dev.ganymede.hub.jupyter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.WebSocket;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The Jupyter kernel messages tests send and read over a kernel's WebSocket: an {@code
 * execute_request}, and a listener that completes with the matching {@code execute_result}.
 */
public final class KernelMessages {
  private static final ObjectMapper JSON = new ObjectMapper();

  private KernelMessages() {}

  /** A listener completing {@code result} with the text/plain result answering {@code msgId}. */
  public static WebSocket.Listener resultListener(String msgId, CompletableFuture<String> result) {
    return new ResultListener(msgId, result);
  }

  /** An execute_request on the shell channel ({@code msgId} identifies the answer). */
  public static String executeRequest(String msgId, String code) {
    ObjectNode message = JSON.createObjectNode();
    ObjectNode header = message.putObject("header");
    header.put("msg_id", msgId);
    header.put("username", "test");
    header.put("session", UUID.randomUUID().toString());
    header.put("msg_type", "execute_request");
    header.put("version", "5.3");
    header.put("date", Instant.now().toString());
    message.putObject("parent_header");
    message.putObject("metadata");
    ObjectNode content = message.putObject("content");
    content.put("code", code);
    content.put("silent", false);
    content.put("store_history", false);
    content.putObject("user_expressions");
    content.put("allow_stdin", false);
    content.put("stop_on_error", true);
    message.put("channel", "shell");
    message.putArray("buffers");
    return message.toString();
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Collects text frames and completes with the matching execute_result. */
  private static final class ResultListener implements WebSocket.Listener {
    private final String msgId;
    private final CompletableFuture<String> result;
    private final StringBuilder partial = new StringBuilder();

    ResultListener(String msgId, CompletableFuture<String> result) {
      this.msgId = msgId;
      this.result = result;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        JsonNode message = json(partial.toString());
        partial.setLength(0);
        String type = message.path("header").path("msg_type").asText();
        String parent = message.path("parent_header").path("msg_id").asText();
        if (msgId.equals(parent) && type.equals("execute_result")) {
          result.complete(message.path("content").path("data").path("text/plain").asText());
        } else if (msgId.equals(parent) && type.equals("error")) {
          result.completeExceptionally(
              new IllegalStateException("kernel error: " + message.path("content")));
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      result.completeExceptionally(error);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      result.completeExceptionally(
          new IllegalStateException("WebSocket closed: " + statusCode + " " + reason));
      return null;
    }
  }
}
