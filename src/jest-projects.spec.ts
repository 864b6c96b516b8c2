import { join } from 'node:path';

interface Project {
  displayName: string;
  testMatch: string[];
  globalSetup?: string;
  globalTeardown?: string;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const config = require(join(__dirname, '..', 'jest.config.js')) as {
  maxWorkers: number;
  testTimeout: number;
  projects: Project[];
};

const project = (name: string) => config.projects.find((p) => p.displayName === name);

describe('the test projects', () => {
  it('are unit and e2e, both run by plain jest', () => {
    expect(config.projects.map((p) => p.displayName)).toEqual(['unit', 'e2e']);
    expect(config.maxWorkers).toBe(4);
    // Jest reads the timeout from the top level only; set in a project it is silently ignored.
    expect(config.testTimeout).toBe(60000);
  });

  it('run the specs beside the code as unit specs, without starting any engine', () => {
    expect(project('unit')).toMatchObject({ testMatch: ['<rootDir>/{src,seeds}/**/*.spec.ts'] });
    expect(project('unit')?.globalSetup).toBeUndefined();
    expect(project('unit')?.globalTeardown).toBeUndefined();
  });

  it('start the engines only for the end-to-end specs in test/', () => {
    expect(project('e2e')).toMatchObject({
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
    });
  });
});
