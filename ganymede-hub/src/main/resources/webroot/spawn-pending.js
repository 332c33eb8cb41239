// Follows a server's spawn progress over server-sent events and opens the server when it is ready.
(function () {
  "use strict";
  var section = document.getElementById("pending");
  if (!section || !window.EventSource) { return; }
  var bar = document.getElementById("progress-bar");
  var message = document.getElementById("progress-message");
  var log = document.getElementById("progress-log");
  var failedActions = document.getElementById("failed-actions");
  var next = section.getAttribute("data-next");
  var source = new EventSource(section.getAttribute("data-progress-url"));
  source.onmessage = function (e) {
    var event;
    try { event = JSON.parse(e.data); } catch (err) { return; }
    if (typeof event.progress === "number") { bar.value = event.progress; bar.textContent = event.progress + "%"; }
    if (event.message) {
      message.textContent = event.message;
      var item = document.createElement("li");
      item.textContent = event.message;
      log.appendChild(item);
    }
    if (event.ready) {
      source.close();
      window.location.replace(next || event.url);
    } else if (event.failed) {
      source.close();
      failedActions.hidden = false;
    }
  };
  source.onerror = function () {
    // The stream ends after the last event, or the hub restarted: reload to get the current state.
    source.close();
    window.setTimeout(function () { window.location.reload(); }, 2000);
  };
})();
