// Installable Duet on the page: registers the service worker, keeps a check-in on this
// phone when it can't be sent, sends it when the connection is back, and forgets
// everything on logging out. Every form still works without this file.
(function () {
  "use strict";

  var script = document.currentScript;
  var outbox = window.DuetOutbox;
  var SYNC_TAG = "duet-checkin";
  // Each message comes translated from the page (base.html's data-say-* attributes); the
  // English here is only for a page that doesn't carry them.
  var SAY = {
    kept: "I've kept tonight's check-in on this phone; I'll send it when you're back online.",
    keptEarlier: "I've kept this check-in on this phone; I'll send it when you're back online.",
    waiting: "A check-in is kept on this phone; I'll send it when you're back online.",
    sent: "The check-in you kept on this phone has arrived and is saved. Thank you.",
    refused: "I couldn't save the check-in kept on this phone: its evening can't be changed " +
      "any more. Would you like to write tonight's check-in instead?",
    newer: "A newer check-in for that evening was saved since, so I haven't sent the one " +
      "kept on this phone over it. It's as you last saved it.",
    login: "I'm still keeping your check-in on this phone. Would you log in again? " +
      "I'll send it right after.",
    other: "A check-in someone else wrote is kept on this phone; I'll send it when they " +
      "log in here again.",
  };
  if (script) {
    Object.keys(SAY).forEach(function (key) {
      var name = "say" + key.charAt(0).toUpperCase() + key.slice(1);
      if (script.dataset[name]) SAY[key] = script.dataset[name];
    });
  }

  function say(text) {
    var status = document.querySelector("[data-outbox-status]");
    if (!status || !text) return;
    status.textContent = text;
    status.classList.add("message"); // styled like the page's other messages once it speaks
    status.hidden = false;
  }

  function showNotes() {
    return outbox.takeNotes().then(function (notes) {
      notes.forEach(function (note) { say(SAY[note.outcome]); });
    });
  }

  function showResults(results) {
    var sent = (results || []).some(function (result) { return result.outcome === "sent"; });
    if (sent && document.querySelector("form[data-offline-checkin]")) {
      // The form on screen was drawn before the kept check-in arrived: show the saved one
      // (the note saying it arrived waits for the reloaded page).
      window.location.reload();
      return Promise.resolve();
    }
    (results || []).forEach(function (result) {
      if (result.outcome === "login" || result.outcome === "other") say(SAY[result.outcome]);
    });
    return showNotes();
  }

  function sendKept() {
    if (!outbox) return Promise.resolve();
    return outbox.kept().then(function (kept) {
      if (!kept.length) return showNotes();
      if (!navigator.onLine) return say(SAY.waiting);
      return outbox.sendAll().then(showResults);
    }).catch(function () { /* tried again when the connection is back */ });
  }

  function askForSync() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.sync) return registration.sync.register(SYNC_TAG);
    }).catch(function () { /* the page's "online" listener sends it instead */ });
  }

  function keepOnThisPhone(form, data) {
    var key = data.get("submission_key");
    if (!key) return form.submit();
    var fields = [];
    data.forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken") fields.push([name, value]);
    });
    outbox.keep({
      key: key,
      action: form.action,
      tokenUrl: form.dataset.checkinUrl,
      person: form.dataset.person,
      evening: data.get("evening") || "",
      fields: fields,
      keptAt: Date.now(),
    }).then(function () {
      say("tonight" in form.dataset ? SAY.kept : SAY.keptEarlier);
      var status = document.querySelector("[data-outbox-status]");
      if (status) status.scrollIntoView({ block: "center" });
      askForSync();
    }, function () {
      form.submit(); // nowhere to keep it (a private window): let the browser try
    });
  }

  // The check-in is sent by fetch first, so a missing connection can be noticed and the
  // answers kept; anything the server answers is shown as the browser would show it.
  function wireCheckin(form) {
    form.addEventListener("submit", function (event) {
      if (!outbox || !window.fetch || !window.indexedDB) return;
      event.preventDefault();
      if (form.dataset.sending) return; // a double tap sends it once
      form.dataset.sending = "yes";
      var data = new FormData(form);
      fetch(form.action, {
        method: "POST",
        body: new URLSearchParams(data),
        credentials: "same-origin",
        redirect: "manual",
      }).then(function (response) {
        if (response.type === "opaqueredirect") {
          window.location.assign(form.dataset.checkinUrl); // saved: its message is waiting
        } else {
          form.submit(); // errors to correct, a problem page: the server's own page
        }
      }, function () {
        delete form.dataset.sending; // kept, and free to be sent again (the same key)
        keepOnThisPhone(form, data);
      });
    });
  }

  function wireLogout(form) {
    form.addEventListener("submit", function (event) {
      if (!outbox) return;
      event.preventDefault();
      var sent = false;
      function logOut() {
        if (sent) return;
        sent = true;
        form.submit();
      }
      outbox.forget().then(logOut, logOut);
      window.setTimeout(logOut, 1500); // never held back by a busy database
    });
  }

  if ("serviceWorker" in navigator && script && script.dataset.serviceWorker) {
    navigator.serviceWorker.register(script.dataset.serviceWorker, { scope: "/" })
      .catch(function () { /* pages work without it */ });
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "outbox") showResults(event.data.results);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-offline-checkin]").forEach(wireCheckin);
    document.querySelectorAll("form[data-clear-device]").forEach(wireLogout);
    if (window.indexedDB) sendKept();
  });
  window.addEventListener("online", sendKept);
  // Back to a page kept in the browser's memory: its form may be sent again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-offline-checkin]").forEach(function (form) {
      delete form.dataset.sending;
    });
  });
})();
