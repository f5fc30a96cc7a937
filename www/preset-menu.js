// The experiment menu and the gallery: the engine's presets, which of them
// the page's experiment is, and loading one from the menu.

import { parseExperiment, presets } from './pkg/leaplab.js';
import { element } from './dom.js';

// An experiment's key for matching presets: its runs' whole configurations.
const keyOf = (queries) => queries.join('|');

export class PresetMenu {
  // select: the menu; description: the text under it; gallery: the list
  // the presets are links in. choose(preset): the user picked one from
  // the menu.
  constructor({ select, description, gallery }, choose) {
    this.list = presets();
    Object.assign(this, { select, description });
    this.keys = this.list.map((p) => keyOf(parseExperiment(p.link).runs.map((r) => r.query)));
    select.replaceChildren(new Option('(your own)', ''), ...this.list.map((p) => new Option(p.title, p.id)));
    select.addEventListener('change', () => {
      const preset = this.list.find((p) => p.id === select.value);
      if (preset) choose(preset);
    });
    gallery.replaceChildren(...this.list.map((p) => element('li', {}, [
      element('a', { href: `?${p.link}`, text: p.title }),
      element('p', { text: p.description }),
    ])));
  }

  // The page's default experiment: the first preset's link query.
  get defaultLink() {
    return this.list[0].link;
  }

  // Names the preset whose runs' whole configurations are `queries`, with
  // its description; "(your own)" when none is, or some run is invalid
  // (its query null).
  show(queries) {
    const preset = queries.every(Boolean) ? this.list[this.keys.indexOf(keyOf(queries))] : undefined;
    this.select.value = preset?.id ?? '';
    this.description.textContent = preset?.description ?? '';
  }
}
