// Says in words, as the boxes change, what the partner will see of this check-in.
// Without JavaScript the sentence shows what was saved (or the defaults).
(function () {
  const summary = document.querySelector("[data-sharing-summary]");
  if (!summary) return;
  const boxes = document.querySelectorAll("input[type=checkbox][data-words]");
  const partner = summary.dataset.partner;
  // The sentences come from the page, in the reader's language (English only as a fallback);
  // the list is joined as checkins/queries.py list_in_words joins it.
  const onlyYou = summary.dataset.onlyYou || "Only you will see this check-in.";
  const willSee = summary.dataset.willSee || partner + " will see: {parts}.";
  const listEnd = summary.dataset.listEnd || "{items} and {last}";
  function update() {
    const words = Array.from(boxes).filter((box) => box.checked).map((box) => box.dataset.words);
    let text = onlyYou;
    if (partner && words.length) {
      const list = words.length < 2 ? words[0]
        : listEnd.replace("{items}", () => words.slice(0, -1).join(", "))
          .replace("{last}", () => words.at(-1));
      text = willSee.replace("{parts}", () => list);
    }
    if (summary.textContent.trim() === text) return; // nothing new to announce
    const strong = document.createElement("strong");
    strong.textContent = text;
    summary.replaceChildren(strong);
  }
  boxes.forEach((box) => box.addEventListener("change", update));
  // Boxes ticked before this ran (a quick tap while the page loads) or restored by the
  // browser coming back to the page (which fires no change) are said too.
  update();
  window.addEventListener("pageshow", update);
})();
