// A small helper for building the page's elements.

// A new `tag` element with the given attributes (`text` sets its text, as
// text, never as markup) and children.
export function element(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}
