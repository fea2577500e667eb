/* k8s-learn class dashboard: the gradebook grid follows the class's websocket (/ws/classes/<id>/).
   The server pushes {"type": "row", "student": id, "html": "<tr ...>"} when a student's score changes and
   {"type": "grid", "html": "<div id=grid ...>"} on connect and when students or assignments change; both
   are the page's own template partials, rendered (and escaped) by the server. While the socket is down the
   grid is fetched every 30 s and the socket retried with back-off; once the server speaks again (it sends the
   whole grid first), polling stops. */
(function () {
  "use strict";
  var root = document.getElementById("gradebook");
  if (!root || !window.WebSocket) return;
  var POLL_MS = 30000;
  var ws = null, retries = 0, pollTimer = null, closed = false;

  function setStatus(state) {
    var status = document.getElementById("grid-status");
    if (!status) return;
    status.dataset.state = state;
    status.textContent = root.dataset[state] || "";
  }

  function fromHtml(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  function flash(node) {
    node.classList.add("just-changed");
    setTimeout(function () { node.classList.remove("just-changed"); }, 2500);
  }

  function swapGrid(html) {
    var fresh = fromHtml(html), old = document.getElementById("grid");
    if (fresh && old && fresh.id === "grid") old.replaceWith(fresh);  // not, say, a login page after a redirect
  }

  function swapRow(message) {
    var fresh = fromHtml(message.html), old = document.getElementById("student-" + message.student);
    if (!fresh || fresh.id !== "student-" + message.student) return;
    if (!old) { refresh(); return; }  // a student this page has not drawn yet: take the whole grid
    var before = Array.prototype.map.call(old.querySelectorAll("td"), function (td) { return td.textContent.trim(); });
    old.replaceWith(fresh);
    fresh.querySelectorAll("td").forEach(function (td, i) {
      if (td.textContent.trim() !== before[i]) flash(td);
    });
  }

  function refresh() {
    fetch(root.dataset.grid, { credentials: "same-origin", headers: { "HX-Request": "true" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html) swapGrid(html); })
      .catch(function () { /* the next poll tries again */ });
  }

  function startPolling() {
    if (!pollTimer) pollTimer = setInterval(refresh, POLL_MS);
  }

  function stopPolling() {
    if (pollTimer) { clearInterval(pollTimer); pollTimer = null; }
  }

  function connect() {
    var proto = location.protocol === "https:" ? "wss:" : "ws:";
    var socket = new WebSocket(proto + "//" + location.host + root.dataset.ws);
    ws = socket;
    // Live once the server has sent the grid (its first message), not merely when the socket opens.
    socket.onmessage = function (event) {
      var message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      if (message.type === "row") swapRow(message);
      else if (message.type === "grid") swapGrid(message.html);
      else return;
      retries = 0;
      stopPolling();
      setStatus("live");
    };
    socket.onclose = function (event) {
      if (ws !== socket) return;
      if (event.code === 4403 || event.code === 4404) { closed = true; setStatus("closed"); return; }
      setStatus("offline");
      startPolling();
      retries += 1;
      setTimeout(connect, Math.min(30000, 1000 * Math.pow(2, retries)));
    };
  }

  window.addEventListener("pagehide", function () { closed = true; if (ws) ws.close(); stopPolling(); });
  connect();
  window.K8sClass = { refresh: refresh, isPolling: function () { return pollTimer !== null; }, isClosed: function () { return closed; } };
})();
