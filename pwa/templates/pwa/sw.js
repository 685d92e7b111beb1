// Duet's service worker (pwa/views.py renders it with the static files' current names).
// It keeps static files and the offline page only: never a page of a signed-in person.
// The one private thing on the phone is a check-in kept while offline, in IndexedDB
// (checkin-outbox.js), sent when the connection is back and then deleted.
"use strict";

importScripts({{ outbox_script|safe }});

const VERSION = "{{ version }}";
const CACHE = "duet-" + VERSION;
const OFFLINE_URL = {{ offline_url|safe }};
const PRECACHE = {{ precache|safe }};
const ICON = {{ icon|safe }};
const BADGE = {{ badge|safe }};
const SYNC_TAG = "duet-checkin";

self.addEventListener("install", (event) => {
  // Fetched without cookies: what is kept is what anyone would get.
  const requests = PRECACHE.map((url) => new Request(url, { credentials: "omit" }));
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(requests))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(
        names.filter((name) => name.startsWith("duet-") && name !== CACHE)
          .map((name) => caches.delete(name))
      ))
      .then(() => self.clients.claim())
      .then(() => sendKeptCheckins())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  // Posts (a check-in, a log) always go to the network as they are.
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    // Pages come from the network and are never kept; without it, the offline page.
    event.respondWith(
      fetch(request).catch(() => caches.match(OFFLINE_URL, { ignoreVary: true })
        .then((kept) => kept || bareOfflinePage()))
    );
    return;
  }
  if (PRECACHE.includes(url.pathname)) {
    event.respondWith(
      caches.match(url.pathname, { ignoreVary: true }).then((kept) => kept || fetch(request))
    );
  }
});

// If the offline page was never kept (storage full, cleared): plain words and the one number
// that matters most.
function bareOfflinePage() {
  const words = "<!doctype html><html lang=en><meta charset=utf-8>" +
    "<meta name=viewport content='width=device-width, initial-scale=1'><title>Duet</title>" +
    "<p>I can't reach Duet just now. Would it help to try again when you're back online?</p>" +
    "<p>If you are in danger or thinking of harming yourself, please call your local " +
    "emergency number now.</p></html>";
  return new Response(words, { headers: { "Content-Type": "text/html; charset=utf-8" } });
}

// Background Sync: the browser wakes the worker once the connection is back.
self.addEventListener("sync", (event) => {
  if (event.tag === SYNC_TAG) event.waitUntil(sendKeptCheckins());
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "send-kept-checkins") {
    event.waitUntil(sendKeptCheckins());
  }
});

function sendKeptCheckins() {
  return self.DuetOutbox.sendAll()
    .then((results) => {
      if (!results.length) return;
      return self.clients.matchAll({ type: "window" }).then((windows) => {
        windows.forEach((client) => client.postMessage({ type: "outbox", results: results }));
      });
    })
    .catch(() => undefined);  // tried again on the next sync, page load or start
}

// Web Push (CONTRACTS.md item 3): the payload is {title, body, url, tag}; url a same-site path.
function sameSitePath(value) {
  try {
    const url = new URL(value || "/", self.location.origin);
    if (url.origin === self.location.origin) return url.pathname + url.search + url.hash;
  } catch (error) {
    // not a URL at all
  }
  return "/";
}

self.addEventListener("push", (event) => {
  let payload = {};
  try {
    payload = event.data ? event.data.json() : {};
  } catch (error) {
    payload = {};
  }
  const options = {
    body: typeof payload.body === "string" ? payload.body : "",
    data: { url: sameSitePath(payload.url) },
    icon: ICON,
    badge: BADGE,
  };
  if (payload.tag) options.tag = String(payload.tag);
  const title = typeof payload.title === "string" && payload.title ? payload.title : "Duet";
  event.waitUntil(self.registration.showNotification(title, options));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const path = sameSitePath(event.notification.data && event.notification.data.url);
  const target = new URL(path, self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((client) => client.url === target) || windows[0];
      if (!open) return self.clients.openWindow(path);
      if (open.url === target || !open.navigate) return open.focus();
      return open.focus().then((client) => (client || open).navigate(target))
        .catch(() => self.clients.openWindow(path));
    })
  );
});
