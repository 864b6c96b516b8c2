/*
 * The smaller specs of filing, classifying and following a report, run as one file so they share one load of the
 * application's modules; each part starts its own API on its own database. Run one part alone with
 * `npx jest test/incidents-parts -t '<its describe>'`.
 */
import './intake-safety.e2e-part';
import './incidents.e2e-part';
import './incidents-classification.e2e-part';
import './incidents-workflow.e2e-part';
import './nested-lists.e2e-part';
import './addenda.e2e-part';
import './case.e2e-part';
import './no-plaintext-copies.e2e-part';
import './emergencies-end.e2e-part';
import './victim-support.e2e-part';
import './personal-data-retention.e2e-part';
import './access-transparency.e2e-part';
