// Sharing an experiment: copying a field's text, and the Embed dialog,
// which writes the <iframe> snippet for embed.html.

const $ = (selector) => document.querySelector(selector);

// Selects `field` and copies its text, saying in `status` whether it
// worked: "Link copied." or "Select the link and copy it (Ctrl+C)."
export async function copyField(field, status, what) {
  field.select();
  try {
    await navigator.clipboard.writeText(field.value);
    status.textContent = `${what[0].toUpperCase()}${what.slice(1)} copied.`;
  } catch {
    status.textContent = `Select the ${what} and copy it (Ctrl+C).`;
  }
}

// The Embed dialog, offering the plots named in `plots` (the engine's
// experimentLimits). `linkFor(show, autoplay)` is the experiment's link
// with those plots and autoplay, or null while it has none. The snippet is
// worked out only while the dialog is open, so an edit of the experiment
// costs one link, not two.
export class EmbedDialog {
  constructor(plots, linkFor) {
    this.names = plots;
    this.linkFor = linkFor;
    this.plots = plots.map((name) => $(`#embed-${name}`));
    $('#embed').addEventListener('click', () => this.toggle());
    $('#embed-options').addEventListener('change', () => this.update());
    $('#copy-embed').addEventListener('click', () => copyField($('#embed-code'), $('#embed-status'), 'code'));
  }

  toggle() {
    const panel = $('#embed-panel');
    panel.hidden = !panel.hidden;
    if (panel.hidden) return;
    // the embed starts with the plots the page shows
    for (const name of this.names) $(`#embed-${name}`).checked = $(`#show-${name}`).checked;
    this.update();
    $('#embed-code').select();
  }

  // The <iframe> snippet as the dialog's choices have it (size, autoplay,
  // plots, style), addressed from this page's own location so it works
  // under any path. At least one plot stays checked.
  update() {
    if ($('#embed-panel').hidden) return;
    const show = this.names.filter((name) => $(`#embed-${name}`).checked).join(',');
    const link = this.linkFor(show, $('#embed-autoplay').checked);
    if (link == null) return;
    const url = new URL(`embed.html?${link}`, location.href);
    if ($('input[name="embed-style"]:checked').value === 'dark') url.hash = 'dark';
    const [width, height] = $('#embed-size').value.split('x');
    $('#embed-code').value = `<iframe src="${url.href}" title="leaplab experiment" `
      + `width="${width}" height="${height}" style="border:0" loading="lazy"></iframe>`;
    const checked = this.plots.filter((box) => box.checked);
    for (const box of this.plots) box.disabled = checked.length === 1 && box.checked;
    $('#embed-status').textContent = '';
  }
}
