/*
 * The smaller specs of footage evidence: uploads, links, suggestions, integrity and its migrations, run as one file so they share one load of the
 * application's modules; each part starts its own API on its own database. Run one part alone with
 * `npx jest test/footage-parts -t '<its describe>'`.
 */
import './footage.e2e-part';
import './footage-suggestions.e2e-part';
import './footage-lifecycle.e2e-part';
import './footage-direct-uploads.e2e-part';
import './footage-integrity.e2e-part';
import './footage-migrations.e2e-part';
import './footage-requests.e2e-part';
import './footage-holds.e2e-part';
import './footage-uploads.e2e-part';
import './footage-store-hiccups.e2e-part';
