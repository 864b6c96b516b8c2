/*
 * Browser specs of sign-in, the roster, the ministry's pages, installing the police console, MFA,
 * report drafts on a shared computer and the queue dashboard, run as one file so they share one load of the application's modules and one Chromium; each
 * part starts its own API on its own database and uses browser contexts of its own. Run one part
 * alone with `npx jest test/web-pages-parts -t '<its describe>'`.
 */
import './web-session.e2e-part';
import './web-roster.e2e-part';
import './web-ministry.e2e-part';
import './web-ministry-map.e2e-part';
import './web-police-install.e2e-part';
import './web-mfa.e2e-part';
import './report-drafts.e2e-part';
import './queue-dashboard.e2e-part';
