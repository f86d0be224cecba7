// Reads vitest's JSON report and prints the closing line CI reads: "N passed, N failed, N skipped".
// A test file that failed to load has no failed test in it, so it counts as one failure itself.
import { readFileSync } from 'node:fs';

const file = process.argv[2];
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  console.error(`No readable test report at ${file}: ${error.message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const brokenFiles = report.testResults.filter(
  (file) => file.status === 'failed' && file.assertionResults.every((t) => t.status !== 'failed'),
);
for (const broken of brokenFiles) {
  console.error(`Test file failed outside any test: ${broken.name}\n${broken.message ?? ''}`);
}
const passed = report.numPassedTests;
const failed = report.numFailedTests + brokenFiles.length;
const skipped = report.numPendingTests + report.numTodoTests;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || !report.success ? 1 : 0);
