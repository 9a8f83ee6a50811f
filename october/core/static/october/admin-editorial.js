// "Copy" buttons beside preview links on admin change pages. Without
// scripts the link stays in a read-only field for editors to select.
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-copy]");
  if (!button) {
    return;
  }
  const field = document.getElementById(button.dataset.copy);
  const status = button.closest(".preview-links")?.querySelector(".preview-link-status");
  const say = (text) => {
    if (status) {
      status.textContent = text;
    }
  };
  field.select();
  if (navigator.clipboard) {
    navigator.clipboard.writeText(field.value).then(
      () => say("Link copied."),
      () => say("Press Ctrl+C (⌘C on a Mac) to copy the selected link."),
    );
  } else {
    say("Press Ctrl+C (⌘C on a Mac) to copy the selected link.");
  }
});
