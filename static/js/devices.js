// Settings → Devices: subscribe this browser to Web Push and tell the server (RFC 8030).
// The page works without this file: it explains that push needs JavaScript.
(function () {
  "use strict";
  var setup = document.getElementById("push-setup");
  var button = document.getElementById("push-subscribe");
  var status = document.getElementById("push-status");
  if (!setup || !button || !setup.dataset.publicKey) return;
  // The page renders each message in the reader's language (data-msg-*); English if missing.
  function text(name, fallback) {
    return setup.dataset[name] || fallback;
  }
  if (!("serviceWorker" in navigator) || !("PushManager" in window)) {
    status.textContent = text("msgUnsupported", "This browser can't receive push notifications here. On an iPhone, add Duet to the home screen first and open it from there.");
    return;
  }
  button.hidden = false;

  function keyBytes(base64url) {
    var padded = base64url.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((base64url.length + 3) % 4);
    var raw = atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
    } catch (error) {
      return "";
    }
  }

  function workerReady() {
    // helper A's service worker is registered from every page; wait for it, not for ever.
    return Promise.race([
      navigator.serviceWorker.ready,
      new Promise(function (resolve, reject) {
        setTimeout(function () { reject(new Error("no-worker")); }, 10000);
      }),
    ]);
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    status.textContent = text("msgAsking", "Asking this browser…");
    Notification.requestPermission()
      .then(function (permission) {
        if (permission !== "granted") throw new Error("denied");
        return workerReady();
      })
      .then(function (registration) {
        return registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: keyBytes(setup.dataset.publicKey),
        });
      })
      .then(function (subscription) {
        var json = subscription.toJSON();
        var body = new FormData();
        body.append("endpoint", json.endpoint);
        body.append("p256dh", json.keys.p256dh);
        body.append("auth", json.keys.auth);
        return fetch(setup.dataset.subscribeUrl, {
          method: "POST",
          body: body,
          credentials: "same-origin",
          headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
        });
      })
      .then(function (response) {
        if (response.ok) {
          window.location.reload();
          return null;
        }
        return response.json().then(function (answer) { throw new Error(answer.error || "refused"); });
      })
      .catch(function (error) {
        button.disabled = false;
        if (error.message === "denied") {
          status.textContent = text("msgDenied", "This browser said no to notifications. You can allow them in its site settings, then try again.");
        } else if (error.message === "no-worker") {
          status.textContent = text("msgNoWorker", "I couldn't start Duet's background helper in this browser. Would it help to reload the page and try again?");
        } else {
          status.textContent = text("msgFailed", "I couldn't turn notifications on: {reason}").replace("{reason}", error.message);
        }
      });
  });
})();
