import { ARTICLE_158_1_V1 } from '../classification/rule-set-v1';
import { countEvent, distinctMedicalWorkers, EventReport, nameKey } from './victim-identity';

const MEDICAL = ARTICLE_158_1_V1.medicalWorkerRoles;
let seq = 0;
const victim = (role: string, fullName: string | null = null, userId: string | null = null) => ({
  id: `v${++seq}`,
  position: 0,
  role,
  fullName,
  userId,
});
const report = (
  id: string,
  minute: number,
  ...victims: ReturnType<typeof victim>[]
): EventReport => ({
  id,
  occurredAt: new Date(Date.UTC(2026, 2, 14, 2, minute)),
  victims: victims.map((v, position) => ({ ...v, position })),
});
const NURSE_ACCOUNT = '6c1d2f3e-0000-4000-8000-000000000001';
const DOCTOR_ACCOUNT = '6c1d2f3e-0000-4000-8000-000000000002';

describe('counting the victims of an event', () => {
  it.each<[string, EventReport[], number, number]>([
    [
      'a nurse and a doctor, each reporting themselves',
      [
        report('a', 40, victim('nurse', 'Aigerim Seitkali')),
        report('b', 45, victim('doctor', 'Daniyar Omarov')),
      ],
      2,
      2,
    ],
    [
      'the same account named in two reports',
      [
        report('a', 40, victim('nurse', 'Aigerim Seitkali', NURSE_ACCOUNT)),
        report(
          'b',
          45,
          victim('nurse', null, NURSE_ACCOUNT),
          victim('doctor', null, DOCTOR_ACCOUNT),
        ),
      ],
      2,
      2,
    ],
    [
      'the same account under another role in the second report',
      [
        report('a', 40, victim('nurse', null, NURSE_ACCOUNT)),
        report('b', 45, victim('other', null, NURSE_ACCOUNT)),
      ],
      1,
      1,
    ],
    [
      'the same name and role with other case and spacing',
      [
        report('a', 40, victim('nurse', 'Aigerim Seitkali')),
        report('b', 45, victim('nurse', '  aigerim   SEITKALI ')),
      ],
      1,
      1,
    ],
    [
      'the same name in Cyrillic with other case and spacing',
      [
        report('a', 40, victim('nurse', 'Айгерим Сейтқали')),
        report('b', 45, victim('nurse', 'АЙГЕРИМ сейтқали')),
      ],
      1,
      1,
    ],
    [
      'the same name under different roles',
      [
        report('a', 40, victim('nurse', 'Aigerim Seitkali')),
        report('b', 45, victim('doctor', 'Aigerim Seitkali')),
      ],
      2,
      2,
    ],
    [
      'a non-medical victim beside a nurse',
      [
        report('a', 40, victim('nurse', 'Aigerim Seitkali')),
        report('b', 45, victim('driver', 'Yerlan Bekov')),
      ],
      2,
      1,
    ],
    [
      'unnamed victims of the same role',
      [report('a', 40, victim('nurse')), report('b', 45, victim('nurse'))],
      2,
      2,
    ],
    [
      'a name linking to an account linking to another name (transitive)',
      [
        report('a', 40, victim('nurse', 'Aigerim Seitkali')),
        report('b', 45, victim('nurse', 'aigerim seitkali', NURSE_ACCOUNT)),
        report('c', 50, victim('other', 'A. S.', NURSE_ACCOUNT)),
      ],
      1,
      1,
    ],
    [
      'one report left alone after the other left',
      [report('a', 40, victim('nurse', 'Aigerim Seitkali'))],
      1,
      1,
    ],
  ])('%s', (_case, reports, persons, medical) => {
    const count = countEvent(reports);
    expect(count.persons).toHaveLength(persons);
    expect(count.counted.size).toBe(persons);
    expect(distinctMedicalWorkers(count, MEDICAL)).toBe(medical);
  });

  it('counts each person by the entry of the earliest report, and the event by that report', () => {
    const later = report('b', 45, victim('nurse', 'Aigerim Seitkali'));
    const earlier = report('z', 40, victim('nurse', 'AIGERIM SEITKALI'));
    const count = countEvent([later, earlier]);
    expect(count.countingReportId).toBe('z');
    expect([...count.counted]).toEqual([earlier.victims[0].id]);
  });

  it('takes the lower id as the earliest of reports made at the same moment', () => {
    expect(countEvent([report('b', 40), report('a', 40)]).countingReportId).toBe('a');
  });

  it('counts one less when a report naming a second worker leaves the event', () => {
    const nurse = report('a', 40, victim('nurse', 'Aigerim Seitkali'));
    const doctor = report('b', 45, victim('doctor', 'Daniyar Omarov'));
    expect(distinctMedicalWorkers(countEvent([nurse, doctor]), MEDICAL)).toBe(2);
    expect(distinctMedicalWorkers(countEvent([nurse]), MEDICAL)).toBe(1);
  });

  it.each([
    ['  Aigerim   Seitkali ', 'aigerimseitkali'],
    ['АЙГЕРИМ Сейтқали', 'айгеримсейтқали'],
    ['   ', null],
    [null, null],
  ])('compares the name %p as %p', (name, key) => {
    expect(nameKey(name)).toBe(key);
  });
});
