/*
 * The smaller specs of evidence: share links, evidence packages, and an upload while the S3
 * server goes away, run as one file so they share one load of the application's modules; each
 * part starts its own API on its own database. Run one part alone with
 * `npx jest test/evidence-parts -t '<its describe>'`.
 */
import './evidence-share-links.e2e-part';
import './evidence-packages.e2e-part';
import './faults-s3-outage.e2e-part';
