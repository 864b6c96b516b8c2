import { TIME_ZONE } from './common.js';

// Report times are Almaty wall-clock times, whatever the device's own time zone.

/** The wall-clock time in Almaty as `YYYY-MM-DDTHH:mm` for a datetime-local input. */
export function almatyLocal(date) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** An Almaty wall-clock time back to an instant with its offset. */
export function almatyIso(local) {
  const guess = new Date(`${local}:00Z`);
  const shown = new Date(`${almatyLocal(guess)}:00Z`);
  const offsetMin = Math.round((shown - guess) / 60000);
  const sign = offsetMin >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMin);
  return `${local}:00${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
