// A run's name wherever it is shown (card, legend, exports):
// "B: parity(4) · p=0.8", its letter, its target and its own settings.

const LABEL_CHARS = 40;

// changes: the run's own settings as a query fragment ("p=0.8&depth=3").
export function runLabel(letter, target, changes) {
  const text = [target, ...changes.split('&').filter(Boolean)].join(' · ');
  return `${letter}: ${text.length > LABEL_CHARS ? `${text.slice(0, LABEL_CHARS - 1)}…` : text}`;
}
