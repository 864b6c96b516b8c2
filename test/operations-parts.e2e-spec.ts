/*
 * The smaller specs of operating the system: its documents, operations endpoints, hostile input and the container platform, run as one file so they share one load of the
 * application's modules; each part starts its own API on its own database. Run one part alone with
 * `npx jest test/operations-parts -t '<its describe>'`.
 */
import './operating-docs.e2e-part';
import './operations.e2e-part';
import './hostile-input.e2e-part';
import './kubernetes.e2e-part';
import './kubernetes-network.e2e-part';
