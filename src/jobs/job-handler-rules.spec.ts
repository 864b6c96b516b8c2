import { FoundHandler, jobHandlerProblems } from './job-handler-rules';

const DECLARED = { mail: ['Send', 'Bounce'], files: ['Scan'] };
const at = (owner: string, queue: string | undefined, job: string): FoundHandler => ({
  owner,
  queue,
  job,
});
const ALL = [
  at('Mail.send', 'mail', 'Send'),
  at('Mail.bounce', 'mail', 'Bounce'),
  at('Files.scan', 'files', 'Scan'),
];

describe('job handlers against the declared job names', () => {
  it.each<[string, FoundHandler[], string[]]>([
    ['one handler for every declared name', ALL, []],
    ['the same handlers found in another order', [...ALL].reverse(), []],
    ['a declared name nobody handles', ALL.slice(0, 2), ['job Scan of queue files has no handler']],
    [
      'a name handled twice',
      [...ALL, at('Other.send', 'mail', 'Send')],
      ['job Send of queue mail has 2 handlers (Mail.send, Other.send)'],
    ],
    [
      'a handler for a name the queue does not declare',
      [...ALL, at('Mail.retry', 'mail', 'Retry')],
      ['Mail.retry handles Retry, which queue mail does not declare'],
    ],
    [
      "a handler in the wrong queue's processor",
      [ALL[0], ALL[1], at('Mail.scan', 'mail', 'Scan')],
      [
        'job Scan of queue files has no handler',
        'Mail.scan handles Scan, which queue mail does not declare',
      ],
    ],
    [
      'a handler outside any processor',
      [...ALL, at('Helper.send', undefined, 'Send')],
      ['Helper.send handles Send outside a queue processor'],
    ],
    [
      'no worker at all',
      [],
      [
        'job Send of queue mail has no handler',
        'job Bounce of queue mail has no handler',
        'job Scan of queue files has no handler',
      ],
    ],
  ])('%s', (_case, found, problems) => {
    expect(jobHandlerProblems(DECLARED, found)).toEqual(problems);
  });
});
