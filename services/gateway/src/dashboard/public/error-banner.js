/* global document */
import { byTestId } from './views.js';

/**
 * Shows an error the way the gateway describes it (problem details: title, detail, and the
 * fields at fault), or any other error by its message. One error at a time; the newest wins.
 * @param {{ title?: string, detail?: string, message?: string, errors?: { field: string, message: string }[] }} error
 */
export function showError(error) {
  const banner = byTestId('error-banner');
  banner.querySelector('.error-title').textContent = error.title ?? 'Something went wrong';
  banner.querySelector('.error-detail').textContent = error.detail ?? error.message ?? '';
  banner.querySelector('.error-fields').replaceChildren(
    ...(error.errors ?? []).map(({ field, message }) => {
      const item = document.createElement('li');
      const name = document.createElement('code');
      name.textContent = field;
      item.append(name, `: ${message}`);
      return item;
    }),
  );
  banner.hidden = false;
}

export function clearError() {
  byTestId('error-banner').hidden = true;
}

byTestId('error-dismiss').addEventListener('click', clearError);
