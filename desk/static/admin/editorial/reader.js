// The article reader's "fact from the text": the editor clicks a sentence or selects part of
// one; its character offsets in the article's text (as the server counts them: code points)
// go to the new-fact form, or to "cite this sentence instead" for a fact's wrong evidence.
// Article text is untrusted: it is only ever inserted with textContent.
document.addEventListener("DOMContentLoaded", function () {
  var text = document.getElementById("article-text");
  var tools = document.getElementById("span-tools");
  if (!text || !tools) { return; }
  var preview = document.getElementById("span-preview");
  var kindButtons = document.querySelectorAll("button.new-fact-kind");
  var correctForm = document.getElementById("correct-form");
  var correctSubmit = document.getElementById("correct-submit");
  var selected = null;

  function field(id, value) {
    var input = document.getElementById(id);
    if (input) { input.value = value; }
  }

  // Offsets in code points, as Python indexes the text (JavaScript strings count UTF-16 units).
  function offsetOf(node, offset) {
    var range = document.createRange();
    range.selectNodeContents(text);
    range.setEnd(node, offset);
    return Array.from(range.toString()).length;
  }

  // A click selects nothing: show the sentence around it as the server will read it (roughly).
  function sentenceAround(offset) {
    var chars = Array.from(text.textContent);
    var left = offset, right = offset;
    while (left > 0 && !/[.!?\n]/.test(chars[left - 1])) { left -= 1; }
    while (right < chars.length && !/[.!?\n]/.test(chars[right])) { right += 1; }
    return chars.slice(left, Math.min(chars.length, right + 1)).join("").trim();
  }

  function update() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0) { return; }
    var range = selection.getRangeAt(0);
    // Only a selection inside the text counts; pressing a button elsewhere keeps the last one.
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) { return; }
    var start = offsetOf(range.startContainer, range.startOffset);
    var end = offsetOf(range.endContainer, range.endOffset);
    var shown = range.collapsed ? sentenceAround(start) : range.toString().trim();
    if (!shown) { return; }
    selected = { start: start, end: end };
    preview.textContent = shown;
    field("new-fact-start", start);
    field("new-fact-end", end);
    field("correct-start", start);
    field("correct-end", end);
    kindButtons.forEach(function (button) { button.disabled = false; });
    if (correctSubmit && correctForm && !correctForm.hidden) { correctSubmit.disabled = false; }
  }

  document.addEventListener("selectionchange", update);
  text.addEventListener("mouseup", update);
  text.addEventListener("keyup", update);

  document.querySelectorAll("button.correct-span").forEach(function (button) {
    button.addEventListener("click", function () {
      field("correct-fact", button.dataset.fact);
      field("correct-evidence", button.dataset.evidence);
      field("correct-version", button.dataset.version);
      document.getElementById("correct-label").textContent = button.dataset.label;
      correctForm.hidden = false;
      // The selection made before choosing the fact is not taken for the correction.
      selected = null;
      correctSubmit.disabled = true;
      preview.textContent = "nothing yet";
      kindButtons.forEach(function (kind) { kind.disabled = true; });
      tools.scrollIntoView({ block: "nearest" });
    });
  });
  var cancel = document.getElementById("correct-cancel");
  if (cancel) {
    cancel.addEventListener("click", function () {
      correctForm.hidden = true;
      correctSubmit.disabled = true;
    });
  }
});
