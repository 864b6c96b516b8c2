import { Role } from '../auth/roles';
import { HoldRole, mayReleaseHold, takesOverHold } from './legal-hold-rules';

const { FacilityAdmin, Police, Admin } = Role;

describe('who may release a legal hold', () => {
  it.each<[HoldRole, HoldRole, boolean]>([
    [FacilityAdmin, FacilityAdmin, true],
    [FacilityAdmin, Police, true],
    [FacilityAdmin, Admin, true],
    [Police, FacilityAdmin, false],
    [Police, Police, true],
    [Police, Admin, true],
    [Admin, FacilityAdmin, false],
    [Admin, Police, true],
    [Admin, Admin, true],
  ])('a hold set by %s, released by %s: %s', (heldBy, role, allowed) => {
    expect(mayReleaseHold(heldBy, role)).toBe(allowed);
  });
});

describe('whose hold it is when held again', () => {
  it.each<[HoldRole, HoldRole, boolean]>([
    [FacilityAdmin, FacilityAdmin, false],
    [FacilityAdmin, Police, true],
    [FacilityAdmin, Admin, true],
    [Police, FacilityAdmin, false],
    [Police, Police, false],
    [Police, Admin, false],
    [Admin, FacilityAdmin, false],
    [Admin, Police, false],
  ])('held by %s, held again by %s: taken over %s', (heldBy, role, taken) => {
    expect(takesOverHold(heldBy, role)).toBe(taken);
  });
});
