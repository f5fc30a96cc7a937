// One card per run: its target (checked as you type), its own changes to
// the shared settings, the target's analysis in words, and its status. A
// run keeps its letter and colour (its identity) for as long as it lives.

import { element } from './dom.js';
import { colour } from './plots.js';
import { runLabel } from './run-label.js';
import { threadsText } from './runner.js';

let nextId = 0;

// The facts of a target's analysis a card shows, by statement key.
const CARD_FACTS = ['msp', 'leap', 'cost', 'alignment', 'symmetry'];

export class RunCard extends EventTarget {
  // identity: 0 for A, 1 for B, …; it picks the run's letter and colour.
  constructor(container, { target, changes }, identity) {
    super();
    const id = nextId++;
    this.identity = identity;
    this.letter = String.fromCharCode(65 + identity);
    this.colour = colour(identity);
    this.swatch = element('span', { class: 'swatch', 'aria-hidden': 'true' });
    this.title = element('h3', {}, [this.swatch, element('span', { class: 'run-name' })]);
    this.remove = element('button', { type: 'button', class: 'remove', text: 'Remove' });
    this.target = element('input', { id: `target-${id}`, type: 'text', spellcheck: 'false', autocomplete: 'off' });
    this.targetError = element('small', { id: `target-error-${id}`, class: 'error', role: 'alert' });
    this.target.setAttribute('aria-describedby', this.targetError.id);
    this.changes = element('input', { id: `changes-${id}`, type: 'text', spellcheck: 'false', autocomplete: 'off', placeholder: 'e.g. p=0.8&depth=3' });
    this.changesError = element('small', { id: `changes-error-${id}`, class: 'error', role: 'alert' });
    this.changes.setAttribute('aria-describedby', `changes-help-${id} ${this.changesError.id}`);
    this.analysis = element('dl', { class: 'analysis' });
    this.status = element('p', { class: 'status', role: 'status' });
    this.check = element('p', { class: 'check', role: 'status', hidden: '' });
    this.notice = element('p', { class: 'notice', role: 'alert' });
    this.pickups = element('p', { class: 'pickups' });
    this.linkNotice = element('p', { class: 'link-notice', role: 'alert' });
    this.weights = element('button', { type: 'button', class: 'small', text: 'Export weights (JSON)' });
    this.root = element('article', { class: 'run-card' }, [
      element('header', {}, [this.title, this.remove]),
      element('div', { class: 'field' }, [
        element('label', { for: this.target.id, text: 'Target' }), this.target, this.targetError,
      ]),
      element('div', { class: 'field' }, [
        element('label', { for: this.changes.id, text: 'Own settings' }), this.changes,
        element('small', { id: `changes-help-${id}`, class: 'help', text: 'fields that differ from the shared settings, as name=value joined by &' }),
        this.changesError,
      ]),
      this.analysis,
      this.status,
      this.check,
      this.pickups,
      this.linkNotice,
      this.notice,
      this.weights,
    ]);
    this.target.value = target;
    this.changes.value = changes;
    container.append(this.root);
    this.target.addEventListener('input', () => { this.showLinkNotice([]); this.dispatchEvent(new Event('edit')); });
    this.changes.addEventListener('input', () => { this.showLinkNotice([]); this.dispatchEvent(new Event('edit')); });
    this.remove.addEventListener('click', () => this.dispatchEvent(new Event('remove')));
    this.weights.addEventListener('click', () => this.dispatchEvent(new Event('weights')));
  }

  // "B: parity(4) · p=0.8": the letter, the target and the run's own settings.
  label() {
    const { target, changes } = this.fields();
    return runLabel(this.letter, target, changes);
  }

  paint() {
    this.swatch.style.background = this.colour;
    this.title.querySelector('.run-name').textContent = this.label();
  }

  fields() {
    return { target: this.target.value.trim(), changes: this.changes.value.trim().replace(/^[?&]+/, '') };
  }

  // error: {field, message} from the engine, or null to clear.
  showError(error) {
    this.targetError.textContent = '';
    this.changesError.textContent = '';
    this.target.removeAttribute('aria-invalid');
    this.changes.removeAttribute('aria-invalid');
    if (!error) return;
    const onTarget = error.field === 'target';
    (onTarget ? this.targetError : this.changesError).textContent =
      onTarget ? error.message : `${error.field ? `${error.field}: ` : ''}${error.message}`;
    (onTarget ? this.target : this.changes).setAttribute('aria-invalid', 'true');
  }

  // messages: why parts of the link for this run were not used (the
  // engine's texts, repeats shown once); cleared when the card is edited.
  showLinkNotice(messages) {
    const unique = [...new Set(messages)];
    this.linkNotice.textContent = unique.length === 0 ? ''
      : `Not used from the link, so this run keeps the shared settings there: ${unique.join(' · ')}`;
  }

  // Whether the card shows an error in its target or its own settings.
  hasError() {
    return this.targetError.textContent !== '' || this.changesError.textContent !== '';
  }

  // statements: the engine's analysis in words (or null to clear), of
  // which the card shows CARD_FACTS; gf2: when the target is a parity, the
  // samples GF(2) elimination needs to learn it (else null).
  showAnalysis(statements, gf2 = null) {
    this.analysis.replaceChildren();
    if (!statements) return;
    const lines = statements.error ? [{ term: 'analysis', text: `not worked out: ${statements.error}` }]
      : statements.filter((s) => CARD_FACTS.includes(s.key))
        .map(({ term, value, text }) => ({ term, text: text ? `${value}. ${text}` : value }));
    if (gf2 != null) lines.push({ term: 'Outside gradient descent', text: gf2Note(gf2) });
    for (const { term, text } of lines) {
      this.analysis.append(element('dt', { text: term[0].toUpperCase() + term.slice(1) }), element('dd', { text }));
    }
  }

  // note: whether the run reproduced what its link says ({state, text},
  // see link-check.js), or null to say nothing.
  showCheck(note) {
    this.check.hidden = !note;
    this.check.textContent = note?.text ?? '';
    if (note) this.check.dataset.state = note.state; else delete this.check.dataset.state;
  }

  showStatus(handle) {
    this.notice.textContent = handle.notice ?? '';
    this.pickups.textContent = pickupText(handle);
    if (this.hasError()) {
      this.status.textContent = 'Not set up: fix the target or the own settings above to run it.';
      this.status.dataset.state = 'invalid';
      delete this.status.dataset.query;
      delete this.status.dataset.metricsHash;
      delete this.status.dataset.steps;
      return;
    }
    if (handle.error) {
      this.status.textContent = `Stopped: ${handle.error}`;
      this.status.dataset.state = 'error';
      return;
    }
    const s = handle.summary;
    if (!s) { this.status.textContent = 'Setting up…'; return; }
    this.status.dataset.query = handle.info.query;
    this.status.dataset.metricsHash = s.metrics_hash;
    this.status.dataset.steps = String(s.steps);
    const steps = s.steps.toLocaleString('en');
    const rate = handle.running && handle.stepsPerSecond
      ? ` · ${Math.round(handle.stepsPerSecond).toLocaleString('en')} steps/s on ${threadsText(handle)}` : '';
    if (s.diverged_at != null) {
      this.status.textContent = `Diverged at step ${s.diverged_at.toLocaleString('en')}: the loss or the weights stopped being finite. Try a smaller learning rate.`;
      this.status.dataset.state = 'diverged';
    } else if (s.learned_at != null) {
      this.status.textContent = `Learned at step ${s.learned_at.toLocaleString('en')} (now at step ${steps})${rate}`;
      this.status.dataset.state = 'learned';
    } else {
      this.status.textContent = `${handle.finished ? 'Not learned' : 'Not learned yet'} at step ${steps}${rate}`;
      this.status.dataset.state = handle.finished ? 'not-learned' : 'running';
    }
  }
}

// What GF(2) elimination, outside gradient descent, needs to learn a
// parity: `samples`.
function gf2Note(samples) {
  return `Gaussian elimination over GF(2) learns this parity exactly from ${samples} samples. `
    + 'It is not invariant under the symmetries that slow gradient descent down.';
}

// Pick-ups listed shown at most.
const MAX_PICKUPS_LISTED = 8;

// "Picked up: x1 at 50, x1x2 at 150, …": where the network's coefficient on
// each monomial of the target first reached half of the target's, in the
// engine's order; empty before any.
function pickupText(handle) {
  const at = handle.summary?.picked_up_at ?? [];
  const names = handle.info?.monomials ?? [];
  const picked = at.map((step, k) => ({ step, name: names[k] })).filter((p) => p.step != null);
  if (picked.length === 0) return '';
  const listed = picked.slice(0, MAX_PICKUPS_LISTED).map((p) => `${p.name} at ${p.step.toLocaleString('en')}`);
  const more = picked.length > MAX_PICKUPS_LISTED ? `, and ${picked.length - MAX_PICKUPS_LISTED} more` : '';
  return `Picked up: ${listed.join(', ')}${more} (of ${names.length} monomials).`;
}
