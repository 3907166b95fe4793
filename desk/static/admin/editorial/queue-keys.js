// The queue's keyboard flow: decisions in place (fetch, no reload) and keys to move and decide.
//   j / k  next / previous card      a  approve      r  reject (focus the reason box; Enter sends)
//   e      edit, then approve        u  undo the last decision made on this page (reopen)
// Without this script every form still posts and the page redirects back, as before.
(function () {
  "use strict";
  var IN_PLACE = "form.approve-form, form.reject-form, form.reopen-form";
  var undoStack = []; // keys of the cards decided on this page, the latest last

  function cards() { return Array.prototype.slice.call(document.querySelectorAll("article.queue-item")); }
  function cardOf(node) { return node && node.closest ? node.closest("article.queue-item") : null; }
  function cardByKey(key) {
    return cards().filter(function (card) { return card.getAttribute("data-fact") === key; })[0] || null;
  }

  function say(text, isError) {
    var live = document.getElementById("queue-live");
    if (!live) return;
    live.textContent = text;
    live.classList.toggle("errornote", !!isError);
  }

  function focusCard(card) {
    if (!card) return;
    card.focus({ preventScroll: true });
    card.scrollIntoView({ block: "nearest" });
  }

  function currentCard() {
    return cardOf(document.activeElement) || document.querySelector("article.queue-item.current");
  }

  function markCurrent(card) {
    cards().forEach(function (other) { other.classList.toggle("current", other === card); });
  }

  // Show the card's new state as the server reports it (text only: textContent, never markup).
  function applyState(card, answer) {
    card.setAttribute("data-status", answer.status);
    var badge = card.querySelector("header .status");
    if (badge) {
      badge.textContent = answer.status_label;
      badge.className = "status status-" + answer.status;
    }
    card.querySelectorAll('input[name="version"]').forEach(function (input) { input.value = answer.version; });
    card.querySelectorAll(".rejection-reason").forEach(function (node) { node.hidden = !answer.rejection_reason; });
    var reasonText = card.querySelector("dd.rejection-reason");
    if (reasonText) reasonText.textContent = answer.rejection_reason;
    var pending = answer.status === "pending";
    var pendingActions = card.querySelector(".pending-actions");
    var decidedActions = card.querySelector(".decided-actions");
    if (pendingActions) pendingActions.hidden = !pending;
    if (decidedActions) decidedActions.hidden = pending;
    card.querySelectorAll('input[name="reason"]').forEach(function (input) { input.value = ""; });
    if (pending) {
      // A reopened fact carries no claim any more.
      var claim = card.querySelector("button.claim");
      if (claim) { claim.value = "claim"; claim.textContent = "Claim"; }
      var mine = card.querySelector("header .claim.mine");
      if (mine) mine.remove();
    }
    card.classList.toggle("decided", !pending);
  }

  function send(form, action) {
    var card = cardOf(form);
    var data = new FormData(form);
    data.set("action", action);
    var buttons = card.querySelectorAll("button");
    buttons.forEach(function (button) { button.disabled = true; });
    var error = card.querySelector(".card-error");
    // getAttribute: the buttons are named "action", which shadows form.action.
    return fetch(form.getAttribute("action"), {
      method: "POST",
      body: data, // carries csrfmiddlewaretoken from the form
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json().catch(function () {
          return { ok: false, error: "The server refused (" + response.status + "); reload the page." };
        });
      })
      .then(function (answer) {
        if (!answer.ok) throw new Error(answer.error || "The decision was refused.");
        if (error) error.textContent = "";
        applyState(card, answer);
        say(answer.message, false);
        if (action === "reopen") {
          undoStack = undoStack.filter(function (key) { return key !== answer.fact; });
          focusCard(card);
        } else {
          undoStack.push(answer.fact);
          var list = cards();
          focusCard(list[list.indexOf(card) + 1] || card);
        }
      })
      .catch(function (failure) {
        if (error) error.textContent = failure.message;
        say(failure.message, true);
      })
      .then(function () {
        buttons.forEach(function (button) { button.disabled = false; });
      });
  }

  function typing(target) {
    if (!target) return false;
    var tag = target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
  }

  function onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var list = cards();
    if (!list.length) return;
    var card = currentCard();
    var index = card ? list.indexOf(card) : -1;
    var visible = function (selector) {
      var node = card && card.querySelector(selector);
      return node && !node.closest("[hidden]") ? node : null;
    };
    var button;
    switch (event.key) {
      case "j":
        focusCard(list[Math.min(index + 1, list.length - 1)]);
        break;
      case "k":
        focusCard(list[Math.max(index - 1, 0)]);
        break;
      case "a":
        button = visible("button.approve");
        if (!button) return;
        send(button.form, "approve");
        break;
      case "r":
        var reason = visible(".reject-form input[name=reason]");
        if (!reason) return;
        reason.focus();
        break;
      case "e":
        var edit = visible("a.edit-approve");
        if (!edit) return;
        window.location.assign(edit.href);
        break;
      case "u":
        var key = undoStack[undoStack.length - 1];
        var decided = key && cardByKey(key);
        if (!decided) return;
        send(decided.querySelector("form.reopen-form"), "reopen");
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  document.addEventListener("DOMContentLoaded", function () {
    cards().forEach(function (card) {
      card.tabIndex = -1;
      card.addEventListener("focusin", function () { markCurrent(card); });
      var error = document.createElement("p");
      error.className = "card-error errornote";
      error.setAttribute("role", "alert");
      card.appendChild(error);
    });
    document.querySelectorAll(IN_PLACE).forEach(function (form) {
      form.addEventListener("submit", function (event) {
        var submitter = event.submitter || form.querySelector("button[name=action]");
        event.preventDefault();
        send(form, submitter.value);
      });
    });
    document.addEventListener("keydown", onKey);
  });
})();
