/* global history, location */
// The token lives in sessionStorage: it survives a reload but not the tab, and is never a cookie,
// so no other site can make the browser send it.
const KEY = 'tradeforge.token';

/**
 * The token to use: one in the URL fragment (#token=…, as `npm start` prints it) wins and is
 * moved into sessionStorage, and the fragment is cleared so the token does not stay in the
 * address bar or the history; else the stored one.
 * @returns {string | undefined}
 */
export function readToken() {
  const fromFragment = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromFragment) {
    saveToken(fromFragment);
    history.replaceState(null, '', location.pathname + location.search);
    return fromFragment;
  }
  return sessionStorage.getItem(KEY) ?? undefined;
}

/** @param {string} token */
export function saveToken(token) {
  sessionStorage.setItem(KEY, token);
}

export function clearToken() {
  sessionStorage.removeItem(KEY);
}
