// Starts django-prose-editor on the admin's rich-text fields (october.richtext).
// The package's own start-up script needs an inline import map, which the
// site's Content-Security-Policy refuses; importing the editor bundle by its
// path works under script-src 'self'.
import * as editor from "../django_prose_editor/editor.js";

const ATTRIBUTE = "data-october-prose-editor";

function createEditor(textarea) {
  if (textarea.closest(".prose-editor")) {
    return null;
  }
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
  return editor.createTextareaEditor(textarea, extensions);
}

editor.initializeEditors(createEditor, `[${ATTRIBUTE}]`);
