// A check-in kept on this device while it was offline, and sending it once the connection
// is back. Loaded by pages and by the service worker (importScripts): no DOM here.
// What is kept: the form's answers, its submission key (so the server saves it once), the
// address it goes to and a marker of who wrote it (never their name). It is deleted once
// sent, and with everything else when the person logs out.
(function (scope) {
  "use strict";

  var DB_NAME = "duet-outbox";
  var KEPT = "checkins";
  var NOTES = "notes"; // what happened, for the next page: no answers, only an evening date

  function request(idbRequest) {
    return new Promise(function (resolve, reject) {
      idbRequest.onsuccess = function () { resolve(idbRequest.result); };
      idbRequest.onerror = function () { reject(idbRequest.error); };
    });
  }

  function open() {
    var opening = scope.indexedDB.open(DB_NAME, 1);
    opening.onupgradeneeded = function () {
      opening.result.createObjectStore(KEPT, { keyPath: "key" });
      opening.result.createObjectStore(NOTES, { autoIncrement: true });
    };
    return request(opening);
  }

  // Runs `work(store)` in one transaction and closes the database (logging out deletes it:
  // an open connection would hold that back).
  // Whether anything was ever kept here: reading must not create an empty database.
  function exists() {
    if (!scope.indexedDB.databases) return Promise.resolve(true);
    return scope.indexedDB.databases().then(function (databases) {
      return databases.some(function (database) { return database.name === DB_NAME; });
    });
  }

  function withStore(name, mode, work) {
    return open().then(function (db) {
      var store = db.transaction(name, mode).objectStore(name);
      return request(work(store)).finally(function () { db.close(); });
    });
  }

  function keep(submission) {
    return withStore(KEPT, "readwrite", function (store) { return store.put(submission); });
  }

  // Everything in one store; nothing (and no database made) where nothing was ever kept.
  function all(name) {
    return exists().then(function (found) {
      if (!found) return [];
      return withStore(name, "readonly", function (store) { return store.getAll(); });
    });
  }

  function kept() {
    return all(KEPT);
  }

  function drop(key) {
    return withStore(KEPT, "readwrite", function (store) { return store.delete(key); });
  }

  function note(outcome) {
    return withStore(NOTES, "readwrite", function (store) { return store.add(outcome); });
  }

  // The notes left for the person, removed as they are read.
  function takeNotes() {
    return all(NOTES).then(function (notes) {
      if (!notes.length) return notes;
      return withStore(NOTES, "readwrite", function (store) { return store.clear(); })
        .then(function () { return notes; });
    });
  }

  function forget() {
    return new Promise(function (resolve) {
      var deleting = scope.indexedDB.deleteDatabase(DB_NAME);
      deleting.onsuccess = deleting.onerror = deleting.onblocked = function () { resolve(); };
    });
  }

  function pathOf(url) {
    return new URL(url, scope.location.href).pathname;
  }

  // A fresh CSRF token from tonight's form: the one on the kept form may have expired.
  // Resolves {token} or {outcome: "login" | "other"} when it must wait for its author.
  function freshToken(submission) {
    return fetch(submission.tokenUrl, { credentials: "same-origin", cache: "no-store" })
      .then(function (page) {
        if (page.redirected && pathOf(page.url) !== pathOf(submission.tokenUrl)) {
          return { outcome: "login" }; // the session ended: sent after the next log in
        }
        if (!page.ok) return { outcome: "later" };
        return page.text().then(function (html) {
          var person = /data-person="([0-9a-f]+)"/.exec(html);
          var token = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(html);
          if (!person || !token) return { outcome: "later" };
          if (person[1] !== submission.person) return { outcome: "other" };
          return { token: token[1] };
        });
      });
  }

  function sendOne(submission) {
    return freshToken(submission).then(function (fresh) {
      if (!fresh.token) return fresh.outcome;
      var body = new URLSearchParams(submission.fields);
      body.set("csrfmiddlewaretoken", fresh.token);
      return fetch(submission.action, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        redirect: "manual", // the redirect means "saved"; the page it names shows the message
        headers: { "X-Duet-Outbox": "kept" },
      }).then(function (response) {
        if (response.type === "opaqueredirect") return "sent";
        if (response.status === 400) return "refused";
        if (response.status === 409) return "newer"; // saved again elsewhere since: kept as is
        return "later"; // a refused token, an outage: tried again later
      });
    });
  }

  function sendEach() {
    return kept().then(function (submissions) {
      var results = [];
      return submissions.reduce(function (previous, submission) {
        return previous.then(function () {
          return sendOne(submission).then(function (outcome) {
            var result = { outcome: outcome, evening: submission.evening || "" };
            results.push(result);
            if (outcome === "sent" || outcome === "refused" || outcome === "newer") {
              return drop(submission.key).then(function () { return note(result); });
            }
          });
        });
      }, Promise.resolve()).catch(function () {
        // Still offline (a network error): the rest waits for the next try.
      }).then(function () { return results; });
    });
  }

  // Sends every kept check-in; resolves the outcomes. One sender at a time across the
  // pages and the worker (a duplicate would still be saved once, by its key).
  function sendAll() {
    var locks = scope.navigator && scope.navigator.locks;
    if (!locks) return sendEach();
    return locks.request("duet-outbox", { ifAvailable: true }, function (lock) {
      return lock ? sendEach() : [];
    });
  }

  scope.DuetOutbox = {
    keep: keep,
    kept: kept,
    sendAll: sendAll,
    takeNotes: takeNotes,
    forget: forget,
  };
})(self);
