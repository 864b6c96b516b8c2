import { checkTransition, IncidentStatus as S, StatusChange } from './incident-status';

describe('incident workflow', () => {
  it.each<[S, StatusChange, boolean, true | string]>([
    [S.Submitted, { status: S.Acknowledged }, false, true],
    [S.Acknowledged, { status: S.Investigating }, false, true],
    [
      S.Investigating,
      { status: S.ReferredToProsecution, erdrNumber: '251500031000123' },
      false,
      true,
    ],
    [
      S.ReferredToProsecution,
      { status: S.Closed, outcome: 'convicted', finalArticle: '158-1 part 2' },
      true,
      true,
    ],
    [S.Submitted, { status: S.Closed, outcome: 'duplicate' }, false, true],
    [S.Acknowledged, { status: S.Closed, outcome: 'unfounded' }, false, true],
    [S.Investigating, { status: S.Closed, outcome: 'resolved' }, false, true],
    [S.Submitted, { status: S.Investigating }, false, 'status'],
    [S.Submitted, { status: S.ReferredToProsecution, erdrNumber: '1' }, false, 'status'],
    [S.Investigating, { status: S.Acknowledged }, false, 'status'],
    [S.Acknowledged, { status: S.Acknowledged }, false, 'status'],
    [S.Submitted, { status: S.Submitted }, false, 'status'],
    [S.Closed, { status: S.Closed, outcome: 'other' }, false, 'status'],
    [S.Closed, { status: S.Investigating }, false, 'status'],
    [S.Investigating, { status: S.ReferredToProsecution }, false, 'erdrNumber'],
    [S.Investigating, { status: S.Closed }, false, 'outcome'],
    [S.Submitted, { status: S.Acknowledged, outcome: 'resolved' }, false, 'outcome'],
  ])('%s → %j (ERDR on file: %s) is %s', (from, change, hasErdr, expected) => {
    const result = checkTransition(from, change, hasErdr);
    if (expected === true) expect(result).toEqual({ ok: true });
    else expect(result).toMatchObject({ ok: false, field: expected });
  });
});
