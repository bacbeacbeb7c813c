// The board's drag and drop, and its one move form. A drop asks the server (the move handler) and
// shows its answer: the card in its new column, or in place with why it did not move. "Move…" on a
// card does the same without a mouse: the board carries one move form (a template) that this script
// copies into the card when it opens; without JavaScript the card's link loads the board with that
// card's own form open.
(function () {
  "use strict";

  var dragged = null;

  // Fills the board's shared move form in for a card: its id and version, every stage but its own,
  // the next one chosen (as the server renders a card's own form).
  function moveForm(card) {
    var template = document.getElementById("board-move-form");
    if (!template) {
      return null;
    }
    var form = template.content.firstElementChild.cloneNode(true);
    var id = card.getAttribute("data-id");
    var stage = card.getAttribute("data-stage");
    form.querySelector("input[name='id']").value = id;
    form.querySelector("input[name='version']").value = card.getAttribute("data-version");
    form.querySelectorAll("[data-for]").forEach(function (label) {
      label.htmlFor = "card-" + id + "-" + label.getAttribute("data-for");
    });
    form.querySelectorAll("[data-id]").forEach(function (field) {
      field.id = "card-" + id + "-" + field.getAttribute("data-id");
    });
    var select = form.querySelector("select[name='toStage']");
    var own = select.querySelector('option[value="' + stage + '"]');
    var current = own ? Number(own.getAttribute("data-number")) : null;
    if (own) {
      own.remove();
    }
    var next = null;
    Array.prototype.forEach.call(select.options, function (option) {
      var number = Number(option.getAttribute("data-number"));
      if (current !== null && number > current && (next === null || number < Number(next.getAttribute("data-number")))) {
        next = option;
      }
    });
    if (next) {
      next.selected = true;
    }
    return form;
  }

  // Opening "Move…" (click, Enter or Space on its summary) puts the shared form in the card before
  // the details open, so the next Tab lands on "Move to".
  document.addEventListener("click", function (event) {
    var summary = event.target.closest ? event.target.closest(".card-move > summary") : null;
    var details = summary ? summary.parentElement : null;
    if (!details || details.open || details.querySelector("form")) {
      return;
    }
    var card = details.closest(".card");
    var form = card ? moveForm(card) : null;
    if (!form) {
      return;
    }
    var link = details.querySelector(".card-move-link");
    if (link) {
      link.remove();
    }
    details.appendChild(form);
    htmx.process(form);
  });

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
