// The host page's own script (a file: the policy forbids inline scripts).
await customElements.whenDefined('nn-playground');
window.heights = [];
window.addEventListener('message', (event) => {
  if (event.data?.type === 'nnplay:height') window.heights.push(event.data.height);
});
document.body.dataset.ready = 'true';
