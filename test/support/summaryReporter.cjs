// Mocha's spec output, plus one JSON line with the counts appended to $TMT_SUMMARY_FILE,
// so scripts/test.mjs can print a single "N passed, N failed" line across all suites.
'use strict';
const fs = require('node:fs');
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.TMT_SUMMARY_FILE;
      if (!file) return;
      const s = runner.stats ?? {};
      const line = { suite: process.env.TMT_SUITE ?? 'mocha', passed: s.passes ?? 0, failed: s.failures ?? 0, skipped: s.pending ?? 0 };
      fs.appendFileSync(file, JSON.stringify(line) + '\n');
    });
  }
}
module.exports = SummaryReporter;
