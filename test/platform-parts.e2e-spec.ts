/*
 * The smaller specs of the processes and the database's life: start-up settings and ports, the
 * proxy in front, the docs page, a slow Redis and a process stalled while Redis answers, seeds,
 * migrations and re-encryption, encryption at rest, the synthetic seed, the statistics replica
 * and the audit anchors, run as one file so they
 * share one load of the application's modules; each part starts its own API, processes or
 * database. Run one part alone with `npx jest test/platform-parts -t '<its describe>'`.
 */
import './ports.e2e-part';
import './startup.e2e-part';
import './trust-proxy.e2e-part';
import './docs-page.e2e-part';
import './redis-slow-start.e2e-part';
import './redis-stalls.e2e-part';
import './seeds.e2e-part';
import './migrations.e2e-part';
import './encryption-migration.e2e-part';
import './encryption-at-rest.e2e-part';
import './synthetic-seed.e2e-part';
import './statistics-replica.e2e-part';
import './audit-anchors.e2e-part';
