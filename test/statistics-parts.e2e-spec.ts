/*
 * The smaller specs of the ministry's statistics, their files and open data, run as one file so they share one load of the
 * application's modules; each part starts its own API on its own database. Run one part alone with
 * `npx jest test/statistics-parts -t '<its describe>'`.
 */
import './statistics.e2e-part';
import './statistics-exports.e2e-part';
import './statistics-coverage.e2e-part';
import './open-data.e2e-part';
import './response-times.e2e-part';
import './statistics-events.e2e-part';
import './statistics-access.e2e-part';
import './ministry-privacy.e2e-part';
import './statistics-rollups.e2e-part';
import './statistics-rebuild.e2e-part';
