// Prints one plain line that CI can read: "e2e: N passed, N failed".
export default class SummaryReporter {
  constructor() {
    this.passed = 0;
    this.failed = 0;
  }

  onTestEnd(test, result) {
    // Only the last attempt counts; with no retries there is one.
    if (result.retry !== test.retries) return;
    if (result.status === 'passed' || result.status === 'skipped') this.passed += 1;
    else this.failed += 1;
  }

  onEnd() {
    console.log(`e2e: ${this.passed} passed, ${this.failed} failed`);
  }

  printsToStdio() {
    return true;
  }
}
