// Starts django-prose-editor on the admin's rich-text fields (october.richtext).
// The package's own start-up script needs an inline import map, which the
// site's Content-Security-Policy refuses; importing the editor bundle from
// the URL the widget names works under script-src 'self'.
const ATTRIBUTE = "data-october-prose-editor";

function extensionsFor(editor, textarea) {
  const config = JSON.parse(textarea.getAttribute(ATTRIBUTE) || "{}");
  const extensions = [];
  for (const [name, options] of Object.entries(config.extensions || {})) {
    const extension = editor[name];
    if (!extension) {
      console.error(`Unknown prose editor extension: ${name}`);
    } else if (typeof options === "object" && options !== null) {
      extensions.push(extension.configure(options));
    } else {
      extensions.push(extension);
    }
  }
  return extensions;
}

const first = document.querySelector(`[${ATTRIBUTE}-module]`);
if (first) {
  const editor = await import(first.getAttribute(`${ATTRIBUTE}-module`));
  editor.initializeEditors((textarea) => {
    if (textarea.closest(".prose-editor")) {
      return null;
    }
    return editor.createTextareaEditor(textarea, extensionsFor(editor, textarea));
  }, `[${ATTRIBUTE}]`);
}
