/*
 * Browser specs of the facility's pages, the case page and the SOS button, run as one file so they
 * share one load of the application's modules and one Chromium; each part starts its own API on
 * its own database and uses browser contexts of its own. Run one part alone with
 * `npx jest test/web-facility-parts -t '<its describe>'`.
 */
import './web-facility.e2e-part';
import './web-facility-people.e2e-part';
import './web-case.e2e-part';
import './web-sos.e2e-part';
