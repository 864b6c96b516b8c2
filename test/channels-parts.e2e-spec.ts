/*
 * The smaller specs of the channels alerts and SOS go out on, run as one file so they share one load of the
 * application's modules; each part starts its own API on its own database. Run one part alone with
 * `npx jest test/channels-parts -t '<its describe>'`.
 */
import './sos-channels.e2e-part';
import './webhook-connections.e2e-part';
import './push-subscriptions.e2e-part';
import './push.e2e-part';
import './alerts.e2e-part';
import './alerts-console.e2e-part';
import './alerts-giving-up.e2e-part';
import './sms.e2e-part';
import './sos.e2e-part';
