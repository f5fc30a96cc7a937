// What a loaded link asked for but could not be used: listed above the
// runs, and shown on the card of each run it concerns.

// Lists the ignored parts of a link ({field, message}) in `box`, a
// container with a <ul>, hidden when there are none.
export function showIgnored(box, ignored) {
  const list = box.querySelector('ul');
  list.replaceChildren(...ignored.map((i) => {
    const item = document.createElement('li');
    item.textContent = `${i.field}: ${i.message}`;
    return item;
  }));
  box.hidden = ignored.length === 0;
}

// Shows on each card what the link asked of its run rN but could not be
// used. The cards follow the link's run numbers in order (a number with
// nothing but an expectation is no run); `search` is the link's query.
export function showRunNotices(cards, ignored, search) {
  const numbers = [...new Set([...new URLSearchParams(search).keys()]
    .filter((key) => !key.endsWith('.expect'))
    .map((key) => Number(key.match(/^r(\d+)\./)?.[1]))
    .filter((n) => n > 0))].sort((a, b) => a - b);
  cards.forEach((card, n) => {
    const prefix = `r${numbers[n]}.`;
    card.showLinkNotice(ignored
      .filter((i) => i.field.startsWith(prefix))
      .map((i) => `${i.field.slice(prefix.length)}: ${i.message}`));
  });
}
