// A slow, large element: a banner that arrives 400 ms after the page, above the button, so it is
// the page's largest contentful paint and shifts what is below it (a layout shift).
setTimeout(() => {
  const banner = document.createElement('div');
  banner.id = 'banner';
  banner.style.cssText = 'height: 320px; font-size: 72px; background: #eee;';
  banner.textContent = 'Summer sale: every tent 20% off';
  document.getElementById('slot').append(banner);
}, 400);

// A slow click handler (about 150 ms of work before the next paint): the interaction's INP.
document.getElementById('buy').addEventListener('click', () => {
  const end = performance.now() + 150;
  while (performance.now() < end);
  window.cairn('track', 'purchase');
});
