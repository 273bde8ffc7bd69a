// Saves each answer as it is given and keeps every answer the server has not acknowledged:
// in this tab and in the browser's storage (so a reload or a crash loses nothing), retried
// with exponential backoff and jitter, one request at a time, until the server says it is
// stored. Without this script the page still works: submitting the page saves every answer.
//
// The server's answers: 200 stored; 409 with "stale" a newer answer from another tab or
// device is stored (re-base the sequence and resend, so the person's latest click wins);
// 409 without it the questionnaire was submitted (final); 400 the value is invalid (shown at
// the question); 403 consent is missing, or the page expired (reload it); network errors, 5xx and 429 are retried, after the
// Retry-After header's seconds when the server gives them.
(function () {
  "use strict";
  var form = document.querySelector("form.questionnaire");
  if (!form || !window.fetch || !window.URLSearchParams) { return; }
  var messages = JSON.parse(document.getElementById("autosave-messages").textContent);
  var texts = document.getElementById("autosave-texts").dataset;
  var status = document.getElementById("save-status");
  var sequenceField = form.querySelector("input[name=seq]");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var saveUrl = form.dataset.saveUrl;
  var storageKey = "kompas-unsaved:" + saveUrl;
  var base = Number(form.dataset.sequence);
  var sequence = base;
  var pending = new Map();  // question id -> {value, seq}, in the order they were given
  var settled = new Map();  // question id -> the value the server holds, as far as we know
  var sending = null;  // the entry in flight: never more than one request at a time
  var retryTimer = null;
  var failures = 0;  // in a row, for the backoff
  var staleInRow = 0;  // resends refused as stale, in a row
  var stopped = "";  // "final" or "consent": the server will not take answers from this page
  var FIRST_DELAY = 1000, MAX_DELAY = 60000, REQUEST_TIMEOUT = 20000, TYPING_PAUSE = 800;

  function nextSequence() {
    sequence += 1;
    sequenceField.value = String(sequence + 1);  // a page submit must outrank every save
    return sequence;
  }

  function rebase(next) {
    sequence = Math.max(sequence, next);
    sequenceField.value = String(sequence + 1);
  }

  // The browser's storage is shared by every tab on this link: each tab adds and removes
  // only its own entries, and removes one only when the stored entry is the acknowledged one.

  function readStorage() {
    try { return JSON.parse(window.localStorage.getItem(storageKey) || "{}") || {}; } catch (e) { return {}; }
  }

  function writeStorage(stored) {
    try {
      if (Object.keys(stored).length) {
        window.localStorage.setItem(storageKey, JSON.stringify(stored));
      } else {
        window.localStorage.removeItem(storageKey);
      }
    } catch (e) { /* private mode or full: the answers are still kept in this tab */ }
  }

  function remember(item, entry) {
    var stored = readStorage();
    stored[item] = {value: entry.value, seq: entry.seq};
    writeStorage(stored);
  }

  function forget(item, entry) {
    var stored = readStorage();
    if (stored[item] && stored[item].seq <= entry.seq) { delete stored[item]; }
    writeStorage(stored);
  }

  // Progress is counted here: the page says how many questions were answered when it was
  // made, and this script adds the ones answered since (a save stays cheap on the server).
  var answeredBefore = Number(form.dataset.answered);
  var total = Number(form.dataset.total);
  var answeredHere = new Set();
  form.querySelectorAll("input[type=radio]:checked").forEach(function (input) {
    answeredHere.add(input.name);
  });
  var startedHere = answeredHere.size;

  function showProgress() {
    var answered = Math.min(total, answeredBefore - startedHere + answeredHere.size);
    var percent = total ? Math.round(100 * answered / total) : 100;
    var bar = document.getElementById("progress-bar");
    var text = document.getElementById("progress-text");
    if (bar) { bar.value = percent; bar.textContent = percent + "%"; }
    if (text && messages.progress) {
      text.textContent = messages.progress.replace("__A__", answered).replace("__T__", total);
    }
  }

  // A warning (something is not stored) stays in view at the bottom of the screen.
  function say(text, warning) {
    if (status.textContent !== text) { status.textContent = text; }
    status.classList.toggle("attention", Boolean(warning));
  }

  function showStatus() {
    if (stopped) { say(texts[stopped], true); return; }
    if (pending.size === 0) {
      if (form.querySelector(".save-problem")) { say(texts.invalid, true); return; }
      if (status.textContent) { say(messages.saved); }
      return;
    }
    if (failures === 0) { say(messages.saving); return; }
    var count = pending.size === 1 ? texts.unsavedOne : texts.unsavedMany.replace("__N__", pending.size);
    say(navigator.onLine === false ? texts.offline + " " + count : count, true);
  }

  // An answer the server refused as invalid is shown at its question, and described by it.

  function questionElement(item) {
    return document.getElementById("q-" + item);
  }

  function showProblem(item) {
    var question = questionElement(item);
    if (!question) { return; }
    var id = item + "-save-problem";
    var problem = document.getElementById(id);
    if (!problem) {
      problem = document.createElement("p");
      problem.className = "error save-problem";
      problem.id = id;
      var after = question.querySelector("legend, textarea");
      after.insertAdjacentElement("afterend", problem);
    }
    problem.textContent = question.querySelector("textarea") ? messages.rejected : texts.chooseOne;
    var described = question.querySelector("textarea") || question;
    var ids = (described.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    if (ids.indexOf(id) === -1) { ids.push(id); }
    described.setAttribute("aria-describedby", ids.join(" "));
    if (described.tagName === "TEXTAREA") { described.setAttribute("aria-invalid", "true"); }
  }

  function clearProblem(item) {
    var id = item + "-save-problem";
    var problem = document.getElementById(id);
    if (!problem) { return; }
    problem.remove();
    var question = questionElement(item);
    var described = question.querySelector("textarea") || question;
    var ids = (described.getAttribute("aria-describedby") || "").split(" ").filter(function (x) {
      return x && x !== id;
    });
    if (ids.length) { described.setAttribute("aria-describedby", ids.join(" ")); }
    else { described.removeAttribute("aria-describedby"); }
    if (described.tagName === "TEXTAREA") { described.removeAttribute("aria-invalid"); }
  }

  // Full jitter: anywhere up to a doubling ceiling, so that many tabs that failed together
  // do not come back together; never sooner than a quarter second, never later than a minute.
  function retryLater(retryAfter) {
    failures += 1;
    var ceiling = Math.min(MAX_DELAY, FIRST_DELAY * Math.pow(2, failures - 1));
    var delay = Math.max(250, Math.random() * ceiling);
    if (retryAfter !== null) { delay = Math.min(MAX_DELAY, retryAfter * 1000 + Math.random() * 250); }
    retryTimer = window.setTimeout(function () { retryTimer = null; flush(); }, delay);
    showStatus();
  }

  function retryAfterOf(response) {
    var header = response.headers.get("Retry-After");
    return header && /^\d+$/.test(header.trim()) ? Number(header) : null;
  }

  function acknowledged(item, entry) {
    failures = 0;
    staleInRow = 0;
    settled.set(item, entry.value);
    if (pending.get(item) === entry) { pending.delete(item); }
    forget(item, entry);
  }

  // Dropped: sending it again cannot help. Shown at the question unless changed since.
  function refused(item, entry) {
    var latest = pending.get(item) === entry;
    acknowledged(item, entry);
    if (latest) { showProblem(item); }
  }

  function handle(response, item, entry) {
    if (response.ok) {
      acknowledged(item, entry);
      return;
    }
    return response.json().catch(function () { return {}; }).then(function (data) {
      if (response.status === 409 && data.stale) {
        rebase(Number(data.next) || 0);
        if (pending.get(item) === entry) {  // still this tab's latest change: it wins
          entry.seq = nextSequence();
          remember(item, entry);
        }
        staleInRow += 1;
        if (staleInRow > 3) { throw {retryAfter: null}; }  // tabs racing: let them back off
        return;
      }
      if (response.status === 409) {
        stopped = "final";
        pending.clear();
        writeStorage({});
        return;
      }
      if (response.status === 403) {  // no consent, or an expired page (its CSRF token)
        stopped = data.consent ? "consent" : "expired";
        return;
      }
      if (response.status === 400 || response.status === 422) {
        refused(item, entry);
        return;
      }
      if (response.status === 429 || response.status >= 500) {
        throw {retryAfter: retryAfterOf(response)};
      }
      refused(item, entry);  // a refusal no retry can change (a link that is gone)
    });
  }

  function flush() {
    if (sending || retryTimer !== null || stopped || pending.size === 0) { showStatus(); return; }
    var item = pending.keys().next().value;
    var entry = pending.get(item);
    sending = entry;
    showStatus();
    var body = new URLSearchParams({item: item, value: entry.value, seq: String(entry.seq)});
    var abort = window.AbortController ? new AbortController() : null;
    var timeout = abort && window.setTimeout(function () { abort.abort(); }, REQUEST_TIMEOUT);
    fetch(saveUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: {"X-CSRFToken": csrf, "Accept": "application/json"},
      signal: abort ? abort.signal : undefined
    }).then(function (response) {
      return handle(response, item, entry);
    }).then(function () {
      window.clearTimeout(timeout);
      sending = null;
      flush();
    }, function (problem) {
      window.clearTimeout(timeout);
      sending = null;
      retryLater(problem && problem.retryAfter !== undefined ? problem.retryAfter : null);
    });
  }

  function give(item, value) {
    if (stopped === "final") { showStatus(); return; }  // nothing can change it any more
    var last = pending.get(item);
    if (last ? last.value === value : settled.get(item) === value) { return; }
    var entry = {value: value, seq: nextSequence()};
    pending.delete(item);  // a newer change goes to the back of the queue
    pending.set(item, entry);
    remember(item, entry);
    clearProblem(item);
    flush();
  }

  function applyConditions() {
    form.querySelectorAll("[data-when]").forEach(function (element) {
      var chosen = form.querySelector("input[name='" + element.dataset.when + "']:checked");
      var allowed = element.dataset.whenValues.split(" ");
      element.hidden = chosen !== null && allowed.indexOf(chosen.value) === -1;
    });
  }

  // What the page shows as stored: the server's checked options and filled-in text.
  function shownValue(item) {
    var field = form.elements.namedItem(item);
    if (!field) { return null; }
    if (field.tagName === "TEXTAREA") { return field.defaultValue; }
    var inputs = field.length !== undefined ? Array.prototype.slice.call(field) : [field];
    var checked = inputs.filter(function (input) { return input.defaultChecked; })[0];
    return checked ? checked.value : "";
  }

  function showInForm(item, value) {
    var field = form.elements.namedItem(item);
    if (!field) { return; }
    if (field.tagName === "TEXTAREA") { field.value = value; return; }
    var inputs = field.length !== undefined ? Array.prototype.slice.call(field) : [field];
    inputs.forEach(function (input) { input.checked = input.value === value; });
    if (value) { answeredHere.add(item); }
  }

  // Answers left in storage by an earlier visit (a reload, a crash, a lost connection): an
  // answer the server shows as stored is done; any other is put back in the form and sent.
  function restore() {
    var stored = readStorage();
    var rendered = !document.getElementById("error-summary");  // a refused page shows what was posted
    var submitted = stored[""];  // the page submit that carried this page's answers
    delete stored[""];
    Object.keys(stored).forEach(function (item) {
      var entry = stored[item];
      var shown = shownValue(item);
      var done = rendered && shown !== null && shown === entry.value && entry.seq < base;
      var carried = submitted && submitted.seq < base && submitted.items.indexOf(item) !== -1 &&
        entry.seq < submitted.seq;
      if (done || carried) { delete stored[item]; return; }
      rebase(entry.seq);
      pending.set(item, {value: entry.value, seq: entry.seq});
      showInForm(item, entry.value);
    });
    if (submitted && submitted.seq >= base) { stored[""] = submitted; }
    writeStorage(stored);
    // Sent again above every answer stored since, so what this device kept wins.
    pending.forEach(function (entry, item) { entry.seq = nextSequence(); remember(item, entry); });
  }

  var typing = new Map();  // question id -> timer, while someone is still typing

  form.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.name || input.name === "seq") { return; }
    window.clearTimeout(typing.get(input.name));
    give(input.name, input.value);
    if (input.type === "radio") { answeredHere.add(input.name); showProgress(); }
    applyConditions();
  });

  form.addEventListener("input", function (event) {
    var input = event.target;
    if (input.tagName !== "TEXTAREA") { return; }
    window.clearTimeout(typing.get(input.name));
    typing.set(input.name, window.setTimeout(function () { give(input.name, input.value); }, TYPING_PAUSE));
  });

  form.addEventListener("focusout", function (event) {
    var input = event.target;
    if (input.tagName !== "TEXTAREA") { return; }
    window.clearTimeout(typing.get(input.name));
    give(input.name, input.value);
  });

  // The page submit carries every answer on the page under a sequence above every save; the
  // stored copies are dropped on the next page, once the server has taken the submit.
  form.addEventListener("submit", function () {
    var stored = readStorage();
    var items = Array.prototype.map.call(form.elements, function (e) { return e.name; })
      .filter(function (name) { return name && pending.has(name); });
    if (items.length) {
      stored[""] = {items: items, seq: Number(sequenceField.value)};
      writeStorage(stored);
    }
  });

  window.addEventListener("online", function () {
    failures = 0;
    if (retryTimer !== null) { window.clearTimeout(retryTimer); retryTimer = null; }
    flush();
  });
  window.addEventListener("offline", showStatus);

  Array.prototype.forEach.call(form.elements, function (e) {
    if (e.name && e.name !== "seq" && !settled.has(e.name)) { settled.set(e.name, shownValue(e.name)); }
  });
  restore();
  if (pending.size) { failures = 1; showProgress(); }  // kept from before: not stored yet
  applyConditions();
  flush();
})();
