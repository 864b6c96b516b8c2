/*
 * The smaller specs of alerting: Redis lost and back, deliveries that survive restarts, the
 * escalation ladder, the delivery log and the webhook address rules, run as one file so they
 * share one load of the application's modules; each part starts its own API and worker on its
 * own database. Run one part alone with `npx jest test/alerting-parts -t '<its describe>'`.
 */
import './alerts-redis-loss.e2e-part';
import './alerts-resilience.e2e-part';
import './alerts-escalation.e2e-part';
import './delivery-log.e2e-part';
import './webhook-urls.e2e-part';
