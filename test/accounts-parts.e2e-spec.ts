/*
 * The smaller specs of sign-in, sessions, passwords and second factors, run as one file so they share one load of the
 * application's modules; each part starts its own API on its own database. Run one part alone with
 * `npx jest test/accounts-parts -t '<its describe>'`.
 */
import './passwords.e2e-part';
import './auth.e2e-part';
import './sessions.e2e-part';
import './mfa.e2e-part';
import './mfa-recovery.e2e-part';
import './password-reset-links.e2e-part';
import './staff-accounts.e2e-part';
import './security-headers.e2e-part';
import './login-throttle.e2e-part';
import './access.e2e-part';
