// Saves each answer as it is given, in order, and retries when the connection drops.
// Without this script the page still works: submitting the page saves every answer on it.
(function () {
  "use strict";
  var form = document.querySelector("form.questionnaire");
  if (!form || !window.fetch || !window.URLSearchParams) { return; }
  var messages = JSON.parse(document.getElementById("autosave-messages").textContent);
  var status = document.getElementById("save-status");
  var sequenceField = form.querySelector("input[name=seq]");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var sequence = Number(form.dataset.sequence);
  var pending = new Map();  // question id -> {value, seq}
  var sending = false;

  function nextSequence() {
    sequence += 1;
    sequenceField.value = String(sequence + 1);  // a page submit must outrank every save
    return sequence;
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

  function flush() {
    if (sending || pending.size === 0) { return; }
    var item = pending.keys().next().value;
    var entry = pending.get(item);
    sending = true;
    status.textContent = messages.saving;
    var body = new URLSearchParams({item: item, value: entry.value, seq: String(entry.seq)});
    fetch(form.dataset.saveUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: {"X-CSRFToken": csrf, "Accept": "application/json"}
    }).then(function (response) {
      if (response.status >= 500) { throw new Error("server"); }
      if (pending.get(item) === entry) { pending.delete(item); }
      sending = false;
      if (response.ok) {
        status.textContent = messages.saved;
        return;
      }
      status.textContent = messages.rejected;
    }).catch(function () {
      sending = false;
      status.textContent = messages.offline;
      window.setTimeout(flush, 3000);
    }).then(flush);
  }

  function applyConditions() {
    form.querySelectorAll("[data-when]").forEach(function (element) {
      var chosen = form.querySelector("input[name='" + element.dataset.when + "']:checked");
      var allowed = element.dataset.whenValues.split(" ");
      element.hidden = chosen !== null && allowed.indexOf(chosen.value) === -1;
    });
  }

  form.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.name || input.name === "seq") { return; }
    pending.set(input.name, {value: input.value, seq: nextSequence()});
    if (input.type === "radio") { answeredHere.add(input.name); showProgress(); }
    applyConditions();
    flush();
  });
  applyConditions();
})();
