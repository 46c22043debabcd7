// Follows the ledger's live feed and offers to refresh the page when
// something new is recorded that the signed-in user may see. It never
// reloads by itself, so a half-filled form is not lost.
(function () {
  "use strict";
  if (!window.EventSource) { return; }
  var banner = document.getElementById("live");
  if (!banner) { return; }
  var count = 0;
  // Start after the ledger position the page was drawn at, so nothing
  // recorded between drawing and connecting is missed.
  var feed = new EventSource("/api/feed?after=" + encodeURIComponent(banner.getAttribute("data-after") || "0"));
  feed.onmessage = function (msg) {
    var ev;
    try { ev = JSON.parse(msg.data); } catch (e) { return; }
    var only = banner.getAttribute("data-stream");
    if (only && ev.stream !== only) { return; }
    count++;
    banner.hidden = false;
    banner.querySelector("span").textContent =
      count + " new event" + (count === 1 ? "" : "s") + " recorded (latest: " + ev.type + ").";
  };
})();
