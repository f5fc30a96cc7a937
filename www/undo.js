// A short-lived "Undo" offer after a change that replaces or removes work
// (loading an experiment, removing a run): a message and one button.

const SHOWN_MS = 15000;

export class UndoOffer {
  // root: the offer's element, holding a message element and a button.
  constructor(root) {
    this.root = root;
    this.message = root.querySelector('.undo-message');
    this.button = root.querySelector('button');
    this.action = null;
    this.timer = null;
    this.button.addEventListener('click', () => {
      const action = this.action;
      this.dismiss();
      action?.();
    });
  }

  // Shows `text` with an Undo button that calls `undo`, replacing any
  // earlier offer.
  offer(text, undo) {
    clearTimeout(this.timer);
    this.message.textContent = text;
    this.action = undo;
    this.root.hidden = false;
    this.timer = setTimeout(() => this.dismiss(), SHOWN_MS);
  }

  dismiss() {
    clearTimeout(this.timer);
    this.action = null;
    this.root.hidden = true;
  }
}
