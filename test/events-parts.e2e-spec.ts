/*
 * The smaller specs of events: several reports of one attack joined, and what they decide, run as one file so they share one load of the
 * application's modules; each part starts its own API on its own database. Run one part alone with
 * `npx jest test/events-parts -t '<its describe>'`.
 */
import './events.e2e-part';
import './events-access.e2e-part';
import './events-classification.e2e-part';
