/*
 * The smaller specs of the directory, the duty roster, the worker and the audit log, run as one file so they share one load of the
 * application's modules; each part starts its own API on its own database. Run one part alone with
 * `npx jest test/directory-parts -t '<its describe>'`.
 */
import './admin-console.e2e-part';
import './directory-units-devices.e2e-part';
import './roster.e2e-part';
import './job-handlers.e2e-part';
import './worker.e2e-part';
import './audit.e2e-part';
import './directory.e2e-part';
