import { csrfToken, el, problemText, t } from './common.js';

/**
 * The report's attachments: each file uploads as soon as it is chosen, with a progress bar and a
 * cancel button. `onUploaded` runs when one is stored, so the draft can remember it.
 */
export function attachments(uploads, onUploaded) {
  const attached = []; // { id, name, state }

  /** Sends one file with a progress bar; the request can be cancelled. */
  function upload(file) {
    const entry = { id: null, name: file.name, state: 'uploading', xhr: new XMLHttpRequest() };
    const item = showUpload(entry);
    const xhr = entry.xhr;
    xhr.open('POST', '/api/v1/footage');
    xhr.setRequestHeader('X-CSRF-Token', csrfToken());
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) item.progress.value = e.loaded / e.total;
    });
    xhr.addEventListener('load', () => {
      if (xhr.status === 201) {
        entry.id = JSON.parse(xhr.responseText).id;
        finish(entry, item, 'done', t('web.report.uploaded'));
        onUploaded();
      } else {
        const reason =
          xhr.status === 415
            ? t('web.report.unsupported')
            : xhr.status === 413
              ? t('web.report.tooLarge')
              : problemText({ status: xhr.status, body: xhr.status ? {} : null });
        const message = `${t('web.report.uploadFailed')}: ${reason}`;
        finish(entry, item, 'failed', message);
      }
    });
    xhr.addEventListener('error', () =>
      finish(entry, item, 'failed', t('web.report.uploadFailed')),
    );
    xhr.addEventListener('abort', () =>
      finish(entry, item, 'cancelled', t('web.report.cancelled')),
    );
    const fd = new FormData();
    fd.append('file', file);
    xhr.send(fd);
  }

  function showUpload(entry) {
    attached.push(entry);
    const progress = el('progress', {
      max: '1',
      value: entry.state === 'done' ? '1' : '0',
      'aria-label': entry.name,
    });
    const state = el(
      'span',
      { role: 'status' },
      entry.state === 'done' ? t('web.report.uploaded') : '',
    );
    const cancel = el(
      'button',
      {
        type: 'button',
        class: 'secondary',
        hidden: entry.state !== 'uploading',
        onclick: () => entry.xhr?.abort(),
      },
      t('web.report.cancelUpload'),
    );
    uploads.append(el('li', {}, el('span', {}, entry.name), cancel, progress, state));
    return { progress, state, cancel };
  }

  function finish(entry, item, state, message) {
    entry.state = state;
    item.state.textContent = message;
    item.cancel.hidden = true;
    if (state === 'done') item.progress.value = 1;
  }

  return {
    upload,
    /** Shows a file stored before (a restored draft). */
    restore: (f) => showUpload({ id: f.id, name: f.name, state: 'done' }),
    uploading: () => attached.some((a) => a.state === 'uploading'),
    done: () => attached.filter((a) => a.state === 'done').map((a) => ({ id: a.id, name: a.name })),
  };
}
