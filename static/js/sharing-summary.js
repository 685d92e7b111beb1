// Says in words, as the boxes change, what the partner will see of this check-in.
// Without JavaScript the sentence shows what was saved (or the defaults).
(function () {
  const summary = document.querySelector("[data-sharing-summary]");
  if (!summary) return;
  const boxes = document.querySelectorAll("input[type=checkbox][data-words]");
  const partner = summary.dataset.partner;
  function update() {
    const words = Array.from(boxes).filter((box) => box.checked).map((box) => box.dataset.words);
    let text = "Only you will see this check-in.";
    if (partner && words.length) {
      const list = words.length < 2 ? words[0] : words.slice(0, -1).join(", ") + " and " + words.at(-1);
      text = partner + " will see: " + list + ".";
    }
    const strong = document.createElement("strong");
    strong.textContent = text;
    summary.replaceChildren(strong);
  }
  boxes.forEach((box) => box.addEventListener("change", update));
})();
