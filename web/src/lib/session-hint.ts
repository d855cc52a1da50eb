// A non-secret note that this browser may hold a refresh cookie (which scripts cannot see), so a
// signed-out page load does not ask the server and log a 401. Set on sign-in, cleared when the
// session ends; storage that is unavailable means "maybe", the old behaviour.
const KEY = 'judix.session';

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

export function mayHaveSession(): boolean {
  const store = storage();
  return store ? store.getItem(KEY) === '1' : true;
}

export function rememberSession(): void {
  storage()?.setItem(KEY, '1');
}

export function forgetSessionHint(): void {
  storage()?.removeItem(KEY);
}
