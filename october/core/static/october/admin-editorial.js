// "Copy" buttons beside preview links on admin change pages. Without
// scripts the link stays in a read-only field for editors to select.
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-copy]");
  if (!button) {
    return;
  }
  const field = document.getElementById(button.dataset.copy);
  const status = button.closest(".preview-links")?.querySelector(".preview-link-status");
  // The messages come in the admin's language from data attributes.
  const say = (name) => {
    if (status) {
      status.textContent = status.dataset[name] || "";
    }
  };
  field.select();
  if (navigator.clipboard) {
    navigator.clipboard.writeText(field.value).then(
      () => say("copied"),
      () => say("copyByHand"),
    );
  } else {
    say("copyByHand");
  }
});
