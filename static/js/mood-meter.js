// One mood meter: a 5×5 grid of pleasantness (left to right) × energy (bottom to top).
// It enhances the two radio groups the form sends (pleasantness, feeling_energy), which stay
// the truth: without JavaScript they are the meter. Keyboard: arrow keys move and choose,
// as in any radio group; one tab stop for the whole grid.
(function () {
  const meter = document.querySelector("[data-mood-meter]");
  if (!meter) return;
  // Every word comes from the page (data-* on the meter, in the reader's language); the
  // English here is only a fallback for a page without them.
  const say = (name, fallback) => meter.getAttribute(`data-${name}`) || fallback;
  const PLEASANT = ["very unpleasant", "unpleasant", "in between", "pleasant", "very pleasant"]
    .map((words, i) => say(`pleasant-${i + 1}`, words));
  const ENERGY = ["very low energy", "low energy", "medium energy", "high energy", "very high energy"]
    .map((words, i) => say(`energy-${i + 1}`, words));
  const cellLabel = (pleasant, energy) =>
    say("cell-label", "{pleasant}, {energy}")
      .replace("{pleasant}", () => PLEASANT[pleasant - 1])
      .replace("{energy}", () => ENERGY[energy - 1]);
  const radio = (name, value) => meter.querySelector(`input[name="${name}"][value="${value}"]`);
  const checked = (name) => meter.querySelector(`input[name="${name}"]:checked`);

  const grid = document.createElement("div");
  grid.className = "mood-grid";
  grid.setAttribute("role", "radiogroup");
  grid.setAttribute("aria-label", say("grid-label",
    "How I feel: pleasantness (left to right) and energy (bottom to top)"));
  const cells = [];
  for (let energy = 5; energy >= 1; energy--) {
    for (let pleasant = 1; pleasant <= 5; pleasant++) {
      const cell = document.createElement("button");
      cell.type = "button";
      cell.className = `mood-cell p${pleasant} e${energy}`;
      cell.setAttribute("role", "radio");
      cell.setAttribute("aria-label", cellLabel(pleasant, energy));
      cell.dataset.pleasant = pleasant;
      cell.dataset.energy = energy;
      cell.tabIndex = -1;
      grid.appendChild(cell);
      cells.push(cell);
    }
  }
  const axes = document.createElement("div");
  axes.className = "mood-axes";
  // The axis words are for the eye; each cell's own name says both.
  for (const [where, axis, words] of [["top", "axis-top", "more energy"],
                                      ["bottom", "axis-bottom", "less energy"],
                                      ["left", "axis-left", "unpleasant"],
                                      ["right", "axis-right", "pleasant"]]) {
    const label = document.createElement("span");
    label.className = `mood-${where}`;
    label.setAttribute("aria-hidden", "true");
    label.textContent = say(axis, words);
    axes.appendChild(label);
  }
  axes.prepend(grid);

  function show() {
    const p = checked("pleasantness")?.value, e = checked("feeling_energy")?.value;
    let focusable = null;
    cells.forEach((cell) => {
      const on = cell.dataset.pleasant === p && cell.dataset.energy === e;
      cell.setAttribute("aria-checked", on ? "true" : "false");
      if (on) focusable = cell;
    });
    cells.forEach((cell) => { cell.tabIndex = -1; });
    (focusable || cells[12]).tabIndex = 0;  // the chosen cell, or the middle one
  }
  function choose(cell) {
    radio("pleasantness", cell.dataset.pleasant).checked = true;
    radio("feeling_energy", cell.dataset.energy).checked = true;
    show();
    cell.focus();
  }
  grid.addEventListener("click", (event) => {
    const cell = event.target.closest(".mood-cell");
    if (cell) choose(cell);
  });
  grid.addEventListener("keydown", (event) => {
    const at = cells.indexOf(document.activeElement);
    if (at < 0) return;
    const row = Math.floor(at / 5), col = at % 5;
    const moves = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
    if (event.key === " " || event.key === "Enter") {
      event.preventDefault();
      choose(cells[at]);
    } else if (moves[event.key]) {
      event.preventDefault();
      const [dr, dc] = moves[event.key];
      const next = Math.min(4, Math.max(0, row + dr)) * 5 + Math.min(4, Math.max(0, col + dc));
      choose(cells[next]);
    }
  });

  meter.querySelectorAll("[data-mood-radios]").forEach((group) => { group.hidden = true; });
  meter.prepend(axes);
  show();
})();
