import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core in the page; fails naming every serious or critical violation and where it is. */
export async function expectNoSeriousViolations(page: Page, name: string): Promise<void> {
  await page.evaluate(AXE);
  const result = (await page.evaluate("axe.run({ resultTypes: ['violations'] })")) as {
    violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>;
  };
  const serious = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect({ page: name, serious }).toEqual({ page: name, serious: [] });
}
