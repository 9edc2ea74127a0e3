/*
 * Embed the Signal PME chat on any page:
 *   <div id="signalpme-chat"></div>
 *   <script src="https://HOST/static/chat/embed.js" data-signalpme-api="https://HOST" defer></script>
 * Loads chat.css and chat.js from the same place as this script. The page's origin must be
 * listed in the server's CORS_ORIGINS.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) return;
  var here = new URL(script.src, document.baseURI);
  var api = script.getAttribute("data-signalpme-api") || here.origin;

  function start() {
    var container = document.getElementById("signalpme-chat");
    if (!container) return;
    container.setAttribute("data-signalpme-api", api);
    var css = new URL("chat.css", here).href;
    if (!document.querySelector('link[href="' + css + '"]')) {
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = css;
      document.head.appendChild(link);
    }
    var chat = document.createElement("script");
    chat.src = new URL("chat.js", here).href;
    chat.async = false;
    document.head.appendChild(chat);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
