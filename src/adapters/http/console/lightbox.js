// Charts open full size in a <dialog> (Esc and the Close button shut it; so does a click on the backdrop), with a
// download link for the PNG. The image is the object URL the page already fetched with the auth header.

const $ = (id) => document.getElementById(id);

export function openLightbox({ src, alt, fileName }) {
  const dialog = $('lightbox');
  $('lightbox-img').src = src;
  $('lightbox-img').alt = alt ?? '';
  $('lightbox-caption').textContent = alt ?? '';
  $('lightbox-download').href = src;
  $('lightbox-download').download = fileName;
  if (!dialog.open) dialog.showModal();
}

export function wireLightbox() {
  const dialog = $('lightbox');
  $('lightbox-close').addEventListener('click', () => dialog.close());
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) dialog.close(); // the backdrop
  });
}
