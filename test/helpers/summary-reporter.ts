import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends the run with one plain line, 'vitest: N passed, N failed, N skipped',
 * after vitest's own summary, so CI can read the outcome from the last line.
 * Before it, one line per skipped suite (with the reason its name carries, see
 * test/helpers/postgres.ts) and per test skipped with a note, so a skip is never silent.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const skips: string[] = [];
    for (const module of testModules) {
      const file = module.moduleId.replace(`${process.cwd()}/`, '');
      for (const suite of module.children.allSuites()) {
        const parentSkipped = suite.parent.type === 'suite' && suite.parent.state() === 'skipped';
        if (suite.state() === 'skipped' && !parentSkipped) {
          skips.push(`skipped: ${file} > ${suite.fullName} (${[...suite.children.allTests()].length} tests)`);
        }
      }
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state === 'passed') counts.passed++;
        else if (result.state === 'failed') counts.failed++;
        else {
          counts.skipped++;
          if (result.state === 'skipped' && result.note) skips.push(`skipped: ${file} > ${test.fullName}: ${result.note}`);
        }
      }
      // A file that failed to load has no tests; count it as a failure so it cannot hide.
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) counts.failed++;
    }
    counts.failed += unhandledErrors.length;
    const listed = skips.length > 0 ? `\n${skips.join('\n')}` : '';
    process.stdout.write(`${listed}\nvitest: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  }
}
