// The board's drag and drop. A drop asks the server (the move handler) and shows its answer: the
// card in its new column, or in place with why it did not move. The form on each card does the
// same without a mouse or without JavaScript; this script only adds the mouse path on top.
(function () {
  "use strict";

  var dragged = null;

  function columnOf(element) {
    return element && element.closest ? element.closest(".column") : null;
  }

  function clearTargets() {
    document.querySelectorAll(".column.drop-target").forEach(function (column) {
      column.classList.remove("drop-target");
    });
  }

  // Empty columns say so; a column that gets its first card stops saying it.
  function refreshEmpty() {
    document.querySelectorAll(".board .column").forEach(function (column) {
      var empty = column.querySelector(".column-empty");
      if (empty) {
        empty.hidden = column.querySelector(".cards .card") !== null;
      }
    });
  }

  // A card the server moved carries its new stage: put it on top of that column's list, keeping focus on it.
  function placeCards() {
    document.querySelectorAll(".board .cards .card").forEach(function (card) {
      var list = card.parentElement;
      if (!list || list.getAttribute("data-stage") === card.getAttribute("data-stage")) {
        return;
      }
      var target = document.querySelector('.board .cards[data-stage="' + card.getAttribute("data-stage") + '"]');
      if (!target) {
        return;
      }
      var focused = card.contains(document.activeElement) ? document.activeElement : null;
      target.insertBefore(card, target.firstChild);
      var focus = focused || card.querySelector("[autofocus]");
      if (focus && document.body.contains(focus)) {
        focus.focus();
      }
    });
    refreshEmpty();
  }

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest ? event.target.closest(".card[draggable='true']") : null;
    if (!card || card.classList.contains("htmx-request")) {
      return;
    }
    dragged = card;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.getAttribute("data-id"));
    card.classList.add("dragging");
  });

  document.addEventListener("dragend", function () {
    if (dragged) {
      dragged.classList.remove("dragging");
    }
    dragged = null;
    clearTargets();
  });

  document.addEventListener("dragover", function (event) {
    var column = columnOf(event.target);
    if (!dragged || !column || column.getAttribute("data-stage") === dragged.getAttribute("data-stage")) {
      return;
    }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    if (!column.classList.contains("drop-target")) {
      clearTargets();
      column.classList.add("drop-target");
    }
  });

  document.addEventListener("dragleave", function (event) {
    var column = columnOf(event.target);
    if (column && !column.contains(event.relatedTarget)) {
      column.classList.remove("drop-target");
    }
  });

  document.addEventListener("drop", function (event) {
    var column = columnOf(event.target);
    var card = dragged;
    clearTargets();
    if (!card || !column || column.getAttribute("data-stage") === card.getAttribute("data-stage")) {
      return;
    }
    event.preventDefault();
    var columns = column.closest("[data-move-url]");
    htmx.ajax("POST", columns.getAttribute("data-move-url"), {
      source: card,
      target: card,
      swap: "outerHTML",
      values: {
        id: card.getAttribute("data-id"),
        toStage: column.getAttribute("data-stage"),
        version: card.getAttribute("data-version")
      }
    });
  });

  // While a card's move form is open, the card is not draggable, so its fields take the mouse normally.
  document.addEventListener("toggle", function (event) {
    var details = event.target;
    if (details.classList && details.classList.contains("card-move")) {
      var card = details.closest(".card");
      if (card && card.hasAttribute("draggable")) {
        card.setAttribute("draggable", details.open ? "false" : "true");
      }
    }
  }, true);

  // After any swap (a move's answer replaces the card where it was), put moved cards where they now belong.
  document.addEventListener("htmx:afterSettle", placeCards);
  document.addEventListener("htmx:oobAfterSwap", refreshEmpty);

  // A move that failed outright (the card is gone, the session ended): say so on the card.
  document.addEventListener("htmx:responseError", function (event) {
    var card = event.detail && event.detail.target;
    if (!card || !card.classList || !card.classList.contains("card")) {
      return;
    }
    var columns = card.closest("[data-failed]");
    var note = document.createElement("p");
    note.className = "card-alert";
    note.setAttribute("role", "alert");
    note.textContent = columns ? columns.getAttribute("data-failed") : "";
    card.appendChild(note);
  });
})();
