// Report drafts on this device belong to one account: kept under its id, never offered to another
// account, and removed when that account signs out.
const DRAFT = 'mg_report_draft';
const LAST_UNIT = 'mg_last_unit';
/** Keys of drafts not bound to an account: nobody's to offer, so they are dropped. */
const UNOWNED = [DRAFT, LAST_UNIT];

/** The signed-in account's draft and last-used unit. */
export function draftsOf(userId) {
  const draftKey = `${DRAFT}:${userId}`;
  const unitKey = `${LAST_UNIT}:${userId}`;
  for (const key of UNOWNED) localStorage.removeItem(key);
  return {
    load() {
      try {
        const draft = JSON.parse(localStorage.getItem(draftKey) ?? 'null');
        return draft?.owner === userId ? draft : null;
      } catch {
        return null;
      }
    },
    save(draft) {
      localStorage.setItem(draftKey, JSON.stringify({ ...draft, owner: userId }));
    },
    remove() {
      localStorage.removeItem(draftKey);
    },
    lastUnit() {
      return localStorage.getItem(unitKey);
    },
    rememberUnit(unitId) {
      localStorage.setItem(unitKey, unitId);
    },
  };
}

/** On sign-out: the account's draft and last-used unit leave the device with it. */
export function forgetDraftsOf(userId) {
  for (const key of [...UNOWNED, `${DRAFT}:${userId}`, `${LAST_UNIT}:${userId}`])
    localStorage.removeItem(key);
}
