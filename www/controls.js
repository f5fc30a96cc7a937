// The shared settings form, built from the engine's field table
// (fieldSpecs): one control per field with its range, grouped, labelled
// in words with the field's name in links beside it ("learning rate (lr)").

import { element } from './dom.js';

const GROUPS = [
  ['Target and inputs', ['d', 'domain', 'p']],
  ['Network', ['depth', 'width', 'act', 'scale', 'init', 'hidden_bias', 'output_bias']],
  ['Training', ['loss', 'mode', 'batch', 'n', 'lr', 'schedule', 'wd', 'clip', 'noise', 'layerwise', 'steps', 'seed']],
  ['Measurement', ['eval_every', 'test_n', 'threshold', 'stop_learned']],
];

// Fields set per run, not here.
const PER_RUN = new Set(['target']);

function inputFor(spec) {
  const id = `field-${spec.name}`;
  if (spec.kind === 'choice') {
    return element('select', { id, name: spec.name }, spec.options.map((o) => element('option', { value: o, text: o })));
  }
  if (spec.kind === 'flag') {
    return element('input', { id, name: spec.name, type: 'checkbox' });
  }
  if (spec.kind === 'integer' || spec.kind === 'number') {
    return element('input', {
      id, name: spec.name, type: 'number', inputmode: 'decimal',
      min: String(spec.min), max: String(spec.max), step: spec.kind === 'integer' ? '1' : 'any',
    });
  }
  return element('input', { id, name: spec.name, type: 'text', spellcheck: 'false', autocomplete: 'off' });
}

export class SettingsForm extends EventTarget {
  // specs: the engine's fieldSpecs(); container: where the form goes.
  constructor(container, specs) {
    super();
    container.addEventListener('submit', (event) => event.preventDefault());
    this.inputs = new Map();
    this.errors = new Map();
    const grouped = new Set(GROUPS.flatMap(([, names]) => names));
    const others = specs.filter((s) => !grouped.has(s.name) && !PER_RUN.has(s.name)).map((s) => s.name);
    const groups = others.length ? [...GROUPS, ['Other', others]] : GROUPS;
    const bySpec = new Map(specs.map((s) => [s.name, s]));
    for (const [title, names] of groups) {
      const fieldset = element('fieldset', {}, [element('legend', { text: title })]);
      for (const name of names) {
        const spec = bySpec.get(name);
        if (!spec) continue;
        const input = inputFor(spec);
        // a checkbox says on or off by itself: its help is only what it means
        const about = spec.kind === 'flag' ? spec.about : `${spec.about}; ${spec.allowed}`;
        const help = element('small', { id: `help-${name}`, class: 'help', text: about });
        const error = element('small', { id: `error-${name}`, class: 'error', role: 'alert' });
        input.setAttribute('aria-describedby', `help-${name} error-${name}`);
        const fieldName = element('code', { class: 'field-name', text: name });
        const label = element('label', { for: input.id }, spec.label === name ? [fieldName] : [spec.label, ' (', fieldName, ')']);
        // a checkbox comes before its label, as checkboxes do
        const controls = spec.kind === 'flag' ? [input, label] : [label, input];
        const row = element('div', { class: `field field-${spec.kind}` }, [...controls, help, error]);
        fieldset.append(row);
        this.inputs.set(name, input);
        this.errors.set(name, error);
        input.addEventListener('change', () => this.dispatchEvent(new Event('change')));
      }
      container.append(fieldset);
    }
  }

  // values: {name: canonical text}, from the engine's fieldValues(query).
  set(values) {
    for (const [name, input] of this.inputs) {
      const text = values[name];
      if (input.type === 'checkbox') input.checked = text === '1';
      else input.value = text;
    }
    this.showError(null);
  }

  // The form's contents as a query-string fragment (not yet validated).
  query() {
    const parts = [];
    for (const [name, input] of this.inputs) {
      const text = input.type === 'checkbox' ? (input.checked ? '1' : '0') : input.value.trim();
      parts.push(`${name}=${encodeURIComponent(text)}`);
    }
    return parts.join('&');
  }

  // Shows `message` under the field it names ("field: message"), or clears.
  showError(fieldAndMessage) {
    for (const [name, el] of this.errors) {
      el.textContent = '';
      this.inputs.get(name).removeAttribute('aria-invalid');
    }
    if (!fieldAndMessage) return true;
    const { field, message } = fieldAndMessage;
    const target = this.errors.get(field);
    if (!target) return false;
    target.textContent = message;
    this.inputs.get(field).setAttribute('aria-invalid', 'true');
    return true;
  }
}

// Splits an engine error message "field: text" into its parts.
export function splitFieldError(message) {
  const at = message.indexOf(': ');
  return at > 0 ? { field: message.slice(0, at), message: message.slice(at + 2) } : { field: null, message };
}
