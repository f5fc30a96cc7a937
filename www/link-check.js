// Links that check themselves: a link may carry each run's metrics hash
// (rN.expect) and the engine version that made it (made). A run's card
// says whether the run reproduced it, and the link box can carry the
// hashes once every run has finished.

import { checkExpectation } from './pkg/leaplab.js';

// What a run's card says of the link's expectation: null when there is
// none, or when the run's configuration is no longer the one the link
// gave (an edit, Continue); a prompt until the run has finished; then the
// engine's verdict. expectation: {hash, madeBy, query}.
export function expectationNote(expectation, query, handle) {
  if (!expectation || expectation.query !== query) return null;
  if (!handle.finished || handle.error || !handle.summary) {
    return { state: 'pending', text: `The link says this run gives metrics hash ${expectation.hash}: run it to the end to check.` };
  }
  const verdict = checkExpectation(expectation.hash, expectation.madeBy ?? '', handle.summary.metrics_hash);
  const text = verdict.text[0].toUpperCase() + verdict.text.slice(1);
  return { state: verdict.reproduced ? 'reproduced' : 'differs', text: `${text}.` };
}

// The link box: the experiment's address, and once every run has
// finished and the option is ticked, each run's metrics hash with it.
// linkFor(hashes) is the experiment's link query with those hashes (none:
// the plain link), or null while some run is invalid; handles() the runs.
export class ResultsLink {
  constructor(field, option, linkFor, handles) {
    Object.assign(this, { field, option, linkFor, handles, shown: null });
    option.addEventListener('change', () => this.refresh(true));
  }

  // Rebuilds the link when what it carries has changed, or when forced
  // (the experiment changed); `plain`, if given, is the link without
  // hashes, already built.
  refresh(force = false, plain = null) {
    const handles = this.handles();
    const done = handles.length > 0 && handles.every((h) => h.finished && !h.error && h.summary);
    this.option.disabled = !done;
    const hashes = done && this.option.checked ? handles.map((h) => h.summary.metrics_hash) : [];
    const key = hashes.join(',');
    if (!force && key === this.shown) return;
    const link = hashes.length === 0 && plain != null ? plain : this.linkFor(hashes);
    if (link == null) return;
    this.shown = key;
    this.field.value = new URL(`?${link}`, location.href).href;
  }
}
