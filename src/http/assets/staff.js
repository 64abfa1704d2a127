/* global document, HTMLElement */
// Progressive enhancement for the staff console (external file: the CSP forbids
// inline scripts). Everything works without it; this adds keyboard shortcuts to
// move between queue rows: j / k to move, Enter follows the row's link.
document.addEventListener('keydown', (event) => {
  const target = event.target;
  if (target instanceof HTMLElement && target.closest('input, select, textarea')) return;
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  if (event.key !== 'j' && event.key !== 'k') return;
  const links = [...document.querySelectorAll('table.queue tbody a')];
  if (links.length === 0) return;
  const current = links.indexOf(document.activeElement);
  const next = event.key === 'j' ? Math.min(current + 1, links.length - 1) : Math.max(current - 1, 0);
  links[next].focus();
  event.preventDefault();
});
